/**
 * The SQLite {@link ListStore}: a `lists` row per list (its expiry and next sequence number)
 * and a `list_items` row per value, so an append writes only what it adds. Created by
 * `createSqliteStore` on its database (the tables come from its schema migrations).
 */
import type Database from 'better-sqlite3';
import type { Clock } from '../shared/clock.js';
import type { ListStore } from './contract.js';
import { checkAppendOptions, listItemsAsJson } from './memoryListStore.js';

/** How many appends between sweeps of expired lists. */
export const SWEEP_EVERY_APPENDS = 1000;

/** The schema step that adds the tables, appended to the store's migrations. */
export const LIST_TABLES_MIGRATION = `CREATE TABLE lists (
     key TEXT PRIMARY KEY,
     next_seq INTEGER NOT NULL,
     expires_at INTEGER
   );
   CREATE INDEX lists_expiry ON lists (expires_at) WHERE expires_at IS NOT NULL;
   CREATE TABLE list_items (
     key TEXT NOT NULL,
     seq INTEGER NOT NULL,
     json TEXT NOT NULL,
     PRIMARY KEY (key, seq)
   );`;

/**
 * Creates the list store on `db`. Expired lists read as empty and are removed when appended
 * to again, and swept with their items at open and every {@link SWEEP_EVERY_APPENDS} appends.
 *
 * @param db - the open database, with the tables of {@link LIST_TABLES_MIGRATION}
 * @param clock - decides when lists expire
 */
export function createSqliteListStore(db: Database.Database, clock: Clock): ListStore {
  const selectList = db.prepare<[string], { next_seq: number; expires_at: number | null }>('SELECT next_seq, expires_at FROM lists WHERE key = ?');
  const putList = db.prepare<[string, number, number | null]>(
    'INSERT INTO lists (key, next_seq, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET next_seq = excluded.next_seq, expires_at = excluded.expires_at',
  );
  const insertItem = db.prepare<[string, number, string]>('INSERT INTO list_items (key, seq, json) VALUES (?, ?, ?)');
  const trimItems = db.prepare<[string, number]>('DELETE FROM list_items WHERE key = ? AND seq < ?');
  const selectItems = db.prepare<[string], { json: string }>('SELECT json FROM list_items WHERE key = ? ORDER BY seq');
  const removeList = db.prepare<[string]>('DELETE FROM lists WHERE key = ?');
  const removeItems = db.prepare<[string]>('DELETE FROM list_items WHERE key = ?');
  const sweepItems = db.prepare<[number]>('DELETE FROM list_items WHERE key IN (SELECT key FROM lists WHERE expires_at IS NOT NULL AND expires_at <= ?)');
  const sweepLists = db.prepare<[number]>('DELETE FROM lists WHERE expires_at IS NOT NULL AND expires_at <= ?');

  const isLive = (row: { expires_at: number | null } | undefined) => row !== undefined && (row.expires_at === null || row.expires_at > clock.now());
  const remove = db.transaction((key: string) => {
    removeItems.run(key);
    removeList.run(key);
  });
  const append = db.transaction((key: string, items: readonly string[], keep: number, ttlMs: number | undefined) => {
    const row = selectList.get(key);
    if (row && !isLive(row)) removeItems.run(key);
    let next = row && isLive(row) ? row.next_seq : 0;
    for (const json of items) insertItem.run(key, next++, json);
    trimItems.run(key, next - keep);
    putList.run(key, next, ttlMs === undefined ? null : clock.now() + ttlMs);
  });
  const sweep = db.transaction((now: number) => {
    sweepItems.run(now);
    sweepLists.run(now);
  });
  sweep.immediate(clock.now());
  let appendsSinceSweep = 0;

  return {
    async append(key, values, options) {
      checkAppendOptions(key, options);
      append.immediate(key, listItemsAsJson(key, values), options.keep, options.ttlMs);
      if (++appendsSinceSweep >= SWEEP_EVERY_APPENDS) {
        appendsSinceSweep = 0;
        sweep.immediate(clock.now());
      }
    },
    async read(key) {
      if (!isLive(selectList.get(key))) return [];
      return selectItems.all(key).map((row) => JSON.parse(row.json) as unknown);
    },
    async delete(key) {
      remove.immediate(key);
    },
  };
}
