/**
 * What every channel is to the composition root (`startServer.ts`): a name, what it can
 * render, the HTTP routes it serves, and a start and a stop. The web chat, Telegram, 微信客服
 * and the WeCom app are each one; the root registers them in order with a
 * {@link ChannelRegistry} (`channelRegistry.ts`), which starts them in that order and stops
 * them in reverse.
 *
 * An adapter is two converters and its platform's quirks (Typebot's shape): inbound platform
 * message → `InboundMessage`, `Reply` → platform payload, and what only that platform needs
 * (byte limits, bursts, retries) kept inside it. The engine knows no adapter: what a reply
 * means (a person offered, the answer expected) is on the `Reply` itself.
 */
import type { FastifyInstance } from 'fastify';

/**
 * What a channel can show, so that rendering decisions are stated once, beside the adapter,
 * instead of being guessed from its name.
 */
export interface ChannelCapabilities {
  /**
   * How buttons are shown: `inline` under the message (the web page, Telegram's inline
   * keyboard), `menu` as a platform menu message whose items send an id back (微信客服's
   * `msgmenu`), `numbered` as numbered options the user answers by number (the WeCom app).
   */
  buttons: 'inline' | 'menu' | 'numbered';
  /** The markup a reply's simple Markdown becomes: kept as Markdown, Telegram `html`, or `plain` text. */
  markup: 'markdown' | 'html' | 'plain';
  /** The longest message the platform takes, and in what unit; absent: no limit of the platform's own. */
  maxMessageLength?: { value: number; unit: 'characters' | 'utf8Bytes' };
  /**
   * `response`: the replies are the answer to the user's request (the web chat);
   * `push`: they are sent to the platform's API after the request was acknowledged.
   */
  delivery: 'response' | 'push';
  /** Whether a sourced answer can be rated 👍 / 👎 on this channel. */
  feedback: boolean;
}

/** One HTTP route a channel serves. */
export interface ChannelRoute {
  method: 'GET' | 'POST' | 'OPTIONS';
  /** The path, as registered with Fastify. */
  path: string;
}

/** A channel, as the composition root sees it. */
export interface ChannelAdapter {
  /** The channel's name, which is also `InboundMessage.channel` of its conversations (`web`, `telegram`, `wecom-kf`, `wecom`). */
  readonly name: string;
  /** What it can render; see {@link ChannelCapabilities}. */
  readonly capabilities: ChannelCapabilities;
  /** The routes {@link ChannelAdapter.registerRoutes} adds, for logs and operators; empty when its traffic arrives elsewhere. */
  readonly routes: readonly ChannelRoute[];
  /** Adds its routes to the server. Called once, before the server listens. */
  registerRoutes(http: FastifyInstance): void;
  /** Starts what runs beside the routes (polling, workers, token refresh). Called after the server listens. */
  start(): Promise<void>;
  /** Stops taking work and waits for the work in progress. Called after the server closed, before the store closes. */
  stop(): Promise<void>;
}
