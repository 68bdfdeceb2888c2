/**
 * The WeCom channels: 微信客服 (kf) for WeChat users outside the organisation, and the
 * self-built app (自建应用) for its members. Both arrive at one callback URL,
 * `/wecom/callback`, configured on the self-built app; the app is also the one that manages
 * the 微信客服 accounts through the API. With `leadCards`, the app also sends partners' members
 * their leads as cards whose buttons record the status (`leadCards.ts`; the outbox worker
 * sends through {@link WecomChannel.leadCards}). Setup, step by step: `docs/wecom.md`.
 *
 * Wiring (in `startServer.ts`, only when `config.wecom` is set, i.e. all five WECOM_*
 * variables are):
 *
 * ```ts
 * const app = buildApp({ ... });
 * const wecom = config.wecom
 *   ? createWecomChannel({
 *       engine: app.engine, store, clock, logger,
 *       config: { ...config.wecom, apiBase: config.wecomApiBase },
 *       options: { kf: { handoffTimeoutMs: config.wecomKfHandoffTimeoutMs } },
 *       leadCards: { partners, ackLink }, // partners' wecom_app members: cards with status buttons
 *     })
 *   : undefined;
 * wecom?.registerRoutes(app.http); // before app.http.listen()
 * await app.http.listen(...);
 * wecom?.start();
 * // on close: await app.http.close(); await wecom?.stop(); … await store.close();
 * ```
 *
 * Commonly used: {@link createWecomChannel}. For experts: the API client (`api.ts`), the
 * callback crypto (`callbackCrypto.ts`) and the converters, exported below.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/clock.js';
import type { Engine } from '../../core/engine.js';
import { silentLogger, type Logger } from '../../core/logger.js';
import type { FetchFunction } from '../../leads/deliveries/postJson.js';
import type { Store } from '../../store/contract.js';
import { createWecomApi, type WecomApi } from './api.js';
import { createAppChannel } from './appChannel.js';
import { DEFAULT_MAX_CLOCK_SKEW_MS } from './callbackCrypto.js';
import { createKfChannel, type KfChannelOptions } from './kfChannel.js';
import { createLeadCards, type LeadCardOptions } from './leadCards.js';
import type { WecomAppSender } from '../../leads/deliveries/sendDelivery.js';
import { registerCallbackRoutes } from './registerCallbackRoutes.js';

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

/** The WeCom channel. */
export interface WecomChannel {
  /** Registers `GET` and `POST /wecom/callback`. Call once, before the server listens. */
  registerRoutes(http: FastifyInstance): void;
  /** Starts refreshing the shared access token before it expires, and the 微信客服 outbox worker (retries, work left by a stopped process). */
  start(): void;
  /** Stops taking callbacks (503, which WeCom retries), stops the outbox worker and waits for the work in progress. */
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
 * Creates the WeCom channel.
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
  const kf = createKfChannel({ ...parts, ...(options.kf ? { options: options.kf } : {}) });
  const app = createAppChannel({ ...parts, agentId: config.agentId });
  const cards = deps.leadCards ? createLeadCards({ ...parts, ...deps.leadCards, agentId: config.agentId }) : undefined;
  const pending = new Set<Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  async function handle(fields: Readonly<Record<string, string>>, messageId: string): Promise<void> {
    if (fields.MsgType === 'event' && fields.Event === 'kf_msg_or_event') {
      if (fields.OpenKfId) await kf.syncAccount(fields.OpenKfId, fields.Token);
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
    await app.handleMessage(fields, messageId);
  }

  const channel: WecomChannel = {
    api,
    leadCards: cards?.sender,
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
    start() {
      if (timer || stopped) return;
      timer = setInterval(() => {
        api.tokens.refreshIfDue().catch((error: unknown) => logger.warn({ err: error }, 'wecom: refreshing the access token failed; trying again on the next call'));
      }, options.tokenCheckIntervalMs ?? 60_000);
      timer.unref();
      kf.outbox.start();
      logger.info({ corpId: config.corpId, agentId: config.agentId }, 'WeCom channel ready at /wecom/callback');
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await channel.idle();
      await kf.outbox.stop();
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    drainReplies: () => kf.outbox.drain(),
    sendKfNotice: (user, text) => kf.sendNotice(user, text),
  };
  return channel;
}
