/**
 * The in-process {@link LeadStore}: two Maps, leads and outbox items. Every method reads
 * and writes without awaiting in between, so each is atomic within the process. Values go
 * in and come out as JSON deep copies, as they would from a real store. Nothing survives a
 * restart.
 */
import type { LeadChange, LeadStore, OutboxItem, StoredLead } from './contract.js';

/**
 * Creates an in-process {@link LeadStore}.
 *
 * Decisions the contract leaves open, shared with the SQLite store:
 * - queuing an item whose `id` is already stored replaces it (how the leads layer cancels
 *   or reschedules a delivery);
 * - every queued item must belong to the lead it is queued with, and `updateLead`'s change
 *   must keep the lead's id; otherwise the call throws a TypeError and writes nothing;
 * - `updateLead` returns the lead as stored afterwards, also when `change` left it;
 * - `settleDelivery` accepts the result while `owner` is still the recorded lease owner,
 *   even if the lease has run out, as long as no other worker claimed the item since;
 * - ties (same `createdAt` or `dueAt`) are broken by the order of first saving.
 */
export function createMemoryLeadStore(): LeadStore {
  const leads = new Map<string, StoredLead>();
  const outbox = new Map<string, OutboxItem>();

  /** Validates and copies a lead and its items, so a failure writes nothing. */
  const prepare = (lead: StoredLead, enqueue: readonly OutboxItem[] = []) => {
    checkBelongs(lead, enqueue);
    return { lead: copyJson(lead, `lead ${lead.id}`), items: enqueue.map((item) => copyJson(item, `outbox item ${item.id}`)) };
  };
  const commit = (prepared: { lead: StoredLead; items: OutboxItem[] }) => {
    leads.set(prepared.lead.id, prepared.lead);
    for (const item of prepared.items) outbox.set(item.id, item);
  };
  const leadsNewestFirst = () => [...leads.values()].reverse().sort((a, b) => b.createdAt - a.createdAt);
  const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

  return {
    async saveLead(lead, enqueue) {
      commit(prepare(lead, enqueue));
    },

    async updateLead(id, change: (current: StoredLead) => LeadChange) {
      const current = leads.get(id);
      if (!current) return undefined;
      const outcome = change(clone(current));
      if (outcome === undefined) return clone(current);
      if (outcome.lead.id !== id) throw new TypeError(`updateLead(${id}): the change returned lead ${outcome.lead.id}; keep the id`);
      const prepared = prepare(outcome.lead, outcome.enqueue);
      commit(prepared);
      return clone(prepared.lead);
    },

    async getLead(id) {
      const lead = leads.get(id);
      return lead ? clone(lead) : undefined;
    },

    async findLeadByPerson(personKey) {
      const lead = leadsNewestFirst().find((l) => l.personKey === personKey);
      return lead ? clone(lead) : undefined;
    },

    async listLeads() {
      return leadsNewestFirst().map(clone);
    },

    async deleteLead(id) {
      leads.delete(id);
      for (const [itemId, item] of outbox) if (item.leadId === id) outbox.delete(itemId);
    },

    async claimDueDeliveries({ now, limit, leaseMs, owner }) {
      if (!(limit >= 1)) return [];
      const due = [...outbox.values()]
        .filter((item) => item.status === 'pending' && item.dueAt <= now && (item.leaseUntil === undefined || item.leaseUntil <= now))
        .sort((a, b) => a.dueAt - b.dueAt || a.createdAt - b.createdAt)
        .slice(0, Math.floor(limit));
      for (const item of due) {
        item.leaseUntil = now + leaseMs;
        item.leaseOwner = owner;
      }
      return due.map(clone);
    },

    async settleDelivery(item, owner, historyEntry) {
      const stored = outbox.get(item.id);
      if (!stored || stored.leaseOwner !== owner) return false;
      const settled = copyJson(clearLease({ ...item, leadId: stored.leadId }), `outbox item ${item.id}`);
      const lead = leads.get(stored.leadId);
      const changedLead = lead ? copyJson(appendHistory(lead, historyEntry), `lead ${lead.id}`) : undefined;
      outbox.set(settled.id, settled);
      if (changedLead) leads.set(changedLead.id, changedLead);
      return true;
    },

    async listDeliveries(leadId) {
      return [...outbox.values()]
        .filter((item) => item.leadId === leadId)
        .sort((a, b) => a.createdAt - b.createdAt)
        .map(clone);
    },
  };
}

/**
 * A deep copy through JSON, as a store would return it.
 *
 * @throws TypeError when `value` is not JSON (undefined, a function, a BigInt)
 */
export function copyJson<T>(value: T, what: string): T {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`${what} is not JSON`);
  return JSON.parse(json) as T;
}

/**
 * Checks that every queued item belongs to the lead it is queued with.
 *
 * @throws TypeError naming the first item of another lead
 */
export function checkBelongs(lead: StoredLead, items: readonly OutboxItem[]): void {
  const stray = items.find((item) => item.leadId !== lead.id);
  if (stray) throw new TypeError(`outbox item ${stray.id} belongs to lead ${stray.leadId}, not ${lead.id}; queue it with its own lead`);
}

/** The item without its lease fields, as it is stored once an attempt is settled. */
export function clearLease<T extends { leaseUntil?: number; leaseOwner?: string }>(item: T): T {
  const { leaseUntil: _until, leaseOwner: _owner, ...rest } = item;
  return rest as T;
}

/**
 * A copy of `lead` with `entry` appended to its `history` array, created when absent.
 *
 * @throws TypeError when the lead has a `history` that is not an array
 */
export function appendHistory(lead: StoredLead, entry: unknown): StoredLead {
  const history: unknown = lead.history ?? [];
  if (!Array.isArray(history)) throw new TypeError(`lead ${lead.id} has a history that is not an array; repair the record`);
  return { ...lead, history: [...history, entry] };
}
