/**
 * The embedded durable store: one SQLite file (better-sqlite3) holding the state store's
 * keys, the lists (`sqliteListStore.ts`), the leads and their outbox (`sqliteLeadStore.ts`), and the replies channels
 * owe (`sqliteReplyOutbox.ts`), in WAL mode. Leads, their outbox and the replies are committed
 * on a connection with `synchronous = FULL`, so a confirmed lead, its deliveries and an owed
 * reply survive a killed process and a power cut. The state store's keys (conversations,
 * handled messages) and the lists (web history) are committed on a second connection with
 * `synchronous = NORMAL`: no fsync per turn; they survive a killed process, and a power cut can
 * lose only what was written after the last FULL commit (the write-ahead log is synced in
 * order, so a lead's commit also makes every state write before it durable). One process owns
 * the file: locks are in-process, like the in-process store's.
 *
 * See https://www.sqlite.org/wal.html and https://www.sqlite.org/pragma.html#pragma_synchronous
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Clock } from '../shared/clock.js';
import { InputError, PlatformError } from '../shared/errors.js';
import type { StateStore, Store, UpdateResult, WriteOptions } from './contract.js';
import { createMemoryLocks } from './memoryStore.js';
import { createPlainTurnStore } from './plainTurnStore.js';
import { createSqliteLeadStore, inTransaction, toJson } from './sqliteLeadStore.js';
import { createSqliteReplyOutbox } from './sqliteReplyOutbox.js';
import { createSqliteListStore, LIST_TABLES_MIGRATION } from './sqliteListStore.js';
import { createSqliteLogStore, LOG_TABLE_MIGRATION } from './sqliteLogStore.js';

/** Options for {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /** The database file; its folder is created when missing. `:memory:` for a throwaway database. */
  file: string;
  /** Decides when state values expire. */
  clock: Clock;
}

/**
 * The schema, one step per version: step `i` upgrades a file from `user_version` i to i + 1.
 * Append steps; never edit a released one.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE kv (
     key TEXT PRIMARY KEY,
     json TEXT NOT NULL,
     expires_at INTEGER
   );
   CREATE INDEX kv_expiry ON kv (expires_at) WHERE expires_at IS NOT NULL;
   CREATE TABLE leads (
     id TEXT PRIMARY KEY,
     person_key TEXT,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     json TEXT NOT NULL
   );
   CREATE INDEX leads_by_person ON leads (person_key, created_at);
   CREATE INDEX leads_by_created ON leads (created_at);
   CREATE TABLE outbox (
     id TEXT PRIMARY KEY,
     lead_id TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead', 'cancelled')),
     due_at INTEGER NOT NULL,
     lease_until INTEGER,
     lease_owner TEXT,
     created_at INTEGER NOT NULL,
     json TEXT NOT NULL
   );
   CREATE INDEX outbox_due ON outbox (status, due_at);
   CREATE INDEX outbox_by_lead ON outbox (lead_id, created_at);`,
  `CREATE TABLE replies (
     id TEXT PRIMARY KEY,
     conversation TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'dead')),
     due_at INTEGER NOT NULL,
     lease_until INTEGER,
     lease_owner TEXT,
     created_at INTEGER NOT NULL,
     json TEXT NOT NULL
   );
   CREATE INDEX replies_due ON replies (status, due_at);
   CREATE INDEX replies_by_conversation ON replies (conversation, status);
   CREATE INDEX replies_by_created ON replies (created_at);`,
  LIST_TABLES_MIGRATION,
  LOG_TABLE_MIGRATION,
];

/** How long a statement waits for another connection's write lock, in milliseconds. */
const BUSY_TIMEOUT_MS = 5000;
/** How many state writes between sweeps of expired keys. */
const SWEEP_EVERY_WRITES = 1000;

