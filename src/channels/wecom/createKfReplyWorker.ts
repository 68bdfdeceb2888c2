/**
 * The 微信客服 outbox worker: the leads' delivery mechanism (`src/leads/createOutboxWorker.ts`)
 * for the replies owed to customers. It takes due items of the store's reply outbox with a
 * lease, one at a time per customer and in order, lets the kf path work on each, and
 * records the result: done, tried again later with exponential backoff and full jitter, or
 * dead — at once when the error says it will happen every time ({@link isPermanentKfError}),
 * or after the last attempt. Progress within an item is saved as it is made (renewing the
 * lease), so a retry or another process goes on where an attempt stopped.
 *
 * Crash safety: an item is done only after WeCom accepted its last step; a process that
 * dies mid-item leaves it leased, and it is taken up again when the lease runs out. Done
 * and dead items are kept for {@link DEFAULT_KF_KEEP_MS} (sync_msg returns three days), so
 * a message read again is recognised, and then purged.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../../core/clock.js';
import { createPollingLoop, describeError } from '../../core/pollingLoop.js';
import { PlatformError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { computeRetryDelay } from '../../leads/computeRetryDelay.js';
import type { QueuedReply, Store } from '../../store/contract.js';
import { isKfSendRefused, isPermanentKfError } from './isPermanentKfError.js';
import { readKfQueuedItem, type KfQueuedItem } from './kfQueuedItem.js';

/** How long done and dead items are kept: four days (sync_msg returns at most three). */
export const DEFAULT_KF_KEEP_MS = 4 * 24 * 3600_000;

/** Thrown by `save` when another worker took the item over: the attempt stops, its result is dropped. */
export class KfLeaseLostError extends Error {
  override readonly name = 'KfLeaseLostError';
  /** @param id - the item */
  constructor(readonly id: string) {
    super(`another worker took queued reply ${id} over`);
  }
}

/** Works on one item; `save` records progress (and renews the lease). */
export type KfWork = (item: KfQueuedItem, save: (item: KfQueuedItem) => Promise<void>) => Promise<void>;

/** What the worker is built from; every tunable has a default. */
export interface KfReplyWorkerOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  work: KfWork;
  /** Uniform random numbers in [0, 1) for the backoff jitter; default `Math.random`. */
  random?: () => number;
  /** Names this worker in leases; default `<host>:<pid>:<random>`. */
  owner?: string;
  /** Pause between polls when nothing is due, in milliseconds. Default 1,000. */
  tickMs?: number;
  /** How long an item is held per step, in milliseconds. Default 60,000 (well above one API call's 10 s). */
  leaseMs?: number;
  /** Items claimed per poll, worked on concurrently (different customers). Default 10. */
  batchSize?: number;
  /** Attempts before an item is dead. Default 8 (about ten minutes with the defaults below). */
  maxAttempts?: number;
  /** First retry delay ceiling, in milliseconds; doubles per attempt. Default 2,000. */
  retryBaseMs?: number;
  /** Largest retry delay, in milliseconds. Default 5 minutes. */
  retryCapMs?: number;
  /** How long done and dead items are kept. Default {@link DEFAULT_KF_KEEP_MS}. */
  keepMs?: number;
}

/** A running (or runnable) worker. */
export interface KfReplyWorker {
  /** Starts polling. Calling it again does nothing. */
  start(): void;
  /** Stops polling and waits for the attempts in flight. */
  stop(): Promise<void>;
  /** One poll: claim, work on and settle what is due now. Returns how many items were claimed. */
  runOnce(): Promise<number>;
  /** Polls until nothing is due now: the "drained" signal. Returns how many items were claimed in all. */
  drain(): Promise<number>;
}

/**
 * Creates the worker.
 *
 * @param options - see {@link KfReplyWorkerOptions}
 */
