/**
 * 微信客服 (kf): WeChat users outside the organisation. A callback only says that an account
 * has news (`kf_msg_or_event`); the messages are read with `kf/sync_msg` from the cursor kept
 * per account in the store, one reader per account at a time, page by page while `has_more`.
 *
 * Handled: customer messages (`origin` 3), answered through the engine and `kf/send_msg`;
 * the `enter_session` event, answered with the menu through `kf/send_msg_on_event`; session
 * changes, which tell whether a person serves the customer. Everything else is skipped.
 * On a fresh deployment (no cursor yet) WeCom returns the last three days: messages older
 * than a few minutes are skipped, not answered days late.
 */
import type { Clock } from '../../core/clock.js';
import { conversationKey, type Engine } from '../../core/engine.js';
import { readConversationState } from '../../core/conversationState.js';
import { chooseReplyLanguage } from '../../core/detectLanguage.js';
import { PlatformError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { MAX_INBOUND_TEXT_CHARS, type Reply } from '../../core/messages.js';
import { HUMAN_CONTACT_TOPIC } from '../../core/answer.js';
import { HANDOFF_FLOW_ID } from '../../core/runFlowTurn.js';
import { FLOW_ACTIONS } from '../../flows/runFlow.js';
import type { Store } from '../../store/contract.js';
import { KF_SERVICE_STATES, WECOM_ERRCODES, type KfMessageContent, type KfSyncedMessage, type WecomApi } from './api.js';
import { convertRepliesToKfMessages, KF_MESSAGES_PER_CUSTOMER_MESSAGE, type KfReplyParts } from './convertRepliesToKfMessages.js';
import { isPersonRequest, isServedByPerson, KF_TEXTS, KF_TRANSFER_ACTION, markServedByPerson, markSessionReturned, transferButton } from './kfSession.js';
import { actionForMenuId, menuIdForAction } from './offeredActions.js';
import { renderPlainText } from './renderPlainText.js';

/** The channel name kf conversations are kept under. */
export const KF_CHANNEL = 'wecom-kf';

/** How long after a customer's message the API may still answer it: 48 hours. */
export const KF_REPLY_WINDOW_MS = 48 * 3600_000;
/** How long a synced message id is remembered (sync_msg returns at most three days). */
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
}

/** What the kf path needs. */
export interface KfChannelDependencies {
  api: WecomApi;
  engine: Pick<Engine, 'handleOnce'>;
  store: Store;
  clock: Clock;
  logger: Logger;
  options?: KfChannelOptions;
}

/** The kf path. */
export interface KfChannel {
  /**
   * Reads and answers an account's new messages, after a `kf_msg_or_event` callback.
   *
   * @param openKfId - the account (`OpenKfId` of the callback)
   * @param token - the callback's `Token`, which lifts sync_msg's rate limit for 10 minutes
   */
  syncAccount(openKfId: string, token: string | undefined): Promise<void>;
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

  const quotaKey = (openKfId: string, user: string) => `wecom:kf:quota:${openKfId}:${user}`;
  const readQuota = (value: unknown): { since: number; sent: number } | undefined =>
    typeof value === 'object' && value !== null && typeof (value as { since?: unknown }).since === 'number' && typeof (value as { sent?: unknown }).sent === 'number'
      ? (value as { since: number; sent: number })
      : undefined;

  async function openQuota(openKfId: string, user: string, sinceMs: number): Promise<void> {
    const ttlMs = sinceMs + KF_REPLY_WINDOW_MS - clock.now();
    if (ttlMs > 0) await state.set(quotaKey(openKfId, user), { since: sinceMs, sent: 0 }, { ttlMs });
  }

  async function remainingQuota(openKfId: string, user: string): Promise<number> {
    const quota = readQuota(await state.get(quotaKey(openKfId, user)));
    return quota ? Math.max(0, KF_MESSAGES_PER_CUSTOMER_MESSAGE - quota.sent) : 0;
  }

