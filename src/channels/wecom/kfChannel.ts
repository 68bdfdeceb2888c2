/**
 * 微信客服 (kf): WeChat users outside the organisation. A callback only says that an account
 * has news (`kf_msg_or_event`); the messages are read with `kf/sync_msg` from the cursor kept
 * per account in the store, one reader per account at a time, page by page while `has_more`;
 * the lock on the account is held only while reading and recording, never through a turn.
 *
 * Every customer message (`origin` 3) is recorded in the store's reply outbox before the
 * cursor moves past it, and answered from there by the kf outbox worker
 * (`createKfReplyWorker.ts`): engine turn, then `kf/send_msg` step by step, retried when
 * WeCom is busy or unreachable, and recorded as handled only once WeCom accepted the whole
 * reply — exactly once per message, also across a restart. The `enter_session` event is
 * answered first, before anything else of its page, with the menu through
 * `kf/send_msg_on_event` (its code is usable once, within 20 seconds); session changes tell
 * whether a person serves the customer. Everything else is skipped. On a fresh deployment (no cursor
 * yet) WeCom returns the last three days: messages older than a few minutes are skipped,
 * not answered days late.
 */
import type { Clock } from '../../shared/clock.js';
import type { Engine } from '../../core/engine.js';
import { chooseReplyLanguage } from '../../core/detectLanguage.js';
import type { Logger } from '../../shared/logger.js';
import { MAX_INBOUND_TEXT_CHARS, type Reply } from '../../core/messages.js';
import type { Store } from '../../store/contract.js';
import { PlatformError } from '../../shared/errors.js';
import { KF_SERVICE_STATES, WECOM_ERRCODES, type KfSyncedMessage, type WecomApi } from './api.js';
import { convertRepliesToKfMessages, KF_MESSAGES_PER_CUSTOMER_MESSAGE, type KfReplyParts } from './convertRepliesToKfMessages.js';
import { createKfHandoffs } from './createKfHandoffs.js';
import { createKfReplyWorker, type KfReplyWorker, type KfReplyWorkerOptions } from './createKfReplyWorker.js';
import { isPermanentKfError } from './isPermanentKfError.js';
import { kfConversation, kfMessageItemId, KF_QUEUED_ITEM_VERSION, type KfMessageItem, type KfQueuedItem, type KfStep } from './kfQueuedItem.js';
import { isPersonRequest, isServedByPerson, isTransferAction, KF_TEXTS, markServedByPerson, markSessionReturned, transferButton, transferLanguage } from './kfSession.js';
import { actionForMenuId, menuIdForAction } from './offeredActions.js';
import { renderPlainText } from './renderPlainText.js';
import { kfFeedbackButtons } from './kfFeedback.js';
import { FEEDBACK_TEXTS, parseFeedbackAction } from '../../core/feedbackActions.js';

/** The channel name kf conversations are kept under. */
export const KF_CHANNEL = 'wecom-kf';

/** How long after a customer's message the API may still answer it: 48 hours. */
export const KF_REPLY_WINDOW_MS = 48 * 3600_000;
/** How long a synced event id is remembered (sync_msg returns at most three days). */
const HANDLED_TTL_MS = 4 * 24 * 3600_000;
/** A safety stop for one sync: pages of up to 1,000 messages. */
const MAX_PAGES_PER_SYNC = 50;

/** Options of the kf path; every field is optional. */
export interface KfChannelOptions {
  /**
   * On a fresh deployment (no cursor stored for the account yet), customer messages older
   * than this are not answered. Default 10 minutes (the callback's sync token lives 10 minutes).
   */
  freshStartWindowMs?: number;
  /**
   * Who takes over when a customer asks for a person: unset (default), the WeCom queue
   * (state 2, any member serving the account takes it); set, this member's userid (state 3;
   * the member must be serving the account in WeCom).
   */
  transferServicerUserId?: string;
  /** How long a sync waits for another one of the same account, in milliseconds. Default 120 s. */
  syncWaitMs?: number;
  /**
   * `WECOM_KF_HANDOFF_TIMEOUT_MINUTES` in milliseconds: how long a session handed to the
   * servicer queue may wait for a person before the bot tells the customer and answers
   * again. Default 10 minutes. See `createKfHandoffs.ts`.
   */
  handoffTimeoutMs?: number;
  /** The outbox worker's retries and leases; see {@link KfReplyWorkerOptions}. */
  outbox?: Omit<KfReplyWorkerOptions, 'store' | 'clock' | 'logger' | 'work'>;
}

