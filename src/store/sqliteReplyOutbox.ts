/**
 * The {@link ReplyOutbox} on the SQLite store's `replies` table (schema step 2 in
 * `sqliteStore.ts`). Queuing order is the row id; a claim is one write transaction.
 */
import type Database from 'better-sqlite3';
import type { QueuedReply, ReplyOutbox } from './contract.js';

type Row = { json: string };

/**
 * Creates the reply outbox on an open database whose schema has the `replies` table. Shares
 * the decisions listed on `createMemoryReplyOutbox`.
 *
 * @param db - the store's database
 */
export function createSqliteReplyOutbox(db: Database.Database): ReplyOutbox {
  const insert = db.prepare<[{ id: string; conversation: string; status: string; dueAt: number; leaseUntil: number | null; leaseOwner: string | null; createdAt: number; json: string }]>(
    `INSERT INTO replies (id, conversation, status, due_at, lease_until, lease_owner, created_at, json)
     VALUES (@id, @conversation, @status, @dueAt, @leaseUntil, @leaseOwner, @createdAt, @json) ON CONFLICT (id) DO NOTHING`,
  );
  const update = db.prepare<[{ id: string; status: string; dueAt: number; leaseUntil: number | null; leaseOwner: string | null; json: string }]>(
    'UPDATE replies SET status = @status, due_at = @dueAt, lease_until = @leaseUntil, lease_owner = @leaseOwner, json = @json WHERE id = @id',
  );
  const select = db.prepare<[string], Row & { conversation: string; created_at: number; lease_owner: string | null }>('SELECT json, conversation, created_at, lease_owner FROM replies WHERE id = ?');
  const selectDue = db.prepare<[{ now: number; limit: number; prefix: string }], Row>(
    `SELECT r.json FROM replies r
     WHERE r.status = 'pending' AND r.due_at <= @now AND substr(r.conversation, 1, length(@prefix)) = @prefix AND (r.lease_until IS NULL OR r.lease_until <= @now)
       AND NOT EXISTS (SELECT 1 FROM replies e WHERE e.conversation = r.conversation AND e.status = 'pending' AND e.rowid < r.rowid)
     ORDER BY r.due_at, r.rowid LIMIT @limit`,
  );
  const remove = db.prepare<[number]>("DELETE FROM replies WHERE status <> 'pending' AND created_at < ?");

  const columns = (item: QueuedReply) => ({
    id: item.id,
    status: item.status,
    dueAt: item.dueAt,
    leaseUntil: item.leaseUntil ?? null,
    leaseOwner: item.leaseOwner ?? null,
    json: toJson(item, `queued reply ${item.id}`),
  });

  return {
    async enqueue(item) {
      return insert.run({ ...columns(item), conversation: item.conversation, createdAt: item.createdAt }).changes === 1;
    },

    async claimDue({ now, limit, leaseMs, owner, conversationPrefix = '' }) {
      if (!(limit >= 1)) return [];
      return db
        .transaction(() =>
          selectDue.all({ now, limit: Math.floor(limit), prefix: conversationPrefix }).map((row) => {
            const item: QueuedReply = { ...(JSON.parse(row.json) as QueuedReply), leaseUntil: now + leaseMs, leaseOwner: owner };
            update.run(columns(item));
            return item;
          }),
        )
        .immediate();
    },

    async settle(item, owner) {
      return db
        .transaction(() => {
          const stored = select.get(item.id);
          if (!stored || stored.lease_owner !== owner) return false;
          update.run(columns({ ...item, conversation: stored.conversation, createdAt: stored.created_at }));
          return true;
        })
        .immediate();
    },

    async get(id) {
      const row = select.get(id);
      return row ? (JSON.parse(row.json) as QueuedReply) : undefined;
    },

    async purge(before) {
      return remove.run(before).changes;
    },
  };
}

/** `value` as JSON text. @throws TypeError when it is not JSON */
function toJson(value: unknown, what: string): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`${what} is not JSON`);
  return json;
}