  async function takeQuota(openKfId: string, user: string): Promise<boolean> {
    const now = clock.now();
    const taken = await state.update(quotaKey(openKfId, user), (current) => {
      const quota = readQuota(current);
      const ttlMs = quota ? quota.since + KF_REPLY_WINDOW_MS - now : 0;
      if (!quota || ttlMs <= 0 || quota.sent >= KF_MESSAGES_PER_CUSTOMER_MESSAGE) return { action: 'keep', result: false };
      return { action: 'set', value: { since: quota.since, sent: quota.sent + 1 }, ttlMs, result: true };
    });
    return taken === true;
  }

  /** Sends planned messages in order, within the customer's quota; stops at WeCom's limits. */
  async function sendMessages(openKfId: string, user: string, messages: readonly KfMessageContent[]): Promise<void> {
    for (const content of messages) {
      if (!(await takeQuota(openKfId, user))) {
        logger.warn({ openKfId, user }, 'kf: the 5 messages allowed per customer message are used up; the rest of the answer is not sent');
        return;
      }
      try {
        await api.sendKfMessage({ openKfId, externalUserId: user, content });
      } catch (error) {
        if (error instanceof PlatformError && (error.code === WECOM_ERRCODES.kfQuotaExceeded || error.code === WECOM_ERRCODES.kfSessionStateInvalid)) {
          logger.warn({ openKfId, user, errcode: error.code, description: error.description }, 'kf: WeCom refused to send more to this customer now; the rest of the answer is not sent');
          return;
        }
        throw error;
      }
    }
  }

  function offersPerson(reply: Reply): boolean {
    return (
      reply.offersPerson === true ||
      reply.sources[0]?.topic === HUMAN_CONTACT_TOPIC ||
      reply.buttons.some((b) => b.action === `topic:${HUMAN_CONTACT_TOPIC}` || b.action === FLOW_ACTIONS.start(HANDOFF_FLOW_ID))
    );
  }

