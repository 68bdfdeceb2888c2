/**
 * The worker of the store's reply outbox (`store.replies`): the leads' delivery mechanism
 * (`src/leads/createOutboxWorker.ts`) for work owed to people in chats. It claims due items of
 * its own conversations (`conversationPrefix`) with a lease, one at a time per conversation
 * and in order, lets its `work` function handle each, and records the result: done, tried
 * again later with exponential backoff and full jitter, or dead — at once when the error says
 * it will happen every time (`isPermanent`), or after the last attempt. Progress within an
 * item is saved as it is made (renewing the lease), so a retry or another process goes on
 * where an attempt stopped.
 *
 * Crash safety: an item is done only after its work returned; a process that dies mid-item
 * leaves it leased, and it is taken up again when the lease runs out. Done and dead items are
 * kept for `keepMs` (ids stay known, so the same work queued again is recognised), then purged.
 *
 * Users: the 微信客服 replies (`src/channels/wecom/createKfReplyWorker.ts`) and the calendar
 * notifications (`src/calendar/createNotificationWorker.ts`).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { computeRetryDelay } from '../leads/computeRetryDelay.js';
import type { QueuedReply, Store } from '../store/contract.js';
import type { Clock } from '../shared/clock.js';
import { PlatformError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { createPollingLoop, describeError } from './pollingLoop.js';

/** How long done and dead items are kept by default: four days (微信客服 sync_msg returns at most three). */
export const DEFAULT_REPLY_KEEP_MS = 4 * 24 * 3600_000;

/** Thrown by `save` when another worker took the item over: the attempt stops, its result is dropped. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  /** @param id - the item */
  constructor(readonly id: string) {
    super(`another worker took queued item ${id} over`);
  }
}

/** Works on one item; `save` records progress (and renews the lease). */
export type ReplyWork<T extends QueuedReply> = (item: T, save: (item: T) => Promise<void>) => Promise<void>;

/** The tunables of a reply worker; every one has a default. */
export interface ReplyWorkerTuning {
  /** Uniform random numbers in [0, 1) for the backoff jitter; default `Math.random`. */
  random?: () => number;
  /** Names this worker in leases; default `<host>:<pid>:<random>`. */
  owner?: string;
  /** Pause between polls when nothing is due, in milliseconds. Default 1,000. */
  tickMs?: number;
  /** How long an item is held per step, in milliseconds. Default 60,000 (well above one API call's 10 s). */
  leaseMs?: number;
  /** Items claimed per poll, worked on concurrently (different conversations). Default 10. */
  batchSize?: number;
  /** Attempts before an item is dead. Default 8 (about ten minutes with the defaults below). */
  maxAttempts?: number;
  /** First retry delay ceiling, in milliseconds; doubles per attempt. Default 2,000. */
  retryBaseMs?: number;
  /** Largest retry delay, in milliseconds. Default 5 minutes. */
  retryCapMs?: number;
  /** How long done and dead items are kept. Default {@link DEFAULT_REPLY_KEEP_MS}. */
  keepMs?: number;
}

/** What a reply worker is built from. */
export interface ReplyWorkerOptions<T extends QueuedReply> extends ReplyWorkerTuning {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Starts every log line ("kf", "calendar"). */
  name: string;
  /** What one item is, in log lines ("reply", "notification"). */
  noun: string;
  /** Only items whose conversation starts with this are claimed (other workers own the rest). */
  conversationPrefix: string;
  /** The stored item read back with its schema; undefined: unreadable (marked dead). */
  read: (raw: QueuedReply) => T | undefined;
  work: ReplyWork<T>;
  /** True for an error that will happen on every attempt: the item is dead at once. */
  isPermanent: (error: unknown) => boolean;
  /** What the log lines say about an item (never personal data). Default: its id. */
  describe?: (item: T) => Record<string, unknown>;
  /** Logs a permanent failure; default one error line. */
  logPermanent?: (fields: Record<string, unknown>, error: unknown) => void;
}

