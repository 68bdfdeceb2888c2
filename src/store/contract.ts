/**
 * The storage contract, split the way Rasa splits it: a state store keeps values (with
 * expiry and atomic update), a lock store guarantees that one conversation handles one
 * message at a time. Leads and their outbox, and the replies channels owe, have parts of
 * their own. Each has an in-process implementation; durable and Redis ones
 * implement the same interfaces and pass the same contract test suite
 * (`test/store/storeContract.ts`).
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
  /**
   * The live values whose keys start with `prefix`, in no particular order. Meant for small
   * families of keys (one user's handled messages, the inbox's questions); on Redis it scans
   * the key space, so do not call it on a hot path.
   */
  listPrefix(prefix: string): Promise<Array<{ key: string; value: unknown }>>;
  /** Removes every key that starts with `prefix` and returns how many there were. */
  deletePrefix(prefix: string): Promise<number>;
}

/** Options of {@link ListStore.append}. */
export interface AppendOptions {
  /** How many values the list keeps: the oldest beyond this are dropped. At least 1. */
  keep: number;
  /** Time to live of the whole list in milliseconds, counted again from every append. Omitted: it never expires. */
  ttlMs?: number;
}

/**
 * Keeps short lists of JSON values by key, newest last, capped and with expiry: a
 * conversation's recent messages. Appending does not rewrite what is already there, so a
 * turn costs the size of its own messages, not of the whole list.
 */
