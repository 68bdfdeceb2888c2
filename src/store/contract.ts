/**
 * The storage contract, split the way Rasa splits it: a state store keeps values (with
 * expiry and atomic update), a lock store guarantees that one conversation handles one
 * message at a time. Each has an in-process implementation; durable and Redis ones
 * implement the same interfaces and pass the same contract test suite
 * (`test/store/contract.ts`).
 *
 * Values are JSON: what goes in comes back as a deep copy, as it would from a real store.
 */

/** Options for writing a value. */
export interface WriteOptions {
  /** Time to live in milliseconds. Omitted: the value never expires. */
  ttlMs?: number;
}

/** The result of an {@link StateStore.update} function. */
export type UpdateResult<T> =
  | { action: 'set'; value: T; ttlMs?: number; result?: unknown }
  | { action: 'delete'; result?: unknown }
  | { action: 'keep'; result?: unknown };

/** Keeps JSON values by key, with optional expiry. */
export interface StateStore {
  /** The value under `key`, or `undefined` when absent or expired. */
  get(key: string): Promise<unknown>;
  /** Stores `value` under `key`, replacing what was there. */
  set(key: string, value: unknown, options?: WriteOptions): Promise<void>;
  /** Removes `key`. Removing an absent key is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Stores `value` only when `key` is absent; true when it was stored. This is how inbound
   * messages are de-duplicated and how a single refresher is chosen.
   */
  setIfAbsent(key: string, value: unknown, options?: WriteOptions): Promise<boolean>;
  /**
   * Reads, changes and writes one key atomically: no other update or set of the same key
   * runs in between. `change` may be called more than once (optimistic stores retry on
   * conflict), so it must not have side effects. Returns the `result` of the last call.
   */
  update<T = unknown>(key: string, change: (current: unknown) => UpdateResult<T>): Promise<unknown>;
}

/** Options for taking a lock. */
export interface LockOptions {
  /** How long to wait for the lock before giving up, in milliseconds. Default 10,000. */
  waitMs?: number;
  /**
   * How long the lock is held at most if its holder dies, in milliseconds. Default 30,000.
   * Only stores shared between processes need it; the in-process store ignores it.
   */
  leaseMs?: number;
}

/** Serialises work per key: one holder at a time, waiters served in arrival order. */
export interface LockStore {
  /**
   * Runs `work` while holding the lock on `key` and releases it afterwards, also when
   * `work` throws.
   *
   * @throws LockTimeoutError when the lock could not be taken within `waitMs`
   */
  withLock<T>(key: string, work: () => Promise<T>, options?: LockOptions): Promise<T>;
}

/** Everything the bot stores, behind one object chosen from configuration. */
export interface Store {
  /** Which implementation this is, for logs and readiness output. */
  readonly kind: 'memory' | 'sqlite' | 'redis';
  readonly state: StateStore;
  readonly locks: LockStore;
  /** Resolves when the store answers; rejects otherwise. Used by `/readyz`. */
  ping(): Promise<void>;
  /** Releases connections and files. */
  close(): Promise<void>;
}

/** The lock on a key could not be taken in time. */
export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
  /** @param key - the key whose lock was busy */
  constructor(readonly key: string) {
    super(`lock on ${key} is busy; try again shortly`);
  }
}

/** Default wait for a lock, in milliseconds. */
export const DEFAULT_LOCK_WAIT_MS = 10_000;
/** Default lease of a lock, in milliseconds. */
export const DEFAULT_LOCK_LEASE_MS = 30_000;