/**
 * Opens (creating when missing) a SQLite-backed {@link Store}. Its lock store is the
 * in-process one: a single process must own the file, so run one bot process per file.
 *
 * @param options - the file and the clock; see {@link SqliteStoreOptions}
 * @throws Error when the file was written by a newer schema version than this code knows
 * @throws InputError (naming DATA_DIR) when the file is damaged, not a database, or cannot be opened for writing
 */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const db = openDatabase(options.file);
  const stateDb = openStateConnection(options.file, db);
  const parts = { state: withStoreErrors(createSqliteStateStore(stateDb, options.clock)), lists: withStoreErrors(createSqliteListStore(stateDb, options.clock)), locks: createMemoryLocks() };
  return {
    kind: 'sqlite',
    ...parts,
    turns: createPlainTurnStore(parts),
    leads: withStoreErrors(createSqliteLeadStore(db)),
    replies: withStoreErrors(createSqliteReplyOutbox(db)),
    logs: withStoreErrors(createSqliteLogStore(stateDb)),
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async scrub() {
      // secure_delete (set at open) has zeroed the freed content; the checkpoint moves the
      // zeroed pages into the file and truncates the log, which held the old page images.
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } catch (error) {
        throw toStoreError('scrub', error);
      }
    },
    async close() {
      if (stateDb.open) stateDb.close();
      if (db.open) db.close();
    },
  };
}

/**
 * The state store's own connection to the file `db` has opened and checked, with
 * `synchronous = NORMAL` (see the top of this file); the same connection for `:memory:`.
 */
function openStateConnection(file: string, db: Database.Database): Database.Database {
  if (file === ':memory:') return db;
  let state: Database.Database;
  try {
    state = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    db.close();
    throw unusableFile(file, error);
  }
  try {
    state.pragma('journal_mode = WAL');
    state.pragma('secure_delete = ON');
    state.pragma('synchronous = NORMAL');
    state.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  } catch (error) {
    state.close();
    db.close();
    throw unusableFile(file, error);
  }
  return state;
}

/** Opens the file with durable settings and brings its schema up to date. */
function openDatabase(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw unusableFile(file, error);
  }
  try {
    db.pragma('journal_mode = WAL');
    // Deleted and overwritten content is zeroed, so an erased contact leaves no bytes behind.
    db.pragma('secure_delete = ON');
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.transaction(() => {
      const version = Number(db.pragma('user_version', { simple: true }));
      if (version > MIGRATIONS.length) {
        throw new Error(`${file} has schema version ${version}, newer than this talentbot knows (${MIGRATIONS.length}); upgrade talentbot or use another file`);
      }
      for (const step of MIGRATIONS.slice(version)) db.exec(step);
      db.pragma(`user_version = ${MIGRATIONS.length}`);
    }).immediate();
    // Reads every page once: a damaged file is found now, not on some later turn.
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Database.SqliteError(String(check), 'SQLITE_CORRUPT');
  } catch (error) {
    db.close();
    throw unusableFile(file, error);
  }
  return db;
}

/**
 * The one clear error for a store file that cannot be used: what is wrong and what to do.
 * Errors that are not about the file (a newer schema version) pass through.
 */
function unusableFile(file: string, error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'))) {
    return new InputError(
      'DATA_DIR',
      `the store file ${file} is damaged or not a SQLite database (${code}); stop talentbot, move the file (and its -wal and -shm files) aside, and restore the latest backup (README, Backups) — or start without it for an empty store`,
    );
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM' || code === 'SQLITE_IOERR' || code === 'EACCES' || code === 'SQLITE_AUTH') {
    return new InputError(
      'DATA_DIR',
      `the store file ${file} cannot be opened for writing (${code}): check that the folder exists, the disk is not full and the user running talentbot may read and write the file and its folder`,
    );
  }
  return error;
}

/**
 * SQLite result codes that say the file cannot be written just now (disk full, read-only,
 * I/O error, locked): callers answer "try again shortly" and the store recovers by itself.
 */
const UNAVAILABLE_CODES = /^SQLITE_(FULL|READONLY|IOERR|BUSY|LOCKED|CANTOPEN|NOMEM|PROTOCOL)/;

/**
 * The error a caller decides by: a SQLite error that will pass becomes
 * `PlatformError('sqlite', method, 503, …)`, like an unavailable Redis; others are kept.
 *
 * @param method - the store method that failed
 * @param error - what better-sqlite3 threw
 */
export function toStoreError(method: string, error: unknown): unknown {
  if (error instanceof Database.SqliteError && UNAVAILABLE_CODES.test(error.code)) {
    return new PlatformError('sqlite', method, 503, `${error.code}: ${error.message}`);
  }
  return error;
}

