/**
 * Per-conversation locks on Redis, shared between processes: `lock:<key>` holds the
 * holder's random token with PX = the lease.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { DEFAULT_LOCK_LEASE_MS, DEFAULT_LOCK_WAIT_MS, LockTimeoutError, type LockOptions, type LockStore } from '../contract.js';
import { guard } from './connection.js';
import { runScript, script } from './scripts.js';

/** Longest pause between two tries for a busy lock, in milliseconds. */
const MAX_LOCK_POLL_MS = 100;

/** Deletes the lock only while it still holds our token. */
const RELEASE_LOCK = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);

/** Extends the lease only while the lock still holds our token. */
const EXTEND_LOCK = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`);

/** The lock a {@link RedisLocking} run holds. Work that released it itself (with its writes) sets `released`. */
export interface HeldLock {
  lockKey: string;
  token: string;
  released: boolean;
}

/** One try to take the lock `lockKey` for `token` with PX = `leaseMs`; true when taken. */
export type TakeLock = (lockKey: string, token: string, leaseMs: number) => Promise<boolean>;

/** Runs `work` holding the lock on `key`, taken with `take`; see {@link createRedisLocking}. */
export type RedisLocking = <T>(key: string, options: LockOptions | undefined, take: TakeLock, work: (held: HeldLock) => Promise<T>) => Promise<T>;

/** The Redis lock's own take: `SET lock:<key> token PX lease NX`. */
export function takeLockPlainly(client: Redis): TakeLock {
  return async (lockKey, token, leaseMs) => (await guard('withLock', client.set(lockKey, token, 'PX', leaseMs, 'NX'))) === 'OK';
}

/**
 * Locks shared between processes, for {@link createRedisLocks} and the turn store
 * (`./turns.ts`), which share one instance so that their waiters of one process queue
 * together. In front of the Redis lock sits an in-process queue per key, so waiters of one
 * process are served in arrival order and only the queue's head polls Redis (backing off from
 * 5 ms to {@link MAX_LOCK_POLL_MS}). The lock key holds a random token with PX = `leaseMs`;
 * while `work` runs the lease is renewed every third of it, so only a holder that died (stopped
 * renewing) loses the lock, `leaseMs` after its last renewal. Release deletes the key only if
 * it still holds our token, unless `work` released it itself. A failed release is ignored: the
 * lease ends the lock anyway.
 */
export function createRedisLocking(client: Redis, prefix: string): RedisLocking {
  const tails = new Map<string, Promise<void>>();

  const waitTurn = async (previous: Promise<void>, ms: number): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(0, ms));
    });
    const got = await Promise.race([previous.then(() => true as const), timedOut]);
    clearTimeout(timer);
    return got;
  };

  const acquire = async (key: string, held: HeldLock, take: TakeLock, leaseMs: number, deadline: number) => {
    let pause = 5;
    for (;;) {
      if (await take(held.lockKey, held.token, leaseMs)) return;
      const left = deadline - performance.now();
      if (left <= 0) throw new LockTimeoutError(key);
      await sleep(Math.min(left, pause * (0.5 + Math.random())));
      pause = Math.min(pause * 2, MAX_LOCK_POLL_MS);
    }
  };

  const holding = async <T>(held: HeldLock, leaseMs: number, work: (held: HeldLock) => Promise<T>): Promise<T> => {
    const renew = setInterval(() => {
      runScript(client, 'withLock', EXTEND_LOCK, [held.lockKey], [held.token, String(leaseMs)]).then(
        (extended) => extended === 1 || clearInterval(renew),
        () => undefined,
      );
    }, Math.max(10, Math.floor(leaseMs / 3)));
    renew.unref();
    try {
      return await work(held);
    } finally {
      clearInterval(renew);
    }
  };

  return async <T>(key: string, options: LockOptions | undefined, take: TakeLock, work: (held: HeldLock) => Promise<T>): Promise<T> => {
    const waitMs = options?.waitMs ?? DEFAULT_LOCK_WAIT_MS;
    const leaseMs = Math.max(1, Math.ceil(options?.leaseMs ?? DEFAULT_LOCK_LEASE_MS));
    const deadline = performance.now() + waitMs;

    const previous = tails.get(key) ?? Promise.resolve();
    let leave!: () => void;
    const mine = new Promise<void>((resolve) => (leave = resolve));
    const tail = previous.then(() => mine);
    tails.set(key, tail);
    try {
      if (!(await waitTurn(previous, waitMs))) throw new LockTimeoutError(key);
      const held: HeldLock = { lockKey: `${prefix}lock:${key}`, token: randomUUID(), released: false };
      await acquire(key, held, take, leaseMs, deadline);
      try {
        return await holding(held, leaseMs, work);
      } finally {
        if (!held.released) await runScript(client, 'withLock', RELEASE_LOCK, [held.lockKey], [held.token]).catch(() => undefined);
      }
    } finally {
      // After a timeout those behind us still wait for `previous`, not for us.
      void previous.then(() => leave());
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
    }
  };
}

/**
 * The lock store on {@link createRedisLocking}.
 *
 * @param client - the connection
 * @param locking - the locking shared with the turn store
 */
export function createRedisLocks(client: Redis, locking: RedisLocking): LockStore {
  const take = takeLockPlainly(client);
  return {
    withLock: (key, work, options) => locking(key, options, take, () => work()),
  };
}