/** What the kf path needs. */
export interface KfChannelDependencies {
  api: WecomApi;
  /** `rate` records 👍 / 👎 clicks; without it no rating items are offered. */
  engine: Pick<Engine, 'handleOnce'> & Partial<Pick<Engine, 'rate'>>;
  store: Store;
  clock: Clock;
  logger: Logger;
  options?: KfChannelOptions;
}

/** The kf path. */
export interface KfChannel {
  /**
   * Reads and records an account's new messages after a `kf_msg_or_event` callback, then
   * answers what is due.
   *
   * @param openKfId - the account (`OpenKfId` of the callback)
   * @param token - the callback's `Token`, which lifts sync_msg's rate limit for 10 minutes
   */
  syncAccount(openKfId: string, token: string | undefined): Promise<void>;
  /** The outbox worker: `start()` polls for retries, `drain()` answers what is due now. */
  readonly outbox: KfReplyWorker;
  /**
   * Sends a text the bot owes a customer unasked (a calendar notification), only inside the
   * platform's window: the customer wrote within 48 hours, one of the five messages that allows
   * is left, and no person serves them. False when it may not be sent now (then it waits for
   * their next message).
   *
   * @throws PlatformError or NetworkError when WeCom refused or did not answer
   */
  sendNotice(user: string, text: string): Promise<boolean>;
}

type Inbound = { text: string } | { action: string };

/**
 * Creates the kf path.
 *
 * @param deps - see {@link KfChannelDependencies}
 */