/** The same methods, with SQLite errors turned into {@link toStoreError}'s. */
function withStoreErrors<T extends object>(part: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(part)) {
    wrapped[name] =
      typeof member === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await (member as (...a: unknown[]) => Promise<unknown>).apply(part, args);
            } catch (error) {
              throw toStoreError(name, error);
            }
          }
        : member;
  }
  return wrapped as T;
}

/** The state store on the `kv` table. Expired rows read as absent and are swept at open and every so many writes. */
function createSqliteStateStore(db: Database.Database, clock: Clock): StateStore {
  const select = db.prepare<[string], { json: string; expires_at: number | null }>('SELECT json, expires_at FROM kv WHERE key = ?');
  const upsert = db.prepare<[string, string, number | null]>(
    'INSERT INTO kv (key, json, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET json = excluded.json, expires_at = excluded.expires_at',
  );
  const insertUnlessLive = db.prepare<[string, string, number | null, number]>(
    `INSERT INTO kv (key, json, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET json = excluded.json, expires_at = excluded.expires_at
     WHERE kv.expires_at IS NOT NULL AND kv.expires_at <= ?`,
  );
  const remove = db.prepare<[string]>('DELETE FROM kv WHERE key = ?');
  const sweep = db.prepare<[number]>('DELETE FROM kv WHERE expires_at IS NOT NULL AND expires_at <= ?');
  // The range uses the primary key's index; substr makes the match exact.
  const PREFIX_RANGE = 'key >= @prefix AND key < @upper AND substr(key, 1, length(@prefix)) = @prefix';
  const selectPrefix = db.prepare<[{ prefix: string; upper: string }], { key: string; json: string; expires_at: number | null }>(
    `SELECT key, json, expires_at FROM kv WHERE ${PREFIX_RANGE}`,
  );
  const removePrefix = db.prepare<[{ prefix: string; upper: string; now: number }]>(
    `DELETE FROM kv WHERE ${PREFIX_RANGE} AND (expires_at IS NULL OR expires_at > @now)`,
  );
  const removeExpiredPrefix = db.prepare<[{ prefix: string; upper: string }]>(`DELETE FROM kv WHERE ${PREFIX_RANGE}`);
  const range = (prefix: string) => ({ prefix, upper: `${prefix}\u{10FFFF}` });
  let writesSinceSweep = 0;

  const readLive = (key: string): unknown => {
    const row = select.get(key);
    if (!row || (row.expires_at !== null && row.expires_at <= clock.now())) return undefined;
    return JSON.parse(row.json);
  };
  const expiry = (options?: WriteOptions) => (options?.ttlMs === undefined ? null : clock.now() + options.ttlMs);
  const countWrite = () => {
    if (++writesSinceSweep < SWEEP_EVERY_WRITES) return;
    writesSinceSweep = 0;
    sweep.run(clock.now());
  };
  sweep.run(clock.now());

  return {
    async get(key) {
      return readLive(key);
    },
    async set(key, value, options) {
      upsert.run(key, toJson(value, `value for ${key}`), expiry(options));
      countWrite();
    },
    async delete(key) {
      remove.run(key);
    },
    async setIfAbsent(key, value, options) {
      const stored = insertUnlessLive.run(key, toJson(value, `value for ${key}`), expiry(options), clock.now()).changes === 1;
      if (stored) countWrite();
      return stored;
    },
    async update<T>(key: string, change: (current: unknown) => UpdateResult<T>) {
      const result = inTransaction(db, () => {
        const outcome = change(readLive(key));
        if (outcome.action === 'set') upsert.run(key, toJson(outcome.value, `value for ${key}`), expiry({ ttlMs: outcome.ttlMs }));
        else if (outcome.action === 'delete') remove.run(key);
        return outcome.result;
      });
      countWrite();
      return result;
    },
    async listPrefix(prefix) {
      const now = clock.now();
      return selectPrefix
        .all(range(prefix))
        .filter((row) => row.expires_at === null || row.expires_at > now)
        .map((row) => ({ key: row.key, value: JSON.parse(row.json) as unknown }));
    },
    async deletePrefix(prefix) {
      return inTransaction(db, () => {
        const live = removePrefix.run({ ...range(prefix), now: clock.now() }).changes;
        removeExpiredPrefix.run(range(prefix));
        return live;
      });
    },
  };
}
