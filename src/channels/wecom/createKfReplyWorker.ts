/**
 * The 微信客服 outbox worker: the shared reply worker (`src/core/createReplyWorker.ts`) on the
 * kf conversations of the store's reply outbox. It takes due items with a lease, one at a time
 * per customer and in order, lets the kf path work on each, and records the result: done,
 * tried again later with exponential backoff and full jitter, or dead — at once when the error
 * says it will happen every time ({@link isPermanentKfError}), or after the last attempt.
 * Progress within an item is saved as it is made (renewing the lease), so a retry or another
 * process goes on where an attempt stopped.
 *
 * Crash safety: an item is done only after WeCom accepted its last step; a process that
 * dies mid-item leaves it leased, and it is taken up again when the lease runs out. Done
 * and dead items are kept for {@link DEFAULT_KF_KEEP_MS} (sync_msg returns three days), so
 * a message read again is recognised, and then purged.
 */
import type { Clock } from '../../shared/clock.js';
import { createReplyWorker, DEFAULT_REPLY_KEEP_MS, LeaseLostError, type ReplyWorker, type ReplyWorkerTuning } from '../../core/createReplyWorker.js';
import type { Logger } from '../../shared/logger.js';
import type { Store } from '../../store/contract.js';
import { isKfSendRefused, isPermanentKfError } from './isPermanentKfError.js';
import { readKfQueuedItem, type KfQueuedItem } from './kfQueuedItem.js';

/** How long done and dead items are kept: four days (sync_msg returns at most three). */
export const DEFAULT_KF_KEEP_MS = DEFAULT_REPLY_KEEP_MS;

/** Thrown by `save` when another worker took the item over: the attempt stops, its result is dropped. */
export const KfLeaseLostError = LeaseLostError;

/** The conversations of the reply outbox that belong to 微信客服 (answers and hand-over checks). */
export const KF_CONVERSATION_PREFIX = 'wecom-kf';

/** Works on one item; `save` records progress (and renews the lease). */
export type KfWork = (item: KfQueuedItem, save: (item: KfQueuedItem) => Promise<void>) => Promise<void>;

/** What the worker is built from; every tunable has a default (see {@link ReplyWorkerTuning}). */
export interface KfReplyWorkerOptions extends ReplyWorkerTuning {
  store: Store;
  clock: Clock;
  logger: Logger;
  work: KfWork;
}

/** A running (or runnable) worker. */
export type KfReplyWorker = ReplyWorker;

/**
 * Creates the worker.
 *
 * @param options - see {@link KfReplyWorkerOptions}
 */
export function createKfReplyWorker(options: KfReplyWorkerOptions): KfReplyWorker {
  const { logger } = options;
  return createReplyWorker<KfQueuedItem>({
    ...options,
    name: 'kf',
    noun: 'reply',
    conversationPrefix: KF_CONVERSATION_PREFIX,
    read: readKfQueuedItem,
    isPermanent: isPermanentKfError,
    describe: (item) => ({ id: item.id, openKfId: item.openKfId, user: item.user, kind: item.kind }),
    logPermanent(fields, error) {
      if (isKfSendRefused(error)) logger.warn({ ...fields, errcode: error.code }, 'kf: WeCom refused to send more to this customer now; the rest of the answer is not sent');
      else logger.error(fields, 'kf: reply refused for good; not retried');
    },
  });
}