export function createKfChannel(deps: KfChannelDependencies): KfChannel {
  const { api, engine, clock, logger } = deps;
  const state = deps.store.state;
  const freshStartWindowMs = deps.options?.freshStartWindowMs ?? 10 * 60_000;
  const syncWaitMs = deps.options?.syncWaitMs ?? 120_000;
  const servicer = deps.options?.transferServicerUserId;
  const handoffs = createKfHandoffs({ api, store: deps.store, clock, logger, ...(deps.options?.handoffTimeoutMs ? { timeoutMs: deps.options.handoffTimeoutMs } : {}) });

  const quotaKey = (openKfId: string, user: string) => `wecom:kf:quota:${openKfId}:${user}`;
  const readQuota = (value: unknown): { since: number; sent: number } | undefined =>
    typeof value === 'object' && value !== null && typeof (value as { since?: unknown }).since === 'number' && typeof (value as { sent?: unknown }).sent === 'number'
      ? (value as { since: number; sent: number })
      : undefined;

  async function openQuota(openKfId: string, user: string, sinceMs: number): Promise<void> {
    const ttlMs = sinceMs + KF_REPLY_WINDOW_MS - clock.now();
    if (ttlMs > 0) await state.set(quotaKey(openKfId, user), { since: sinceMs, sent: 0 }, { ttlMs });
  }

  /** Takes up to `wanted` of the messages still allowed; returns how many were granted. */
  async function reserveQuota(openKfId: string, user: string, wanted: number): Promise<number> {
    const now = clock.now();
    const granted = await state.update(quotaKey(openKfId, user), (current) => {
      const quota = readQuota(current);
      const ttlMs = quota ? quota.since + KF_REPLY_WINDOW_MS - now : 0;
      const take = quota && ttlMs > 0 ? Math.max(0, Math.min(wanted, KF_MESSAGES_PER_CUSTOMER_MESSAGE - quota.sent)) : 0;
      if (!quota || take === 0) return { action: 'keep', result: 0 };
      return { action: 'set', value: { since: quota.since, sent: quota.sent + take }, ttlMs, result: take };
    });
    return typeof granted === 'number' ? granted : 0;
  }

  async function renderReplies(replies: readonly Reply[]): Promise<KfReplyParts[]> {
    return Promise.all(
      replies.map(async (reply) => {
        // A reply that offers a person gets the kf-only "talk to a person now" first: 微信客服 can hand the session over.
        const own = reply.offersPerson ? [transferButton(reply.language), ...reply.buttons] : reply.buttons;
        const buttons = engine.rate ? [...own, ...kfFeedbackButtons(reply)] : own;
        return {
          text: renderPlainText(reply),
          language: reply.language,
          buttons: await Promise.all(buttons.map(async (b) => ({ id: await menuIdForAction(state, b.action), label: b.label }))),
        };
      }),
    );
  }

  async function convertInbound(message: KfSyncedMessage): Promise<Inbound> {
    if (message.msgtype !== 'text' || !message.text) return { text: '' };
    if (message.text.menu_id) {
      const action = await actionForMenuId(state, message.text.menu_id);
      if (action) return { action };
    }
    return { text: message.text.content.slice(0, MAX_INBOUND_TEXT_CHARS) };
  }

  const textStep = (content: string): KfStep => ({ kind: 'send', content: { msgtype: 'text', text: { content } } });

  /**
   * The steps of a hand-over: say it first (only sessions the bot holds accept API messages), then hand over.
   * The language is the pressed button's (it was rendered in the reply's language) or the typed request's.
   */
  async function planTransfer(item: KfMessageItem, inbound: Inbound): Promise<KfStep[]> {
    const language = ('action' in inbound ? transferLanguage(inbound.action) : chooseReplyLanguage(inbound.text, undefined)) ?? 'zh';
    const say = (await reserveQuota(item.openKfId, item.user, 1)) === 1 ? [textStep(KF_TEXTS[language].transferring)] : [];
    return [...say, { kind: 'transfer', serviceState: servicer ? 3 : 2, ...(servicer ? { servicerUserId: servicer } : {}), failedText: KF_TEXTS[language].transferFailed, language }];
  }

  /** What to do about a customer message: nothing while a person serves, a hand-over, or the engine's answer. */
  async function plan(item: KfMessageItem): Promise<KfStep[]> {
    const { openKfId, user, message } = item;
    await openQuota(openKfId, user, message.send_time * 1000);
    if (await isServedByPerson(state, openKfId, user)) {
      const session = await api.getKfServiceState({ openKfId, externalUserId: user });
      if (session.serviceState === KF_SERVICE_STATES.queued || session.serviceState === KF_SERVICE_STATES.person) return [];
      await markSessionReturned(state, openKfId, user);
    }
    const inbound = await convertInbound(message);
    const rating = 'action' in inbound ? parseFeedbackAction(inbound.action) : undefined;
    if (rating && engine.rate) {
      // A rating is not a turn: recorded once per answer, answered with a thanks.
      const recorded = await engine.rate({ channel: KF_CHANNEL, userId: user, ...rating });
      return (await reserveQuota(openKfId, user, 1)) === 1 ? [textStep(recorded ? FEEDBACK_TEXTS.thanks : FEEDBACK_TEXTS.already)] : [];
    }
    if ('action' in inbound ? isTransferAction(inbound.action) : isPersonRequest(inbound.text)) return planTransfer(item, inbound);
    // A retry after a crash finds the turn already handled: the engine returns the same replies.
    const { replies } = await engine.handleOnce({ channel: KF_CHANNEL, userId: user, messageId: message.msgid, ...inbound });
    const planned = convertRepliesToKfMessages(await renderReplies(replies), KF_MESSAGES_PER_CUSTOMER_MESSAGE);
    const granted = await reserveQuota(openKfId, user, planned.messages.length);
    const messages = granted === planned.messages.length ? planned.messages : convertRepliesToKfMessages(await renderReplies(replies), granted).messages;
    if (planned.omittedBytes > 0 || granted < planned.messages.length) {
      logger.warn({ openKfId, user, sent: messages.length }, 'kf: the answer needs more than the messages still allowed; its middle is left out (the customer is told so; start, sources and buttons kept)');
    }
    return messages.map((content) => ({ kind: 'send', content }));
  }

  /** Hands the session over; on a refusal that will not pass, returns the step that tells the customer instead. */
  async function transfer(item: KfMessageItem, step: Extract<KfStep, { kind: 'transfer' }>): Promise<KfStep[]> {
    const { openKfId, user } = item;
    try {
      await api.transferKfSession({ openKfId, externalUserId: user, serviceState: step.serviceState, ...(step.servicerUserId ? { servicerUserId: step.servicerUserId } : {}) });
    } catch (error) {
      if (!isPermanentKfError(error)) throw error;
      // Refused because it was done already (a retry after a crash): the session waits or is served.
      const now = error instanceof PlatformError && error.code === WECOM_ERRCODES.kfStateChangeNotAllowed ? await api.getKfServiceState({ openKfId, externalUserId: user }) : undefined;
      if (now?.serviceState !== step.serviceState) {
        logger.error({ err: error, openKfId, user }, 'kf: the session could not be handed to a person');
        return (await reserveQuota(openKfId, user, 1)) === 1 ? [textStep(step.failedText)] : [];
      }
    }
    if (step.serviceState === KF_SERVICE_STATES.queued) await handoffs.queued(openKfId, user, step.language ?? 'zh');
    else await markServedByPerson(state, openKfId, user, clock.now(), 'servicer');
    logger.info({ openKfId, user, to: step.serviceState === 3 ? 'servicer' : 'queue' }, 'kf: session handed to a person; the bot stays quiet until it returns');
    return [];
  }

  /** Works on one queued item: plans it once, then follows its steps, saving progress after each. */
  async function work(queued: KfQueuedItem, save: (item: KfQueuedItem) => Promise<void>): Promise<void> {
    if (queued.kind === 'handoff_check') return handoffs.check(queued);
    if (clock.now() >= queued.message.send_time * 1000 + KF_REPLY_WINDOW_MS) {
      logger.warn({ openKfId: queued.openKfId, user: queued.user, msgid: queued.message.msgid }, 'kf: the 48-hour reply window closed before the answer could be sent; given up');
      return;
    }
    let item: KfMessageItem = queued;
    if (!item.steps) {
      item = { ...item, steps: await plan(item), done: 0 };
      await save(item);
    }
    for (let i = item.done; i < (item.steps?.length ?? 0); i += 1) {
      const steps: KfStep[] = item.steps ?? [];
      const step = steps[i]!;
      let next = steps;
      if (step.kind === 'send') await api.sendKfMessage({ openKfId: item.openKfId, externalUserId: item.user, content: step.content });
      else next = [...steps.slice(0, i + 1), ...(await transfer(item, step)), ...steps.slice(i + 1)];
      item = { ...item, steps: next, done: i + 1 };
      await save(item);
    }
  }

  const outbox = createKfReplyWorker({ store: deps.store, clock, logger, work, ...deps.options?.outbox });

  /** The welcome code of an `enter_session` event, when it has one (usable once, within 20 seconds). */
  const welcomeCode = (message: KfSyncedMessage): string | undefined => (message.msgtype === 'event' && message.event?.event_type === 'enter_session' ? message.event.welcome_code : undefined);

  /** Welcomes a customer entering the session with the menu, through `kf/send_msg_on_event`, once per event. */
  async function welcome(openKfId: string, message: KfSyncedMessage, code: string): Promise<void> {
    const user = message.event?.external_userid;
    if (!user) return;
    if (!(await state.setIfAbsent(`wecom:kf:msg:${message.msgid}`, 1, { ttlMs: HANDLED_TTL_MS }))) return;
    if (await isServedByPerson(state, openKfId, user)) return;
    const { replies, duplicate } = await engine.handleOnce({ channel: KF_CHANNEL, userId: user, messageId: `welcome:${message.msgid}`, action: 'menu' });
    if (duplicate) return;
    const [content] = convertRepliesToKfMessages(await renderReplies(replies), 1).messages;
    if (!content) return;
    // The code lives 20 seconds: a busy WeCom (-1, 45009, no answer) gets one more try at once, not a backoff.
    await api.sendKfEventMessage({ code, content }).catch((error: unknown) => {
      if (isPermanentKfError(error)) throw error;
      logger.warn({ err: error, openKfId, user }, 'kf: sending the welcome failed; trying once more');
      return api.sendKfEventMessage({ code, content });
    });
  }

  async function handleEvent(openKfId: string, message: KfSyncedMessage): Promise<void> {
    const event = message.event;
    const user = event?.external_userid;
    if (!event || !user) return;
    switch (event.event_type) {
      case 'enter_session':
        // With a welcome code: welcomed before anything else, see `syncAccount`.
        return;
      case 'session_status_change':
        // 1: taken from the queue; 2: passed to another person; 3: ended; 4: a person re-opened it.
        if (event.change_type === 3) await markSessionReturned(state, openKfId, user);
        else if (event.change_type !== undefined) await markServedByPerson(state, openKfId, user, message.send_time * 1000);
        return;
      case 'msg_send_fail':
        logger.warn({ openKfId, user, failMsgid: event.fail_msgid, failType: event.fail_type }, 'kf: WeCom could not deliver a message to the customer');
        return;
      default:
        logger.debug({ openKfId, eventType: event.event_type }, 'kf: event ignored');
    }
  }

  /** Records one synced message: customer messages go to the outbox (once per msgid), events are handled at once. */
  async function record(openKfId: string, message: KfSyncedMessage, notBefore: number): Promise<void> {
    if (message.send_time * 1000 < notBefore) {
      logger.debug({ openKfId, msgid: message.msgid }, 'kf: message too old to answer; skipped');
      return;
    }
    if (message.msgtype === 'event') {
      if (welcomeCode(message)) return;
      if (!(await state.setIfAbsent(`wecom:kf:msg:${message.msgid}`, 1, { ttlMs: HANDLED_TTL_MS }))) return;
      await handleEvent(message.open_kfid ?? message.event?.open_kfid ?? openKfId, message).catch((error: unknown) => {
        logger.error({ err: error, openKfId, msgid: message.msgid }, 'kf: handling an event failed');
      });
      return;
    }
    const user = message.external_userid;
    if (message.origin !== 3 || !user) return;
    const account = message.open_kfid ?? openKfId;
    const now = clock.now();
    await deps.store.replies.enqueue({
      id: kfMessageItemId(account, message.msgid),
      conversation: kfConversation(account, user),
      status: 'pending',
      dueAt: now,
      attempts: 0,
      createdAt: now,
      v: KF_QUEUED_ITEM_VERSION,
      kind: 'message',
      openKfId: account,
      user,
      message,
      done: 0,
    } satisfies KfMessageItem);
  }

  return {
    outbox,
    async sendNotice(user, text) {
      // The customer's open window, on whichever account they wrote to (a small family of keys that expire in 48 hours).
      const prefix = 'wecom:kf:quota:';
      const open = (await state.listPrefix(prefix)).find((q) => q.key.endsWith(`:${user}`) && readQuota(q.value) !== undefined);
      if (!open) return false;
      const openKfId = open.key.slice(prefix.length, -(user.length + 1));
      if (await isServedByPerson(state, openKfId, user)) return false;
      if ((await reserveQuota(openKfId, user, 1)) !== 1) return false;
      await api.sendKfMessage({ openKfId, externalUserId: user, content: { msgtype: 'text', text: { content: text } } });
      return true;
    },
    async syncAccount(openKfId, token) {
      // The lock is held only while reading and recording: answers are sent after it, by the outbox.
      const welcomes: Array<Promise<void>> = [];
      await deps.store.locks.withLock(
        `wecom:kf:sync:${openKfId}`,
        async () => {
          const cursorKey = `wecom:kf:cursor:${openKfId}`;
          const stored = await state.get(cursorKey);
          let cursor = typeof stored === 'string' && stored ? stored : undefined;
          const now = clock.now();
          const notBefore = Math.max(now - KF_REPLY_WINDOW_MS, cursor === undefined ? now - freshStartWindowMs : -Infinity);
          for (let page = 0; page < MAX_PAGES_PER_SYNC; page += 1) {
            const result = await api.syncKfMessages({ openKfId, ...(cursor ? { cursor } : {}), ...(token ? { token } : {}) });
            if (result.skipped > 0) logger.warn({ openKfId, skipped: result.skipped }, 'kf: sync_msg returned entries of an unknown shape; they were skipped');
            // The welcome first, before other work: its code is usable once, within 20 seconds.
            for (const message of result.messages) {
              const code = welcomeCode(message);
              if (code === undefined || message.send_time * 1000 < notBefore) continue;
              const account = message.open_kfid ?? message.event?.open_kfid ?? openKfId;
              welcomes.push(welcome(account, message, code).catch((error: unknown) => logger.error({ err: error, openKfId: account, msgid: message.msgid }, 'kf: the welcome could not be sent')));
            }
            for (const message of result.messages) await record(openKfId, message, notBefore);
            if (result.nextCursor && result.nextCursor !== cursor) {
              cursor = result.nextCursor;
              await state.set(cursorKey, cursor);
            }
            if (!result.hasMore) break;
            if (page === MAX_PAGES_PER_SYNC - 1) logger.warn({ openKfId }, `kf: more than ${MAX_PAGES_PER_SYNC} pages in one sync; the rest is read on the next callback`);
          }
        },
        { waitMs: syncWaitMs, leaseMs: syncWaitMs * 2 },
      );
      await Promise.all(welcomes);
      await outbox.drain();
    },
  };
}