/** A running (or runnable) worker. */
export interface ReplyWorker {
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
 * @param options - see {@link ReplyWorkerOptions}
 */
export function createReplyWorker<T extends QueuedReply>(options: ReplyWorkerOptions<T>): ReplyWorker {
  const { store, clock, logger, name, noun } = options;
  const random = options.random ?? Math.random;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const tickMs = options.tickMs ?? 1_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const batchSize = options.batchSize ?? 10;
  const maxAttempts = options.maxAttempts ?? 8;
  const retryBaseMs = options.retryBaseMs ?? 2_000;
  const retryCapMs = options.retryCapMs ?? 5 * 60_000;
  const keepMs = options.keepMs ?? DEFAULT_REPLY_KEEP_MS;
  const describe = options.describe ?? ((item: T) => ({ id: item.id }));
  const logPermanent = options.logPermanent ?? ((fields) => logger.error(fields, `${name}: ${noun} refused for good; not retried`));
  let lastPurgeAt: number | undefined;

  const released = (item: T): QueuedReply => {
    const { leaseUntil: _until, leaseOwner: _owner, ...rest }: QueuedReply = item;
    return rest;
  };

  async function handle(raw: QueuedReply): Promise<void> {
    const parsed = options.read(raw);
    if (!parsed) {
      logger.error({ id: raw.id }, `${name}: unreadable queued item; marked dead`);
      await store.replies.settle({ ...raw, status: 'dead', leaseUntil: undefined, leaseOwner: undefined }, owner);
      return;
    }
    let current: T = parsed;
    const save = async (next: T) => {
      const renewed = { ...next, leaseUntil: clock.now() + leaseMs, leaseOwner: owner };
      if (!(await store.replies.settle(renewed, owner))) throw new LeaseLostError(next.id);
      current = renewed;
    };
    try {
      await options.work(current, save);
    } catch (error) {
      if (error instanceof LeaseLostError) {
        logger.warn({ id: error.id }, `${name}: another worker took this ${noun} over; this attempt stops`);
        return;
      }
      return failed(current, error);
    }
    await settle({ ...released(current), status: 'done', attempts: current.attempts + 1, lastError: undefined });
  }

  async function settle(item: QueuedReply): Promise<void> {
    if (!(await store.replies.settle(item, owner))) logger.warn({ id: item.id }, `${name}: another worker took this ${noun} over; result dropped`);
  }

  async function failed(item: T, error: unknown): Promise<void> {
    const now = clock.now();
    const attempts = item.attempts + 1;
    const message = describeError(error);
    const fields = { ...describe(item), attempts, error: message };
    if (options.isPermanent(error)) {
      logPermanent(fields, error);
      return settle({ ...released(item), status: 'dead', attempts, lastError: message });
    }
    if (attempts >= maxAttempts) {
      logger.error(fields, `${name}: ${noun} failed for good after the last attempt`);
      return settle({ ...released(item), status: 'dead', attempts, lastError: message });
    }
    let delay = computeRetryDelay(attempts, { baseMs: retryBaseMs, capMs: retryCapMs, random });
    if (error instanceof PlatformError && error.retryAfterSeconds !== undefined) delay = Math.max(delay, Math.min(error.retryAfterSeconds * 1000, retryCapMs));
    logger.warn({ ...fields, retryInMs: delay }, `${name}: ${noun} failed; will retry`);
    await settle({ ...released(item), attempts, dueAt: now + delay, lastError: message });
  }

  async function poll(): Promise<number> {
    const now = clock.now();
    if (lastPurgeAt === undefined || now - lastPurgeAt >= 3600_000) {
      lastPurgeAt = now;
      await store.replies.purge(now - keepMs).catch((error: unknown) => logger.warn({ error: describeError(error) }, `${name}: purging old items failed; will retry in an hour`));
    }
    const items = await store.replies.claimDue({ now, limit: batchSize, leaseMs, owner, conversationPrefix: options.conversationPrefix });
    await Promise.all(
      items.map((item) =>
        handle(item).catch((error: unknown) =>
          // Store trouble: the lease runs out and the item is tried again.
          logger.error({ id: item.id, error: describeError(error) }, `${name}: queued item could not be handled; will retry after its lease`),
        ),
      ),
    );
    return items.length;
  }

  const polling = createPollingLoop({ poll, tickMs, batchSize, logger, failureMessage: `${name}: outbox poll failed; will retry` });
  return { start: polling.start, stop: polling.stop, runOnce: polling.runOnce, drain: polling.drain };
}
