/**
 * The in-process store: a Map with expiry, a per-key promise queue, the in-process lists
 * (`memoryListStore.ts`), lead store (`memoryLeadStore.ts`) and reply outbox
 * (`memoryReplyOutbox.ts`). It is the default when nothing is configured and what tests build
 * their apps on. Nothing survives a restart.
 */
import type { Clock } from '../shared/clock.js';
import {
  DEFAULT_LOCK_WAIT_MS,
  LockTimeoutError,
  type LockOptions,
  type LockStore,
  type StateStore,
  type Store,
  type UpdateResult,
  type WriteOptions,
} from './contract.js';
import { createMemoryLeadStore } from './memoryLeadStore.js';
import { createMemoryReplyOutbox } from './memoryReplyOutbox.js';
import { createMemoryListStore } from './memoryListStore.js';
import { createMemoryLogStore } from './memoryLogStore.js';
import { createPlainTurnStore } from './plainTurnStore.js';

interface Slot {
  json: string;
  expiresAt: number | undefined;
}

/** How many writes between sweeps of expired keys. */
const SWEEP_EVERY_WRITES = 1000;

/**
 * Creates an in-process {@link Store}.
 *
 * @param clock - decides when values expire
 */
export function createMemoryStore(clock: Clock): Store {
  const slots = new Map<string, Slot>();
  let writesSinceSweep = 0;

  const live = (key: string): Slot | undefined => {
    const slot = slots.get(key);
    if (!slot) return undefined;
    if (slot.expiresAt !== undefined && slot.expiresAt <= clock.now()) {
      slots.delete(key);
      return undefined;
    }
    return slot;
  };
  const write = (key: string, value: unknown, options?: WriteOptions) => {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError(`value for ${key} is not JSON`);
    slots.set(key, { json, expiresAt: options?.ttlMs === undefined ? undefined : clock.now() + options.ttlMs });
    if (++writesSinceSweep >= SWEEP_EVERY_WRITES) {
      writesSinceSweep = 0;
      for (const k of slots.keys()) live(k);
    }
  };

  const state: StateStore = {
    async get(key) {
      const slot = live(key);
      return slot ? JSON.parse(slot.json) : undefined;
    },
    async set(key, value, options) {
      write(key, value, options);
    },
    async delete(key) {
      slots.delete(key);
    },
    async setIfAbsent(key, value, options) {
      if (live(key)) return false;
      write(key, value, options);
      return true;
    },
    async update<T>(key: string, change: (current: unknown) => UpdateResult<T>) {
      const slot = live(key);
      const outcome = change(slot ? JSON.parse(slot.json) : undefined);
      if (outcome.action === 'set') write(key, outcome.value, { ttlMs: outcome.ttlMs });
      else if (outcome.action === 'delete') slots.delete(key);
      return outcome.result;
    },
    async listPrefix(prefix) {
      const found: Array<{ key: string; value: unknown }> = [];
      for (const key of [...slots.keys()]) {
        const slot = key.startsWith(prefix) ? live(key) : undefined;
        if (slot) found.push({ key, value: JSON.parse(slot.json) });
      }
      return found;
    },
    async deletePrefix(prefix) {
      let removed = 0;
      for (const key of [...slots.keys()]) {
        if (!key.startsWith(prefix)) continue;
        if (live(key)) removed += 1;
        slots.delete(key);
      }
      return removed;
    },
  };

  const lists = createMemoryListStore(clock);
  const locks = createMemoryLocks();
  return {
    kind: 'memory',
    state,
    lists,
    locks,
    turns: createPlainTurnStore({ locks, state, lists }),
    leads: createMemoryLeadStore(),
    replies: createMemoryReplyOutbox(),
    logs: createMemoryLogStore(),
    ping: async () => undefined,
    scrub: async () => undefined,
    close: async () => {
      slots.clear();
      lists.clear();
    },
  };
}

/**
 * Per-key locks for one process: each key has a queue of waiters, served in arrival order.
 */
export function createMemoryLocks(): LockStore {
  const tails = new Map<string, Promise<void>>();
  return {
    async withLock<T>(key: string, work: () => Promise<T>, options?: LockOptions): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((resolve) => (release = resolve));
      const tail = previous.then(() => mine);
      tails.set(key, tail);

      const waitMs = options?.waitMs ?? DEFAULT_LOCK_WAIT_MS;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), waitMs);
      });
      const got = await Promise.race([previous.then(() => 'acquired' as const), timedOut]);
      clearTimeout(timer);
      if (got === 'timeout') {
        // Leave our place in the queue without blocking those behind us.
        void previous.then(() => release());
        void tail.then(() => {
          if (tails.get(key) === tail) tails.delete(key);
        });
        throw new LockTimeoutError(key);
      }
      try {
        return await work();
      } finally {
        release();
        if (tails.get(key) === tail) tails.delete(key);
      }
    },
  };
}
