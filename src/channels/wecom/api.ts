/**
 * A small typed client for the WeCom server API calls the channel makes, with every answer
 * checked by zod. The access token comes from a cache shared through the store
 * (`accessToken.ts`); a call refused with 40014 (invalid token) or 42001 (expired token) is
 * retried once with a fresh token, never in a loop. Errcode 60020 (call from an untrusted
 * IP) is logged with what the operator must configure.
 *
 * Reference: https://developer.work.weixin.qq.com/document/path/90664 (gettoken),
 * 94670 (kf/sync_msg), 94677 (kf/send_msg), 95122 (kf/send_msg_on_event),
 * 94669 (kf/service_state), 90236 (message/send: text, markdown, template_card), 94888
 * (message/update_template_card).
 */
import { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import { NetworkError, PlatformError } from '../../shared/errors.js';
import { silentLogger, type Logger } from '../../shared/logger.js';
import { summariseAnswer, type FetchFunction } from '../../leads/deliveries/postJson.js';
import { DEFAULT_WECOM_API_BASE } from '../../leads/deliveries/sendWecomRobot.js';
import type { StateStore } from '../../store/contract.js';
import { createAccessTokenCache, type AccessTokenCache } from './accessToken.js';

/** WeCom errcodes the client acts on. */
export const WECOM_ERRCODES = {
  /** The access token is invalid (revoked, or another secret's). */
  invalidToken: 40014,
  /** The access token has expired. */
  expiredToken: 42001,
  /** The call came from an IP address that is not among the app's trusted IPs. */
  untrustedIp: 60020,
  /** kf: the customer's message quota is used up (5 messages within 48 hours of their last message). */
  kfQuotaExceeded: 95001,
  /** kf: this change of session state is not allowed (e.g. from the queue back to the bot). */
  kfStateChangeNotAllowed: 95016,
  /** kf: the session is not in a state where the API may send (a person serves it, or it ended). */
  kfSessionStateInvalid: 95018,
  /** WeCom is busy (系统繁忙): try again shortly. */
  systemBusy: -1,
  /** message/send: a template card's task_id was used before (the card was sent already), or is empty or too long. */
  taskIdExists: 42014,
  /** Calls to this API came too often (api freq out of limit): try again later. */
  apiFrequencyLimit: 45009,
  /** Too many concurrent calls to this API: try again shortly. */
  apiConcurrencyLimit: 45033,
} as const;

/** What the client needs. */
export interface WecomApiOptions {
  corpId: string;
  /** The self-built app's Secret. Never logged. */
  secret: string;
  store: StateStore;
  clock: Clock;
  /** The HTTP call; default `globalThis.fetch`. */
  fetch?: FetchFunction;
  /** Another API host (`WECOM_API_BASE`); default WeCom's. */
  apiBase?: string;
  logger?: Logger;
  /** Time limit of one HTTP call in milliseconds; default 10,000. */
  timeoutMs?: number;
  /** Identifies the app's token in the store, e.g. `<corpId>:<agentId>`: clients with the same key share one token. */
  appKey: string;
  /** Refresh the token this long before it expires, in milliseconds; default 5 minutes. */
  tokenRefreshMarginMs?: number;
}

/** A click item of a kf menu message: pressing it sends `content` back as text with `menu_id` = `id`. */
export const kfMenuItemSchema = z.object({ type: z.literal('click'), click: z.object({ id: z.string(), content: z.string() }) });
/** A click item of a kf menu message. */
export type KfMenuItem = z.infer<typeof kfMenuItemSchema>;

/** The content of one kf message: text, or a menu. */
export const kfMessageContentSchema = z.discriminatedUnion('msgtype', [
  z.object({ msgtype: z.literal('text'), text: z.object({ content: z.string() }) }),
  z.object({
    msgtype: z.literal('msgmenu'),
    msgmenu: z.object({ head_content: z.string().optional(), list: z.array(kfMenuItemSchema), tail_content: z.string().optional() }),
  }),
]);
/** The content of one kf message: text, or a menu. */
export type KfMessageContent = z.infer<typeof kfMessageContentSchema>;

/** One message or event from `kf/sync_msg`. Fields the channel does not use are kept as they came. */
export const kfSyncedMessageSchema = z.looseObject({
  msgid: z.string().min(1),
  open_kfid: z.string().optional(),
  external_userid: z.string().optional(),
  /** Unix time in seconds. */
  send_time: z.number(),
  /** 3: the customer; 4: a system event; 5: a person serving in the WeCom client. */
  origin: z.number().optional(),
  msgtype: z.string(),
  text: z.looseObject({ content: z.string().default(''), menu_id: z.string().optional() }).optional(),
  event: z
    .looseObject({
      event_type: z.string(),
      open_kfid: z.string().optional(),
      external_userid: z.string().optional(),
      welcome_code: z.string().optional(),
      change_type: z.number().optional(),
      fail_msgid: z.string().optional(),
      fail_type: z.number().optional(),
    })
    .optional(),
});
/** One message or event from `kf/sync_msg`. */
export type KfSyncedMessage = z.infer<typeof kfSyncedMessageSchema>;

/** One page of `kf/sync_msg`. */
export interface KfSyncPage {
  messages: KfSyncedMessage[];
  /** How many entries did not match {@link kfSyncedMessageSchema} and were left out. */
  skipped: number;
  nextCursor?: string;
  hasMore: boolean;
}

/** kf session states (`service_state`). */
export const KF_SERVICE_STATES = { untreated: 0, bot: 1, queued: 2, person: 3, ended: 4 } as const;

/** The WeCom calls of the channel. */
export interface WecomApi {
  /** The shared access token cache (tests and `start()` use it). */
  readonly tokens: AccessTokenCache;
  /** `kf/sync_msg`: one page of messages after `cursor`. */
  syncKfMessages(request: { openKfId: string; cursor?: string; token?: string; limit?: number }): Promise<KfSyncPage>;
  /** `kf/send_msg`: sends a text or menu to a customer. */
  sendKfMessage(message: { openKfId: string; externalUserId: string; content: KfMessageContent }): Promise<{ msgid?: string }>;
  /** `kf/send_msg_on_event`: answers an event (the welcome of `enter_session`) with its one-time `code`. */
  sendKfEventMessage(message: { code: string; content: KfMessageContent }): Promise<{ msgid?: string }>;
  /** `kf/service_state/get`: who serves the customer now. */
  getKfServiceState(request: { openKfId: string; externalUserId: string }): Promise<{ serviceState: number; servicerUserId?: string }>;
  /**
   * `kf/service_state/trans`: hands the session to the bot (1), the queue (2) or a person (3),
   * or ends it (4). `msgCode`, when WeCom returns one, sends the 回复语 (2, 3) or the 结束语 (4)
   * once with `kf/send_msg_on_event`.
   */
  transferKfSession(request: { openKfId: string; externalUserId: string; serviceState: 1 | 2 | 3 | 4; servicerUserId?: string }): Promise<{ msgCode?: string }>;
  /** `message/send`: a text message from the self-built app to members. */
  sendAppText(message: { agentId: number; toUser: string; content: string }): Promise<void>;
  /** `message/send`: a markdown message from the self-built app to members (rendered in the WeCom client). */
  sendAppMarkdown(message: { agentId: number; toUsers: readonly string[]; content: string }): Promise<void>;
  /** `message/send`: a template card (`template_card`) from the self-built app to members. */
  sendAppTemplateCard(message: { agentId: number; toUsers: readonly string[]; card: object }): Promise<{ responseCode?: string }>;
  /**
   * `message/update_template_card`: replaces the card a member pressed (for everyone who got
   * it), with the `ResponseCode` of the press — usable once, within 72 hours.
   */
  updateAppTemplateCard(request: { agentId: number; responseCode: string; card: object }): Promise<void>;
}

const errorHeadSchema = z.looseObject({ errcode: z.number().optional(), errmsg: z.string().optional() });
const tokenAnswerSchema = z.looseObject({ access_token: z.string().min(1), expires_in: z.number().positive() });
const syncAnswerSchema = z.looseObject({
  next_cursor: z.string().optional(),
  has_more: z.union([z.number(), z.boolean()]).optional(),
  msg_list: z.array(z.unknown()).default([]),
});
const msgidAnswerSchema = z.looseObject({ msgid: z.string().optional() });
const stateAnswerSchema = z.looseObject({ service_state: z.number(), servicer_userid: z.string().optional() });
const transAnswerSchema = z.looseObject({ msg_code: z.string().optional() });
const appSendAnswerSchema = z.looseObject({ invaliduser: z.string().optional(), msgid: z.string().optional(), response_code: z.string().optional() });
const emptyAnswerSchema = z.looseObject({});

/**
 * Creates the client.
 *
 * @param options - see {@link WecomApiOptions}
 */
export function createWecomApi(options: WecomApiOptions): WecomApi {
  const base = (options.apiBase ?? DEFAULT_WECOM_API_BASE).replace(/\/+$/, '');
  const fetchFunction: FetchFunction = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const logger = options.logger ?? silentLogger;
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function request<T>(method: string, path: string, query: Record<string, string>, body: unknown, schema: z.ZodType<T>): Promise<T> {
    const target = `${base}${path}`;
    let status: number;
    let text: string;
    try {
      const response = await fetchFunction(`${target}?${new URLSearchParams(query).toString()}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? { 'user-agent': 'talentbot' } : { 'content-type': 'application/json', 'user-agent': 'talentbot' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) throw new NetworkError(target, new Error(`no answer within ${timeoutMs} ms`));
      // A fresh cause, so that nothing of the request (the URL holds the access token) travels with it.
      const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
      const message = error instanceof Error ? error.message : String(error);
      throw new NetworkError(target, new Error(typeof code === 'string' ? `${message} (${code})` : message));
    }
    if (status < 200 || status >= 300) throw new PlatformError('wecom', method, status, summariseAnswer(text));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new PlatformError('wecom', method, 502, `answer is not JSON: ${summariseAnswer(text)}`);
    }
    const head = errorHeadSchema.safeParse(json);
    const errcode = head.success ? (head.data.errcode ?? 0) : 0;
    if (errcode !== 0) {
      const errmsg = head.success ? (head.data.errmsg ?? '') : '';
      if (errcode === WECOM_ERRCODES.untrustedIp) logUntrustedIp(method, errmsg);
      throw new PlatformError('wecom', method, errcode, summariseAnswer(errmsg));
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PlatformError('wecom', method, 502, `answer does not have the documented shape (${issue?.path.join('.') || 'answer'}: ${issue?.message}): ${summariseAnswer(text)}`);
    }
    return parsed.data;
  }

  function logUntrustedIp(method: string, errmsg: string): void {
    const ip = /from ip:\s*([0-9a-fA-F.:]+)/.exec(errmsg)?.[1];
    logger.error(
      { method, errcode: WECOM_ERRCODES.untrustedIp, ip },
      `WeCom refused ${method} because the call came from ${ip ?? 'an IP address'} that is not trusted. ` +
        `Add this server's public IP to the self-built app: WeCom admin console → 应用管理 (Apps) → the app → ` +
        `企业可信IP (Trusted IPs) → 配置 (Configure). The app also needs a verified 可信域名 or callback URL first.`,
    );
  }

  const tokens = createAccessTokenCache({
    store: options.store,
    clock: options.clock,
    appKey: options.appKey,
    logger,
    ...(options.tokenRefreshMarginMs !== undefined ? { refreshMarginMs: options.tokenRefreshMarginMs } : {}),
    async fetchToken() {
      const answer = await request('gettoken', '/cgi-bin/gettoken', { corpid: options.corpId, corpsecret: options.secret }, undefined, tokenAnswerSchema).catch((error: unknown) => {
        if (error instanceof PlatformError && (error.code === 40001 || error.code === 40013)) {
          throw new PlatformError('wecom', 'gettoken', error.code, `${error.description} — check WECOM_CORP_ID and WECOM_SECRET (the self-built app's Secret)`);
        }
        throw error;
      });
      return { token: answer.access_token, expiresInMs: answer.expires_in * 1000 };
    },
  });

  /** A POST with the access token, retried once with a fresh token when WeCom refuses the token. */
  async function call<T>(method: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    const path = `/cgi-bin/${method}`;
    const token = await tokens.get();
    try {
      return await request(method, path, { access_token: token }, body, schema);
    } catch (error) {
      if (!(error instanceof PlatformError) || (error.code !== WECOM_ERRCODES.invalidToken && error.code !== WECOM_ERRCODES.expiredToken)) throw error;
      logger.info({ method, errcode: error.code }, 'WeCom refused the access token; refreshing it and trying once more');
      await tokens.invalidate(token);
      return request(method, path, { access_token: await tokens.get() }, body, schema);
    }
  }

  return {
    tokens,
    async syncKfMessages(req) {
      const answer = await call(
        'kf/sync_msg',
        { cursor: req.cursor ?? '', ...(req.token ? { token: req.token } : {}), limit: req.limit ?? 1000, voice_format: 0, open_kfid: req.openKfId },
        syncAnswerSchema,
      );
      const messages: KfSyncedMessage[] = [];
      let skipped = 0;
      for (const entry of answer.msg_list) {
        const parsed = kfSyncedMessageSchema.safeParse(entry);
        if (parsed.success) messages.push(parsed.data);
        else skipped += 1;
      }
      return { messages, skipped, hasMore: Boolean(answer.has_more), ...(answer.next_cursor ? { nextCursor: answer.next_cursor } : {}) };
    },
    async sendKfMessage(message) {
      return call('kf/send_msg', { touser: message.externalUserId, open_kfid: message.openKfId, ...message.content }, msgidAnswerSchema);
    },
    async sendKfEventMessage(message) {
      return call('kf/send_msg_on_event', { code: message.code, ...message.content }, msgidAnswerSchema);
    },
    async getKfServiceState(req) {
      const answer = await call('kf/service_state/get', { open_kfid: req.openKfId, external_userid: req.externalUserId }, stateAnswerSchema);
      return { serviceState: answer.service_state, ...(answer.servicer_userid ? { servicerUserId: answer.servicer_userid } : {}) };
    },
    async transferKfSession(req) {
      const answer = await call(
        'kf/service_state/trans',
        { open_kfid: req.openKfId, external_userid: req.externalUserId, service_state: req.serviceState, ...(req.servicerUserId ? { servicer_userid: req.servicerUserId } : {}) },
        transAnswerSchema,
      );
      return answer.msg_code ? { msgCode: answer.msg_code } : {};
    },
    async sendAppText(message) {
      const answer = await call('message/send', { touser: message.toUser, msgtype: 'text', agentid: message.agentId, text: { content: message.content }, safe: 0 }, appSendAnswerSchema);
      if (answer.invaliduser) logger.warn({ invaliduser: answer.invaliduser }, 'WeCom did not deliver an app message: the user is not in the app\'s visible range');
    },
    async sendAppMarkdown(message) {
      const answer = await call('message/send', { touser: message.toUsers.join('|'), msgtype: 'markdown', agentid: message.agentId, markdown: { content: message.content } }, appSendAnswerSchema);
      if (answer.invaliduser) logger.warn({ invaliduser: answer.invaliduser }, 'WeCom did not deliver an app message to some members: they are not in the app\'s visible range');
    },
    async sendAppTemplateCard(message) {
      const answer = await call('message/send', { touser: message.toUsers.join('|'), msgtype: 'template_card', agentid: message.agentId, template_card: message.card }, appSendAnswerSchema);
      if (answer.invaliduser) logger.warn({ invaliduser: answer.invaliduser }, 'WeCom did not deliver an app card to some members: they are not in the app\'s visible range');
      return answer.response_code ? { responseCode: answer.response_code } : {};
    },
    async updateAppTemplateCard(request) {
      await call('message/update_template_card', { atall: 1, agentid: request.agentId, response_code: request.responseCode, template_card: request.card }, emptyAnswerSchema);
    },
  };
}
