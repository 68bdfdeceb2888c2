/**
 * The WeCom channels: 微信客服 (kf) for WeChat users outside the organisation, and the
 * self-built app (自建应用) for its members — two channel adapters (`../channelAdapter.ts`).
 * Both arrive at one callback URL, `/wecom/callback`, configured on the self-built app; the
 * app is also the one that manages the 微信客服 accounts through the API. So the app adapter
 * owns the callback route and the app's access token, and passes 微信客服 events
 * (`kf_msg_or_event`) to the kf adapter, which owns the kf reply outbox. With `leadCards`, the
 * app also sends partners' members their leads as cards whose buttons record the status
 * (`leadCards.ts`; the outbox worker sends through {@link WecomChannel.leadCards}). Setup, step
 * by step: `docs/wecom.md`.
 *
 * Wiring (in `startServer.ts`, only when `config.wecom` is set, i.e. all five WECOM_*
 * variables are): the kf adapter is registered before the app adapter, so that on stop the
 * callbacks end (503, which WeCom retries) before the kf outbox stops.
 *
 * ```ts
 * const wecom = config.wecom
 *   ? createWecomChannel({
 *       engine: app.engine, store, clock, logger,
 *       config: { ...config.wecom, apiBase: config.wecomApiBase },
 *       options: { kf: { handoffTimeoutMs: config.wecomKfHandoffTimeoutMs } },
 *       leadCards: { partners, ackLink }, // partners' wecom_app members: cards with status buttons
 *     })
 *   : undefined;
 * for (const adapter of wecom?.adapters ?? []) channels.register(adapter); // [kf, app]
 * channels.registerRoutes(app.http); // before app.http.listen()
 * await app.http.listen(...);
 * await channels.start();            // kf outbox, then the app's token refresh
 * // on close: await app.http.close(); await channels.stop(); … await store.close();
 * ```
 *
 * Commonly used: {@link createWecomChannel}. For experts: the API client (`api.ts`), the
 * callback crypto (`callbackCrypto.ts`) and the converters, exported below.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../shared/clock.js';
import type { Engine } from '../../core/engine.js';
import { silentLogger, type Logger } from '../../shared/logger.js';
import type { FetchFunction } from '../../leads/deliveries/postJson.js';
import type { Store } from '../../store/contract.js';
import { createWecomApi, type WecomApi } from './api.js';
import type { ChannelAdapter, ChannelCapabilities } from '../channelAdapter.js';
import { APP_CHANNEL, APP_TEXT_MAX_BYTES, createAppChannel } from './appChannel.js';
import { KF_TEXT_MAX_BYTES } from './convertRepliesToKfMessages.js';
import { DEFAULT_MAX_CLOCK_SKEW_MS } from './callbackCrypto.js';
import { createKfChannel, KF_CHANNEL, type KfChannelOptions } from './kfChannel.js';
import { createLeadCards, type LeadCardOptions } from './leadCards.js';
import type { WecomAppSender } from '../../leads/deliveries/sendDelivery.js';
import { registerCallbackRoutes, WECOM_CALLBACK_PATH } from './registerCallbackRoutes.js';

export { createWecomApi, WECOM_ERRCODES, type WecomApi, type KfMessageContent } from './api.js';
export { APP_CHANNEL, convertRepliesToAppText } from './appChannel.js';
export { openCallback, sealCallback, signaturesMatch, type CallbackSecrets } from './callbackCrypto.js';
export { convertRepliesToKfMessages, KF_TEXT_MAX_BYTES } from './convertRepliesToKfMessages.js';
export { KF_CHANNEL, type KfChannelOptions } from './kfChannel.js';
export { createLeadCards, type LeadCardOptions, type LeadCards } from './leadCards.js';
export { KF_TRANSFER_ACTION, listWaitingHandoffs, type WaitingHandoff } from './kfSession.js';
export { WECOM_CALLBACK_PATH } from './registerCallbackRoutes.js';
export { foldUtf8, splitUtf8 } from './splitUtf8.js';

/** The self-built app and its callback settings (from the WECOM_* variables). Secrets: never log them. */
export interface WecomChannelConfig {
  /** `WECOM_CORP_ID`: the organisation's CorpID (我的企业 → 企业信息). */
  corpId: string;
  /** `WECOM_AGENT_ID`: the self-built app's AgentId. */
  agentId: number;
  /** `WECOM_SECRET`: the self-built app's Secret. */
  secret: string;
  /** `WECOM_TOKEN`: the callback Token. */
  token: string;
  /** `WECOM_ENCODING_AES_KEY`: the callback EncodingAESKey (43 characters). */
  encodingAesKey: string;
  /** `WECOM_API_BASE`: another API host; default `https://qyapi.weixin.qq.com`. */
  apiBase?: string;
}