export interface ListStore {
  /**
   * Appends `values` to the list under `key`, drops the oldest beyond `keep`, and sets the
   * list's expiry to `ttlMs` from now, atomically. An expired list is started afresh.
   */
  append(key: string, values: readonly unknown[], options: AppendOptions): Promise<void>;
  /** The list's values, oldest first, as copies; empty when absent or expired. */
  read(key: string): Promise<unknown[]>;
  /** Removes the list. Removing an absent list is not an error. */
  delete(key: string): Promise<void>;
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

/** One write of a {@link TurnStore.run} turn: a state value (as {@link StateStore.set}) or values appended to a list (as {@link ListStore.append}). */
export type TurnWrite =
  | { kind: 'set'; key: string; value: unknown; ttlMs?: number }
  | { kind: 'append'; key: string; values: readonly unknown[]; options: AppendOptions };

/** What the work of a {@link TurnStore.run} turn returns: its result, and the writes to make before the lock is released. */
export interface TurnOutcome<T> {
  result: T;
  /** Made in this order; none when omitted. */
  writes?: readonly TurnWrite[];
}

/**
 * One turn of a conversation: lock, read, work, write, release — the {@link LockStore},
 * {@link StateStore} and {@link ListStore} calls a turn makes, combined so that a shared store
 * needs two round trips (lock and reads, writes and release) instead of one per call.
 */
export interface TurnStore {
  /**
   * Takes the lock on `lockKey` as {@link LockStore.withLock} does (same queue, wait, lease and
   * renewal), reads the state values under `readKeys`, runs `work` with them (in the order of
   * `readKeys`, `undefined` when absent or expired), makes the writes `work` returns, in order,
   * and releases the lock. The writes are made while the lock is held, as writes made inside
   * `withLock` would be; when `work` throws, nothing is written and the lock is released.
   *
   * @throws LockTimeoutError when the lock could not be taken within `waitMs`
   */
  run<T>(lockKey: string, readKeys: readonly string[], work: (values: unknown[]) => Promise<TurnOutcome<T>>, options?: LockOptions): Promise<T>;
}

/**
 * A lead as the store keeps it: a JSON document with the fields the store indexes. The
 * leads layer (`src/leads/leadRecord.ts`) validates the rest with zod when it reads.
 */
export interface StoredLead {
  id: string;
  /** Identifies the applicant across leads (a hash of the contact), for re-applications; absent once erased. */
  personKey?: string;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  [field: string]: unknown;
}

/** Where an outbox item stands. */
export const OUTBOX_STATUSES = ['pending', 'delivered', 'dead', 'cancelled'] as const;
/** Where an outbox item stands. */
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * One delivery to make: the transactional outbox. Written in the same transaction as the
 * lead change that causes it; retried until delivered or dead. `id` is the idempotency key
 * the receiver sees on every attempt (the `webhook-id` header).
 */
export interface OutboxItem {
  id: string;
  leadId: string;
  status: OutboxStatus;
  /** When the next attempt is due, epoch milliseconds. */
  dueAt: number;
  attempts: number;
  /** A worker holds the item until this time while it tries to deliver it. */
  leaseUntil?: number;
  leaseOwner?: string;
  createdAt: number;
  /** What to deliver, to whom and how: owned by `src/leads`. */
  [field: string]: unknown;
}

/** The change an {@link LeadStore.updateLead} function asks for. */
export type LeadChange = { lead: StoredLead; enqueue?: OutboxItem[] } | undefined;

/**
 * Keeps leads and their outbox. Every method that changes a lead and queues deliveries
 * does both in one transaction, so a confirmed lead is never saved without its deliveries
 * nor the reverse, whatever crashes when.
 */
export interface LeadStore {
  /** Saves a new or changed lead and queues `enqueue`, atomically. */
  saveLead(lead: StoredLead, enqueue?: readonly OutboxItem[]): Promise<void>;
  /** Reads, changes and writes a lead atomically; `change` returns undefined to leave it. May be called more than once. */
  updateLead(id: string, change: (current: StoredLead) => LeadChange): Promise<StoredLead | undefined>;
  getLead(id: string): Promise<StoredLead | undefined>;
  /** The most recently created lead with this person key. */
  findLeadByPerson(personKey: string): Promise<StoredLead | undefined>;
  /** All leads, newest first. */
  listLeads(): Promise<StoredLead[]>;
  /** Removes a lead and its outbox items (retention purge). */
  deleteLead(id: string): Promise<void>;
  /**
   * Takes up to `limit` pending items due at `now` whose lease has expired, leases them to
   * `owner` until `now + leaseMs`, and returns them oldest due first. Two callers never get
   * the same item while its lease runs.
   */
  claimDueDeliveries(options: { now: number; limit: number; leaseMs: number; owner: string }): Promise<OutboxItem[]>;
  /**
   * Records the result of an attempt: replaces the item (status, attempts, dueAt, lease
   * cleared) and appends `historyEntry` to the lead's `history` array, atomically.
   * Ignored when `owner` no longer holds the lease (another worker took over).
   */
  settleDelivery(item: OutboxItem, owner: string, historyEntry: unknown): Promise<boolean>;
  /** The outbox items of one lead, oldest first. */
  listDeliveries(leadId: string): Promise<OutboxItem[]>;
}

/** Where a queued reply stands: waiting (or being worked on), done, or given up. */
export const REPLY_STATUSES = ['pending', 'done', 'dead'] as const;
/** Where a queued reply stands. */
export type ReplyStatus = (typeof REPLY_STATUSES)[number];

/**
 * One reply owed to one platform message (a 微信客服 customer message): the durable outbox of
 * a channel. `id` is the idempotency key (the platform's message id), so recording the same
 * message twice queues it once. Items of one `conversation` are worked on one at a time, in
 * the order they were first queued, so a customer's answers never overtake each other.
 */
export interface QueuedReply {
  id: string;
  /** Items with the same conversation are claimed one at a time, in queuing order. */
  conversation: string;
  status: ReplyStatus;
  /** When the next attempt is due, epoch milliseconds. */
  dueAt: number;
  attempts: number;
  /** A worker holds the item until this time while it works on it. */
  leaseUntil?: number;
  leaseOwner?: string;
  createdAt: number;
  /** What to answer and how far it got: owned by the channel. */
  [field: string]: unknown;
}

/**
 * Keeps queued replies: leased, retried, idempotent, like the leads' outbox but without a
 * lead. Every method is atomic on its own.
 */
export interface ReplyOutbox {
  /** Queues `item` unless an item with its id is stored (in any status); true when it was queued. */
  enqueue(item: QueuedReply): Promise<boolean>;
  /**
   * Takes up to `limit` pending items due at `now` whose lease has expired and that are the
   * earliest pending item of their conversation, leases them to `owner` until `now + leaseMs`
   * and returns them, earliest due first. Two callers never get the same item while its lease runs.
   * With `conversationPrefix`, only items whose conversation starts with it are claimed, so
   * several workers share the outbox, each taking its own kind of work (the 微信客服 replies
   * under `wecom-kf`, calendar notifications under `calendar:`).
   */
  claimDue(options: { now: number; limit: number; leaseMs: number; owner: string; conversationPrefix?: string }): Promise<QueuedReply[]>;
  /**
   * Replaces a leased item with `item` (its conversation and creation time stay as stored),
   * when `owner` is still its recorded lease owner; false otherwise (another worker took
   * over). The lease fields are written as given: keep them to record progress and go on
   * holding the item, leave them out to release it.
   */
  settle(item: QueuedReply, owner: string): Promise<boolean>;
  /** The item with this id, with its lease fields. */
  get(id: string): Promise<QueuedReply | undefined>;
  /** Removes done and dead items created before `before` (epoch ms) and returns how many. Pending items stay. */
  purge(before: number): Promise<number>;
}

/**
 * One turn of a conversation as the staff's conversation logs keep it: the fields the store
 * indexes, and the rest (the anonymised question and replies, entry, confidence, rating),
 * owned by `src/admin/logs`. Holds no user id: `conversation` is a random reference.
 */
export interface LoggedTurn {
  /** Unique; the idempotency key of {@link ConversationLogStore.append}. */
  id: string;
  /** The conversation's random reference (never the platform's user id). */
  conversation: string;
  /** When the turn was handled, epoch milliseconds. */
  at: number;
  /** The channel (`web`, `telegram`, …). */
  channel: string;
  [field: string]: unknown;
}

/** What {@link ConversationLogStore.query} returns. Every field but `limit` is optional. */
export interface LogQuery {
  /** Only this conversation's turns. */
  conversation?: string;
  /** Only this channel's turns. */
  channel?: string;
  /** Only turns at or after this time, epoch milliseconds. */
  from?: number;
  /** Only turns before this time (exclusive), epoch milliseconds. */
  to?: number;
  /** Only turns that come after the turn with this id in the order of the answer (the next page); an unknown id gives none. */
  after?: string;
  /** Most turns returned, at least 1. */
  limit: number;
}

/**
 * Keeps logged conversation turns for the staff console: append-only but for ratings added
 * later ({@link ConversationLogStore.patch}), read newest first by time, channel and
 * conversation, deleted by conversation ("forget me") and by age (retention).
 */
export interface ConversationLogStore {
  /** Stores a copy of `turn` unless a turn with its id is stored; true when it was stored. */
  append(turn: LoggedTurn): Promise<boolean>;
  /**
   * Merges `fields` into the stored turn (`id`, `conversation`, `at` and `channel` stay as
   * stored); false when there is no such turn.
   */
  patch(id: string, fields: Readonly<Record<string, unknown>>): Promise<boolean>;
  /** Matching turns, newest first; turns of the same time, the last appended first. */
  query(query: LogQuery): Promise<LoggedTurn[]>;
  /** Removes every turn of a conversation and returns how many there were. */
  deleteConversation(conversation: string): Promise<number>;
  /** Removes the turns older than `before` (epoch ms) and returns how many. */
  purge(before: number): Promise<number>;
}

/** Everything the bot stores, behind one object chosen from configuration. */
export interface Store {
  /** Which implementation this is, for logs and readiness output. */
  readonly kind: 'memory' | 'sqlite' | 'redis';
  readonly state: StateStore;
  /** Capped lists with expiry (conversation history); their keys are apart from the state store's. */
  readonly lists: ListStore;
  readonly locks: LockStore;
  /** A conversation's turn in two round trips on Redis; on the other stores the plain calls (`plainTurnStore.ts`). */
  readonly turns: TurnStore;
  readonly leads: LeadStore;
  /** Replies owed to platform messages and notifications owed to subscribers (the 微信客服 and calendar outboxes). */
  readonly replies: ReplyOutbox;
  /** Anonymised conversation turns for the console's conversation logs. */
  readonly logs: ConversationLogStore;
  /** Resolves when the store answers; rejects otherwise. Used by `/readyz`. */
  ping(): Promise<void>;
  /**
   * Makes erased data unrecoverable from the store's own files after an erasure ("forget
   * me"): SQLite overwrites freed pages (`secure_delete`) and checkpoints and truncates its
   * write-ahead log; Redis rewrites its append-only file when AOF is on. Backups and RDB
   * snapshots taken before are the operator's (README, Privacy). Never rejects because of
   * what it cannot do; rejects only when the store is unavailable.
   */
  scrub(): Promise<void>;
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
