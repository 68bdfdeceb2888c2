/**
 * The channels of one process, in the order the composition root registered them: their
 * routes are added in that order, they start in that order and stop in reverse, so that a
 * channel registered after another may rely on it while it runs (the WeCom app's callback
 * passes 微信客服 events to the kf adapter registered before it).
 */
import type { FastifyInstance } from 'fastify';
import { silentLogger, type Logger } from '../shared/logger.js';
import type { ChannelAdapter } from './channelAdapter.js';

/** The registered channels. */
export interface ChannelRegistry {
  /**
   * Adds a channel after those registered so far.
   *
   * @throws Error when a channel of that name is registered already
   */
  register(adapter: ChannelAdapter): void;
  /** The channels, in registration order. */
  readonly adapters: readonly ChannelAdapter[];
  /** Adds every channel's routes, in order. Call once, before the server listens. */
  registerRoutes(http: FastifyInstance): void;
  /**
   * Starts the channels in registration order. When one fails, those already started are
   * stopped (in reverse) and the error is thrown.
   */
  start(): Promise<void>;
  /**
   * Stops the started channels in reverse order, each awaited before the next. A channel that
   * fails to stop is logged and the others still stop.
   */
  stop(): Promise<void>;
}

/**
 * Creates an empty registry.
 *
 * @param logger - where each start and stop is logged (`channel started` / `channel stopped`, with `channel`); omitted: nowhere
 */
export function createChannelRegistry(logger: Logger = silentLogger): ChannelRegistry {
  const adapters: ChannelAdapter[] = [];
  const started: ChannelAdapter[] = [];

  async function stopStarted(): Promise<void> {
    for (let adapter = started.pop(); adapter; adapter = started.pop()) {
      try {
        await adapter.stop();
        logger.info({ channel: adapter.name }, 'channel stopped');
      } catch (error) {
        logger.error({ err: error, channel: adapter.name }, 'channel could not be stopped cleanly; stopping the others');
      }
    }
  }

  return {
    adapters,
    register(adapter) {
      if (adapters.some((a) => a.name === adapter.name)) throw new Error(`the channel "${adapter.name}" is registered twice; register each channel once`);
      adapters.push(adapter);
    },
    registerRoutes(http) {
      for (const adapter of adapters) adapter.registerRoutes(http);
    },
    async start() {
      for (const adapter of adapters) {
        try {
          await adapter.start();
        } catch (error) {
          logger.error({ err: error, channel: adapter.name }, 'channel could not start; stopping those started');
          await stopStarted();
          throw error;
        }
        started.push(adapter);
        logger.info({ channel: adapter.name, routes: adapter.routes.map((r) => `${r.method} ${r.path}`) }, 'channel started');
      }
    },
    stop: stopStarted,
  };
}