/** Fine-tuning; every field is optional and the defaults suit production. */
export interface WecomChannelOptions {
  /** The 微信客服 path: fresh-start window, who takes transfers, outbox retries. See {@link KfChannelOptions}. */
  kf?: KfChannelOptions;
  /** How far a callback's timestamp may be from our clock, in milliseconds. Default 5 minutes. */
  maxClockSkewMs?: number;
  /** Refresh the access token this long before it expires, in milliseconds. Default 5 minutes. */
  tokenRefreshMarginMs?: number;
  /** How often `start()` checks whether the token is due for a refresh, in milliseconds. Default 60 s. */
  tokenCheckIntervalMs?: number;
  /** Time limit of one WeCom API call, in milliseconds. Default 10 s. */
  apiTimeoutMs?: number;
}

/** What the WeCom channel is built from. */
export interface WecomChannelDependencies {
  /** The engine (`app.engine`): `handleOnce` answers each message once; `rate` records 微信客服 👍 / 👎 (without it none are offered). */
  engine: Pick<Engine, 'handleOnce'> & Partial<Pick<Engine, 'rate'>>;
  /** The store: de-duplication, sync cursors, the shared access token, offered actions, the 微信客服 reply outbox. */
  store: Store;
  clock: Clock;
  /** A pino logger; omitted: no logging. */
  logger?: Logger;
  config: WecomChannelConfig;
  /** The HTTP call to WeCom; default `globalThis.fetch`. */
  fetch?: FetchFunction;
  options?: WecomChannelOptions;
  /**
   * Partners' lead cards in the self-built app (`type: wecom_app` in the partners file): the
   * partners and the lead page's link signer. Omitted: presses on lead cards are ignored and
   * {@link WecomChannel.leadCards} is undefined.
   */
  leadCards?: LeadCardOptions;
}

/** What 微信客服 renders: menu messages (`msgmenu`), plain text, 2,048 bytes a text, sent through the API. */
export const KF_CAPABILITIES: ChannelCapabilities = { buttons: 'menu', markup: 'plain', maxMessageLength: { value: KF_TEXT_MAX_BYTES, unit: 'utf8Bytes' }, delivery: 'push', feedback: true };
/** What the WeCom app renders: numbered options, plain text, 2,048 bytes a message, sent through the API. */
export const APP_CAPABILITIES: ChannelCapabilities = { buttons: 'numbered', markup: 'plain', maxMessageLength: { value: APP_TEXT_MAX_BYTES, unit: 'utf8Bytes' }, delivery: 'push', feedback: false };

/** The WeCom channels. */
export interface WecomChannel {
  /** 微信客服: no route of its own (its events arrive at the app's callback); start and stop run its reply outbox worker (retries, work left by a stopped process). */
  readonly kf: ChannelAdapter;
  /** The self-built app: `GET` and `POST /wecom/callback` (both channels' callbacks); start refreshes the shared access token before it expires; stop ends the callbacks (503, which WeCom retries) and waits for their work. */
  readonly app: ChannelAdapter;
  /** Both, in the order to register them: kf, then the app. */
  readonly adapters: readonly ChannelAdapter[];
  /** Registers `GET` and `POST /wecom/callback` (the app adapter's routes). Call once, before the server listens. */
  registerRoutes(http: FastifyInstance): void;
  /** Stops both as a registry would: the app (callbacks), then kf (its outbox). */
  stop(): Promise<void>;
  /** Resolves when the callbacks' work in progress (engine turns, replies) is done. */
  idle(): Promise<void>;
  /** Sends the 微信客服 replies due now (retries whose time has come) and resolves when none is left: the "drained" signal. Returns how many were worked on. */
  drainReplies(): Promise<number>;
  /** The API client, for tools and tests. */
  readonly api: WecomApi;
  /** Sends partners' lead cards and messages from the self-built app: the outbox worker's `wecomApp`. Undefined without `leadCards`. */
  readonly leadCards: WecomAppSender | undefined;
  /** Sends a 微信客服 customer a text unasked, only inside the platform's window; false when it must wait for their next message. */
  sendKfNotice(user: string, text: string): Promise<boolean>;
}

