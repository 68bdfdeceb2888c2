/**
 * The lead store of the embedded SQLite store (`sqliteStore.ts`): leads and their outbox on
 * the `leads` and `outbox` tables of its `synchronous = FULL` connection, and the two small
 * helpers both files use.
 */
import type Database from 'better-sqlite3';
import type { LeadChange, LeadStore, OutboxItem, StoredLead } from './contract.js';
import { appendHistory, checkBelongs, clearLease } from './memoryLeadStore.js';

/** Runs `work` in a write transaction taken up front, so a read-then-write never meets a conflict halfway. */
export function inTransaction<R>(db: Database.Database, work: () => R): R {
  return db.transaction(work).immediate();
}

/** `value` as JSON text. @throws TypeError when it is not JSON */
export function toJson(value: unknown, what: string): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`${what} is not JSON`);
  return json;
}

/** The lead store on the `leads` and `outbox` tables; every change that writes more than one row is one transaction. */
export function createSqliteLeadStore(db: Database.Database): LeadStore {
  type Json = { json: string };
  const putLead = db.prepare<[{ id: string; personKey: string | null; createdAt: number; updatedAt: number; json: string }]>(
    `INSERT INTO leads (id, person_key, created_at, updated_at, json) VALUES (@id, @personKey, @createdAt, @updatedAt, @json)
     ON CONFLICT (id) DO UPDATE SET person_key = excluded.person_key, created_at = excluded.created_at,
       updated_at = excluded.updated_at, json = excluded.json`,
  );
  const putItem = db.prepare<
    [{ id: string; leadId: string; status: string; dueAt: number; leaseUntil: number | null; leaseOwner: string | null; createdAt: number; json: string }]
  >(
    `INSERT INTO outbox (id, lead_id, status, due_at, lease_until, lease_owner, created_at, json)
     VALUES (@id, @leadId, @status, @dueAt, @leaseUntil, @leaseOwner, @createdAt, @json)
     ON CONFLICT (id) DO UPDATE SET lead_id = excluded.lead_id, status = excluded.status, due_at = excluded.due_at,
       lease_until = excluded.lease_until, lease_owner = excluded.lease_owner, created_at = excluded.created_at, json = excluded.json`,
  );
  const selectLead = db.prepare<[string], Json>('SELECT json FROM leads WHERE id = ?');
  const selectByPerson = db.prepare<[string], Json>('SELECT json FROM leads WHERE person_key = ? ORDER BY created_at DESC, rowid DESC LIMIT 1');
  const selectAllLeads = db.prepare<[], Json>('SELECT json FROM leads ORDER BY created_at DESC, rowid DESC');
  const removeLead = db.prepare<[string]>('DELETE FROM leads WHERE id = ?');
  const removeItemsOf = db.prepare<[string]>('DELETE FROM outbox WHERE lead_id = ?');
  const selectItem = db.prepare<[string], Json>('SELECT json FROM outbox WHERE id = ?');
  const selectItemsOf = db.prepare<[string], Json>('SELECT json FROM outbox WHERE lead_id = ? ORDER BY created_at, rowid');
  const selectDue = db.prepare<[{ now: number; limit: number }], Json>(
    `SELECT json FROM outbox WHERE status = 'pending' AND due_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
     ORDER BY due_at, created_at, rowid LIMIT @limit`,
  );

  const writeLead = (lead: StoredLead) => {
    const json = toJson(lead, `lead ${lead.id}`);
    putLead.run({ id: lead.id, personKey: lead.personKey ?? null, createdAt: lead.createdAt, updatedAt: lead.updatedAt, json });
  };
  const writeItem = (item: OutboxItem) => {
    const json = toJson(item, `outbox item ${item.id}`);
    const { id, leadId, status, dueAt, createdAt } = item;
    putItem.run({ id, leadId, status, dueAt, leaseUntil: item.leaseUntil ?? null, leaseOwner: item.leaseOwner ?? null, createdAt, json });
  };
  const parse = <T>(row: Json | undefined): T | undefined => (row ? (JSON.parse(row.json) as T) : undefined);

  return {
    async saveLead(lead, enqueue = []) {
      checkBelongs(lead, enqueue);
      inTransaction(db, () => {
        writeLead(lead);
        for (const item of enqueue) writeItem(item);
      });
    },

    async updateLead(id, change: (current: StoredLead) => LeadChange) {
      return inTransaction(db, () => {
        const row = selectLead.get(id);
        if (!row) return undefined;
        const outcome = change(JSON.parse(row.json) as StoredLead);
        if (outcome === undefined) return JSON.parse(row.json) as StoredLead;
        if (outcome.lead.id !== id) throw new TypeError(`updateLead(${id}): the change returned lead ${outcome.lead.id}; keep the id`);
        checkBelongs(outcome.lead, outcome.enqueue ?? []);
        writeLead(outcome.lead);
        for (const item of outcome.enqueue ?? []) writeItem(item);
        return parse<StoredLead>(selectLead.get(id));
      });
    },

    async getLead(id) {
      return parse<StoredLead>(selectLead.get(id));
    },

    async findLeadByPerson(personKey) {
      return parse<StoredLead>(selectByPerson.get(personKey));
    },

    async listLeads() {
      return selectAllLeads.all().map((row) => JSON.parse(row.json) as StoredLead);
    },

    async deleteLead(id) {
      inTransaction(db, () => {
        removeItemsOf.run(id);
        removeLead.run(id);
      });
    },

    async claimDueDeliveries({ now, limit, leaseMs, owner }) {
      if (!(limit >= 1)) return [];
      return inTransaction(db, () =>
        selectDue.all({ now, limit: Math.floor(limit) }).map((row) => {
          const item: OutboxItem = { ...(JSON.parse(row.json) as OutboxItem), leaseUntil: now + leaseMs, leaseOwner: owner };
          writeItem(item);
          return item;
        }),
      );
    },

    async settleDelivery(item, owner, historyEntry) {
      return inTransaction(db, () => {
        const stored = parse<OutboxItem>(selectItem.get(item.id));
        if (!stored || stored.leaseOwner !== owner) return false;
        writeItem(clearLease({ ...item, leadId: stored.leadId }));
        const lead = parse<StoredLead>(selectLead.get(stored.leadId));
        if (lead) writeLead(appendHistory(lead, historyEntry));
        return true;
      });
    },

    async listDeliveries(leadId) {
      return selectItemsOf.all(leadId).map((row) => JSON.parse(row.json) as OutboxItem);
    },
  };
}