  async function renderReplies(replies: readonly Reply[]): Promise<KfReplyParts[]> {
    return Promise.all(
      replies.map(async (reply) => {
        const buttons = offersPerson(reply) && !reply.buttons.some((b) => b.action === KF_TRANSFER_ACTION) ? [transferButton(reply.language), ...reply.buttons] : reply.buttons;
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

  async function transfer(openKfId: string, user: string, text: string | undefined): Promise<void> {
    const now = clock.now();
    const conversation = readConversationState(await state.get(conversationKey(KF_CHANNEL, user)), now);
    const language = chooseReplyLanguage(text, conversation.language) ?? 'zh';
    // Only sessions the bot holds accept API messages: say it before handing over.
    await sendMessages(openKfId, user, [{ msgtype: 'text', text: { content: KF_TEXTS[language].transferring } }]);
    try {
      await api.transferKfSession({ openKfId, externalUserId: user, serviceState: servicer ? 3 : 2, ...(servicer ? { servicerUserId: servicer } : {}) });
      await markServedByPerson(state, openKfId, user, now);
      logger.info({ openKfId, user, to: servicer ? 'servicer' : 'queue' }, 'kf: session handed to a person; the bot stays quiet until it returns');
    } catch (error) {
      logger.error({ err: error, openKfId, user }, 'kf: the session could not be handed to a person');
      await sendMessages(openKfId, user, [{ msgtype: 'text', text: { content: KF_TEXTS[language].transferFailed } }]);
    }
  }

  async function handleCustomerMessage(openKfId: string, message: KfSyncedMessage): Promise<void> {
    const user = message.external_userid;
    if (!user) return;
    await openQuota(openKfId, user, message.send_time * 1000);
    if (await isServedByPerson(state, openKfId, user)) {
      const session = await api.getKfServiceState({ openKfId, externalUserId: user }).catch((error: unknown) => {
        logger.warn({ err: error, openKfId, user }, 'kf: could not read the session state; staying quiet');
        return undefined;
      });
      if (!session || session.serviceState === KF_SERVICE_STATES.queued || session.serviceState === KF_SERVICE_STATES.person) return;
      await markSessionReturned(state, openKfId, user);
    }
    const inbound = await convertInbound(message);
    if ('action' in inbound ? inbound.action === KF_TRANSFER_ACTION : isPersonRequest(inbound.text)) {
      return transfer(openKfId, user, 'text' in inbound ? inbound.text : undefined);
    }
    const { replies, duplicate } = await engine.handleOnce({ channel: KF_CHANNEL, userId: user, messageId: message.msgid, ...inbound });
    if (duplicate) return;
    const plan = convertRepliesToKfMessages(await renderReplies(replies), await remainingQuota(openKfId, user));
    if (plan.omittedBytes > 0) logger.warn({ openKfId, user, omittedBytes: plan.omittedBytes, sent: plan.messages.length }, 'kf: the answer needs more than the messages still allowed; its middle is left out (the customer is told so; start, sources and buttons kept)');
    await sendMessages(openKfId, user, plan.messages);
  }

  async function welcome(openKfId: string, user: string, message: KfSyncedMessage, code: string): Promise<void> {
    if (await isServedByPerson(state, openKfId, user)) return;
    const { replies, duplicate } = await engine.handleOnce({ channel: KF_CHANNEL, userId: user, messageId: `welcome:${message.msgid}`, action: 'menu' });
    if (duplicate) return;
    const [content] = convertRepliesToKfMessages(await renderReplies(replies), 1).messages;
    if (content) await api.sendKfEventMessage({ code, content });
  }

  async function handleEvent(openKfId: string, message: KfSyncedMessage): Promise<void> {
    const event = message.event;
    const user = event?.external_userid;
    if (!event || !user) return;
    switch (event.event_type) {
      case 'enter_session':
        if (event.welcome_code) await welcome(openKfId, user, message, event.welcome_code);
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

  async function handleMessage(openKfId: string, message: KfSyncedMessage, notBefore: number): Promise<void> {
    if (message.send_time * 1000 < notBefore) {
      logger.debug({ openKfId, msgid: message.msgid }, 'kf: message too old to answer; skipped');
      return;
    }
    if (!(await state.setIfAbsent(`wecom:kf:msg:${message.msgid}`, 1, { ttlMs: HANDLED_TTL_MS }))) return;
    if (message.msgtype === 'event') return handleEvent(message.open_kfid ?? message.event?.open_kfid ?? openKfId, message);
    if (message.origin !== 3) return;
    return handleCustomerMessage(message.open_kfid ?? openKfId, message);
  }

  /** Handles one page: each customer's messages in order, different customers side by side. */
  async function handlePage(openKfId: string, messages: readonly KfSyncedMessage[], notBefore: number): Promise<void> {
    const byUser = new Map<string, KfSyncedMessage[]>();
    for (const message of messages) {
      const user = message.external_userid ?? message.event?.external_userid ?? '';
      byUser.set(user, [...(byUser.get(user) ?? []), message]);
    }
    await Promise.all(
      [...byUser.values()].map(async (list) => {
        for (const message of list) {
          await handleMessage(openKfId, message, notBefore).catch((error: unknown) => {
            logger.error({ err: error, openKfId, msgid: message.msgid }, 'kf: handling a message failed');
          });
        }
      }),
    );
  }

  return {
    async syncAccount(openKfId, token) {
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
            await handlePage(openKfId, result.messages, notBefore);
            if (result.nextCursor && result.nextCursor !== cursor) {
              cursor = result.nextCursor;
              await state.set(cursorKey, cursor);
            }
            if (!result.hasMore) return;
          }
          logger.warn({ openKfId }, `kf: more than ${MAX_PAGES_PER_SYNC} pages in one sync; the rest is read on the next callback`);
        },
        { waitMs: syncWaitMs, leaseMs: syncWaitMs * 2 },
      );
    },
  };
}