export function createKfReplyWorker(options: KfReplyWorkerOptions): KfReplyWorker {
  const { store, clock, logger } = options;
  const random = options.random ?? Math.random;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const tickMs = options.tickMs ?? 1_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const batchSize = options.batchSize ?? 10;
  const maxAttempts = options.maxAttempts ?? 8;
  const retryBaseMs = options.retryBaseMs ?? 2_000;
  const retryCapMs = options.retryCapMs ?? 5 * 60_000;
  const keepMs = options.keepMs ?? DEFAULT_KF_KEEP_MS;
  let lastPurgeAt: number | undefined;

  const released = (item: KfQueuedItem): QueuedReply => {
    const { leaseUntil: _until, leaseOwner: _owner, ...rest } = item;
    return rest;
  };

  async function handle(raw: QueuedReply): Promise<void> {
    const parsed = readKfQueuedItem(raw);
    if (!parsed) {
      logger.error({ id: raw.id }, 'kf: unreadable queued reply; marked dead');
      await store.replies.settle({ ...raw, status: 'dead', leaseUntil: undefined, leaseOwner: undefined }, owner);
      return;
    }
    let current: KfQueuedItem = parsed;
    const save = async (next: KfQueuedItem) => {
      const renewed = { ...next, leaseUntil: clock.now() + leaseMs, leaseOwner: owner };
      if (!(await store.replies.settle(renewed, owner))) throw new KfLeaseLostError(next.id);
      current = renewed;
    };
    try {
      await options.work(current, save);
    } catch (error) {
      if (error instanceof KfLeaseLostError) {
        logger.warn({ id: error.id }, 'kf: another worker took this reply over; this attempt stops');
        return;
      }
      return failed(current, error);
    }
    await settle({ ...released(current), status: 'done', attempts: current.attempts + 1, lastError: undefined });
  }

  async function settle(item: QueuedReply): Promise<void> {
    if (!(await store.replies.settle(item, owner))) logger.warn({ id: item.id }, 'kf: another worker took this reply over; result dropped');
  }

  async function failed(item: KfQueuedItem, error: unknown): Promise<void> {
    const now = clock.now();
    const attempts = item.attempts + 1;
    const message = describeError(error);
    const fields = { id: item.id, openKfId: item.openKfId, user: item.user, kind: item.kind, attempts, error: message };
    if (isPermanentKfError(error)) {
      if (isKfSendRefused(error)) logger.warn({ ...fields, errcode: error.code }, 'kf: WeCom refused to send more to this customer now; the rest of the answer is not sent');
      else logger.error(fields, 'kf: reply refused for good; not retried');
      return settle({ ...released(item), status: 'dead', attempts, lastError: message });
    }
    if (attempts >= maxAttempts) {
      logger.error(fields, 'kf: reply failed for good after the last attempt; the customer got no answer to this message');
      return settle({ ...released(item), status: 'dead', attempts, lastError: message });
    }
    let delay = computeRetryDelay(attempts, { baseMs: retryBaseMs, capMs: retryCapMs, random });
    if (error instanceof PlatformError && error.retryAfterSeconds !== undefined) delay = Math.max(delay, Math.min(error.retryAfterSeconds * 1000, retryCapMs));
    logger.warn({ ...fields, retryInMs: delay }, 'kf: reply failed; will retry');
    await settle({ ...released(item), attempts, dueAt: now + delay, lastError: message });
  }

  async function poll(): Promise<number> {
    const now = clock.now();
    if (lastPurgeAt === undefined || now - lastPurgeAt >= 3600_000) {
      lastPurgeAt = now;
      await store.replies.purge(now - keepMs).catch((error: unknown) => logger.warn({ error: describeError(error) }, 'kf: purging old replies failed; will retry in an hour'));
    }
    const items = await store.replies.claimDue({ now, limit: batchSize, leaseMs, owner });
    await Promise.all(
      items.map((item) =>
        handle(item).catch((error: unknown) =>
          // Store trouble: the lease runs out and the item is tried again.
          logger.error({ id: item.id, error: describeError(error) }, 'kf: queued reply could not be handled; will retry after its lease'),
        ),
      ),
    );
    return items.length;
  }

  const polling = createPollingLoop({ poll, tickMs, batchSize, logger, failureMessage: 'kf: outbox poll failed; will retry' });
  return { start: polling.start, stop: polling.stop, runOnce: polling.runOnce, drain: polling.drain };

}

