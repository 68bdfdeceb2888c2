/**
 * The SQLite {@link ConversationLogStore}: one `logs` row per logged turn, indexed by time,
 * conversation and channel. Created by `createSqliteStore` on its state connection (the table
 * comes from its schema migrations); deleted rows are zeroed by `secure_delete` like the rest.
 */
import type Database from 'better-sqlite3';
import type { ConversationLogStore, LoggedTurn } from './contract.js';
import { checkLogQuery, loggedTurnAsJson, patchLoggedTurn } from './memoryLogStore.js';

/** The schema step that adds the table, appended to the store's migrations. */
export const LOG_TABLE_MIGRATION = `CREATE TABLE logs (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     conversation TEXT NOT NULL,
     channel TEXT NOT NULL,
     at INTEGER NOT NULL,
     json TEXT NOT NULL
   );
   CREATE INDEX logs_by_at ON logs (at, seq);
   CREATE INDEX logs_by_conversation ON logs (conversation, at, seq);
   CREATE INDEX logs_by_channel ON logs (channel, at, seq);`;

type Param = string | number;

/**
 * Creates the log store on `db`.
 *
 * @param db - the open database, with the table of {@link LOG_TABLE_MIGRATION}
 */
export function createSqliteLogStore(db: Database.Database): ConversationLogStore {
  const insert = db.prepare<[string, string, string, number, string]>('INSERT OR IGNORE INTO logs (id, conversation, channel, at, json) VALUES (?, ?, ?, ?, ?)');
  const selectOne = db.prepare<[string], { seq: number; at: number; json: string }>('SELECT seq, at, json FROM logs WHERE id = ?');
  const update = db.prepare<[string, string]>('UPDATE logs SET json = ? WHERE id = ?');
  const removeConversation = db.prepare<[string]>('DELETE FROM logs WHERE conversation = ?');
  const removeOld = db.prepare<[number]>('DELETE FROM logs WHERE at < ?');
  const patch = db.transaction((id: string, fields: Readonly<Record<string, unknown>>) => {
    const row = selectOne.get(id);
    if (!row) return false;
    update.run(loggedTurnAsJson(patchLoggedTurn(JSON.parse(row.json) as LoggedTurn, fields)), id);
    return true;
  });

  return {
    async append(turn) {
      return insert.run(turn.id, turn.conversation, turn.channel, turn.at, loggedTurnAsJson(turn)).changes === 1;
    },
    async patch(id, fields) {
      return patch.immediate(id, fields);
    },
    async query(query) {
      checkLogQuery(query);
      const where: string[] = [];
      const params: Param[] = [];
      const add = (clause: string, ...values: Param[]) => {
        where.push(clause);
        params.push(...values);
      };
      if (query.conversation !== undefined) add('conversation = ?', query.conversation);
      if (query.channel !== undefined) add('channel = ?', query.channel);
      if (query.from !== undefined) add('at >= ?', query.from);
      if (query.to !== undefined) add('at < ?', query.to);
      if (query.after !== undefined) {
        const cursor = selectOne.get(query.after);
        if (!cursor) return [];
        add('(at < ? OR (at = ? AND seq < ?))', cursor.at, cursor.at, cursor.seq);
      }
      const sql = `SELECT json FROM logs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, seq DESC LIMIT ?`;
      const rows = db.prepare<Param[], { json: string }>(sql).all(...params, query.limit);
      return rows.map((row) => JSON.parse(row.json) as LoggedTurn);
    },
    async deleteConversation(conversation) {
      return removeConversation.run(conversation).changes;
    },
    async purge(before) {
      return removeOld.run(before).changes;
    },
  };
}
