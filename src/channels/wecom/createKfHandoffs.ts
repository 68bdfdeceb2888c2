/**
 * Hand-overs of 微信客服 sessions to the servicer queue, with a time limit. WeCom keeps a
 * queued session (state 2) waiting for a person for as long as the session lasts (48 hours),
 * and while it waits the API may not send to the customer: when no 接待人员 is on duty the
 * customer would hear nothing, from anyone. So each hand-over to the queue also queues a
 * `handoff_check` in the reply outbox, due after the time limit (`WECOM_KF_HANDOFF_TIMEOUT_MINUTES`,
 * default 10). If the session still waits then, the check ends it (`service_state/trans` to
 * 4 — WeCom does not allow the queue to go back to the bot), tells the customer with the
 * end message's one-time code (`send_msg_on_event`), and lets the bot answer again: the
 * customer's next message opens a new session that the API may answer. A session a person
 * took meanwhile is left alone.
 *
 * Reference: https://developer.work.weixin.qq.com/document/path/94669 (session states and
 * the changes allowed between them).
 */
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { Language } from '../../shared/language.js';
import type { Store } from '../../store/contract.js';
import { KF_SERVICE_STATES, type WecomApi } from './api.js';
import { isPermanentKfError } from './isPermanentKfError.js';
import { KF_QUEUED_ITEM_VERSION, type KfQueuedItem } from './kfQueuedItem.js';
import { getServedByPerson, KF_TEXTS, markServedByPerson, markSessionReturned } from './kfSession.js';

/** Default time a session handed to the queue may wait for a person: 10 minutes. */
export const DEFAULT_KF_HANDOFF_TIMEOUT_MS = 10 * 60_000;

/** What the hand-overs need. */
export interface KfHandoffsDependencies {
  api: WecomApi;
  store: Store;
  clock: Clock;
  logger: Logger;
  /** How long a queued session may wait for a person, in milliseconds. Default {@link DEFAULT_KF_HANDOFF_TIMEOUT_MS}. */
  timeoutMs?: number;
}

/** Hand-overs to the queue and their time limit. */
export interface KfHandoffs {
  /**
   * Records that the session was handed to the queue now, and queues its check.
   *
   * @param language - the customer's language, in which they are told when no person takes the session
   */
  queued(openKfId: string, user: string, language: Language): Promise<void>;
  /** Runs a due `handoff_check`: ends a wait no person answered, tells the customer, lets the bot answer again. */
  check(item: Extract<KfQueuedItem, { kind: 'handoff_check' }>): Promise<void>;
}

/**
 * Creates the hand-overs.
 *
 * @param deps - see {@link KfHandoffsDependencies}
 */
export function createKfHandoffs(deps: KfHandoffsDependencies): KfHandoffs {
  const { api, store, clock, logger } = deps;
  const timeoutMs = deps.timeoutMs ?? DEFAULT_KF_HANDOFF_TIMEOUT_MS;

  /** Ends the wait and tells the customer; false when a person took the session meanwhile. */
  async function endWait(openKfId: string, user: string, language: Language): Promise<boolean> {
    let msgCode: string | undefined;
    try {
      msgCode = (await api.transferKfSession({ openKfId, externalUserId: user, serviceState: 4 })).msgCode;
    } catch (error) {
      if (!isPermanentKfError(error)) throw error;
      // The state changed meanwhile (95016): a person took it, or it ended.
      const now = await api.getKfServiceState({ openKfId, externalUserId: user });
      if (now.serviceState === KF_SERVICE_STATES.person) return false;
    }
    if (msgCode) {
      const text = KF_TEXTS[language].noServicer;
      // The code is usable once: a failure is logged, not retried.
      await api.sendKfEventMessage({ code: msgCode, content: { msgtype: 'text', text: { content: text } } }).catch((error: unknown) => {
        logger.warn({ err: error, openKfId, user }, 'kf: the customer could not be told that no person is free');
      });
    }
    return true;
  }

  return {
    async queued(openKfId, user, language) {
      const since = clock.now();
      await markServedByPerson(store.state, openKfId, user, since, 'queue');
      await store.replies.enqueue({
        id: `wecom-kf:${openKfId}:handoff:${user}:${since}`,
        conversation: `wecom-kf-handoff:${openKfId}:${user}`,
        status: 'pending',
        dueAt: since + timeoutMs,
        attempts: 0,
        createdAt: since,
        v: KF_QUEUED_ITEM_VERSION,
        kind: 'handoff_check',
        openKfId,
        user,
        since,
        language,
      } satisfies KfQueuedItem);
    },

    async check(item) {
      const { openKfId, user } = item;
      const served = await getServedByPerson(store.state, openKfId, user);
      if (served?.via !== 'queue' || served.since !== item.since) return;
      const session = await api.getKfServiceState({ openKfId, externalUserId: user });
      if (session.serviceState === KF_SERVICE_STATES.person) {
        await markServedByPerson(store.state, openKfId, user, served.since, 'staff');
        return;
      }
      if (session.serviceState === KF_SERVICE_STATES.queued && !(await endWait(openKfId, user, item.language ?? 'zh'))) {
        await markServedByPerson(store.state, openKfId, user, served.since, 'staff');
        return;
      }
      await markSessionReturned(store.state, openKfId, user);
      logger.warn(
        { openKfId, user, waitedMs: clock.now() - served.since },
        'kf: no person took the session handed to the queue in time; the customer was told and the bot answers again. Check that 接待人员 are on duty, or raise WECOM_KF_HANDOFF_TIMEOUT_MINUTES',
      );
    },
  };
}