/**
 * Creates the WeCom channels.
 *
 * @param deps - see {@link WecomChannelDependencies}
 */
export function createWecomChannel(deps: WecomChannelDependencies): WecomChannel {
  const logger = deps.logger ?? silentLogger;
  const { config, options = {} } = deps;
  const api = createWecomApi({
    corpId: config.corpId,
    secret: config.secret,
    appKey: `${config.corpId}:${config.agentId}`,
    store: deps.store.state,
    clock: deps.clock,
    logger,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(config.apiBase ? { apiBase: config.apiBase } : {}),
    ...(options.apiTimeoutMs ? { timeoutMs: options.apiTimeoutMs } : {}),
    ...(options.tokenRefreshMarginMs !== undefined ? { tokenRefreshMarginMs: options.tokenRefreshMarginMs } : {}),
  });
  const parts = { api, engine: deps.engine, store: deps.store, clock: deps.clock, logger };
  const kfPath = createKfChannel({ ...parts, ...(options.kf ? { options: options.kf } : {}) });
  const appPath = createAppChannel({ ...parts, agentId: config.agentId });
  const cards = deps.leadCards ? createLeadCards({ ...parts, ...deps.leadCards, agentId: config.agentId }) : undefined;
  const pending = new Set<Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  async function handle(fields: Readonly<Record<string, string>>, messageId: string): Promise<void> {
    if (fields.MsgType === 'event' && fields.Event === 'kf_msg_or_event') {
      if (fields.OpenKfId) await kfPath.syncAccount(fields.OpenKfId, fields.Token);
      return;
    }
    if (fields.AgentID && fields.AgentID !== String(config.agentId)) {
      logger.debug({ agentId: fields.AgentID }, 'wecom: callback for another app ignored');
      return;
    }
    if (fields.MsgType === 'event' && fields.Event === 'template_card_event') {
      await cards?.handlePress(fields);
      return;
    }
    await appPath.handleMessage(fields, messageId);
  }

  const idle = async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };

  const kf: ChannelAdapter = {
    name: KF_CHANNEL,
    capabilities: { ...KF_CAPABILITIES, feedback: deps.engine.rate !== undefined },
    routes: [],
    registerRoutes: () => {},
    start: async () => kfPath.outbox.start(),
    stop: () => kfPath.outbox.stop(),
  };

  const app: ChannelAdapter = {
    name: APP_CHANNEL,
    capabilities: APP_CAPABILITIES,
    routes: [
      { method: 'GET', path: WECOM_CALLBACK_PATH },
      { method: 'POST', path: WECOM_CALLBACK_PATH },
    ],
    registerRoutes(http) {
      registerCallbackRoutes(http, {
        secrets: { token: config.token, encodingAesKey: config.encodingAesKey, corpId: config.corpId },
        store: deps.store.state,
        clock: deps.clock,
        logger,
        maxClockSkewMs: options.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS,
        accepting: () => !stopped,
        dispatch(fields, messageId) {
          if (stopped) return false;
          const work: Promise<void> = handle(fields, messageId)
            .catch((error: unknown) => logger.error({ err: error, messageId }, 'wecom: handling a callback failed'))
            .finally(() => pending.delete(work));
          pending.add(work);
          return true;
        },
      });
    },
    async start() {
      if (timer || stopped) return;
      timer = setInterval(() => {
        api.tokens.refreshIfDue().catch((error: unknown) => logger.warn({ err: error }, 'wecom: refreshing the access token failed; trying again on the next call'));
      }, options.tokenCheckIntervalMs ?? 60_000);
      timer.unref();
      logger.info({ corpId: config.corpId, agentId: config.agentId }, 'WeCom channel ready at /wecom/callback');
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await idle();
    },
  };

  return {
    api,
    leadCards: cards?.sender,
    kf,
    app,
    adapters: [kf, app],
    registerRoutes: (http) => app.registerRoutes(http),
    async stop() {
      await app.stop();
      await kf.stop();
    },
    idle,
    drainReplies: () => kfPath.outbox.drain(),
    sendKfNotice: (user, text) => kfPath.sendNotice(user, text),
  };
}
