/**
 * Leads and their outbox on Redis. Every write is one of the scripts in `./leadScripts.ts`;
 * this file turns leads and items into their arguments and reads the replies back.
 */
import type { Redis } from 'ioredis';
import { LockTimeoutError, type LeadChange, type LeadStore, type OutboxItem, type StoredLead } from '../contract.js';
import { appendHistory, checkBelongs, clearLease } from '../memoryLeadStore.js';
import { guard } from './connection.js';
import { CLAIM_DUE, COMMIT_LEAD, DELETE_LEAD, FIND_BY_PERSON, LIST_DELIVERIES, LIST_LEADS, SETTLE } from './leadScripts.js';
import { conflictPause, MAX_OPTIMISTIC_ATTEMPTS, runScript, toJson, type Script } from './scripts.js';

/** A number as 15 zero-padded digits, for ordering members with equal scores. */
function padOrder(n: number): string {
  const whole = Number.isFinite(n) ? Math.min(Math.max(Math.floor(n), 0), 999_999_999_999_999) : 0;
  return String(whole).padStart(15, '0');
}

/** Checks a number Redis will use as a score. @throws TypeError when it is not finite */
function checkScore(value: unknown, what: string): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${what} must be a finite number of epoch milliseconds`);
  return String(value);
}

/**
 * An outbox item as `ITEM_ARG_COUNT` (`./leadScripts.ts`) script arguments: id, JSON without the lease,
 * lead id, pending ('1'/'0'), dueAt, createdAt order, leaseUntil ('' when none), has owner,
 * owner. Validates first, so a bad item writes nothing.
 *
 * @throws TypeError when the item is not JSON or its dueAt is not a number
 */
function itemArgs(item: OutboxItem): string[] {
  const json = toJson(clearLease(item), `outbox item ${item.id}`);
  const dueAt = checkScore(item.dueAt, `outbox item ${item.id} dueAt`);
  const leaseUntil = item.leaseUntil === undefined ? '' : checkScore(item.leaseUntil, `outbox item ${item.id} leaseUntil`);
  const owner = item.leaseOwner;
  return [
    item.id,
    json,
    item.leadId,
    item.status === 'pending' ? '1' : '0',
    dueAt,
    padOrder(item.createdAt),
    leaseUntil,
    owner === undefined ? '0' : '1',
    owner ?? '',
  ];
}

/** An item as stored: its JSON with the lease fields from their hash fields. */
function readItem(json: string, leaseUntil: string | null, leaseOwner: string | null): OutboxItem {
  const item = clearLease(JSON.parse(json) as OutboxItem);
  if (leaseUntil !== null) item.leaseUntil = Number(leaseUntil);
  if (leaseOwner !== null) item.leaseOwner = leaseOwner;
  return item;
}

/** Narrows a script's array reply. */
function replyList(reply: unknown): Array<string | null> {
  return Array.isArray(reply) ? reply.map((entry: unknown) => (typeof entry === 'string' ? entry : null)) : [];
}

/**
 * The lead store. Reads and the outbox claim are single scripts; `updateLead` and
 * `settleDelivery` read, compute in JavaScript, then commit with a script that checks
 * nothing changed meanwhile (optimistic, retried; WATCH would need a connection of its own
 * per transaction, since ioredis shares one connection between concurrent calls). Shares
 * the decisions listed on `createMemoryLeadStore`.
 */
export function createRedisLeadStore(client: Redis, prefix: string): LeadStore {
  const run = (method: string, s: Script, args: readonly string[]) => runScript(client, method, s, [], [prefix, ...args]);
  const leadKey = (id: string) => `${prefix}lead:${id}`;

  /** Validates everything before the script runs, so a failure writes nothing. */
  const commitArgs = (lead: StoredLead, enqueue: readonly OutboxItem[], mode: 'save' | 'update', readJson: string) => {
    checkBelongs(lead, enqueue);
    const json = toJson(lead, `lead ${lead.id}`);
    const createdAt = checkScore(lead.createdAt, `lead ${lead.id} createdAt`);
    const items = enqueue.flatMap(itemArgs);
    const person = lead.personKey;
    const args = [lead.id, mode, readJson, json, createdAt, person === undefined ? '0' : '1', person ?? '', String(enqueue.length), ...items];
    return { json, args };
  };

  return {
    async saveLead(lead, enqueue = []) {
      await run('saveLead', COMMIT_LEAD, commitArgs(lead, enqueue, 'save', '').args);
    },

    async updateLead(id, change: (current: StoredLead) => LeadChange) {
      for (let attempt = 0; attempt < MAX_OPTIMISTIC_ATTEMPTS; attempt++) {
        const read = await guard('updateLead', client.hget(leadKey(id), 'json'));
        if (read === null) return undefined;
        const outcome = change(JSON.parse(read) as StoredLead);
        if (outcome === undefined) return JSON.parse(read) as StoredLead;
        if (outcome.lead.id !== id) throw new TypeError(`updateLead(${id}): the change returned lead ${outcome.lead.id}; keep the id`);
        const { json, args } = commitArgs(outcome.lead, outcome.enqueue ?? [], 'update', read);
        if ((await run('updateLead', COMMIT_LEAD, args)) === 1) return JSON.parse(json) as StoredLead;
        await conflictPause(attempt);
      }
      throw new LockTimeoutError(`lead ${id}`);
    },

    async getLead(id) {
      const json = await guard('getLead', client.hget(leadKey(id), 'json'));
      return json === null ? undefined : (JSON.parse(json) as StoredLead);
    },

    async findLeadByPerson(personKey) {
      const json = await run('findLeadByPerson', FIND_BY_PERSON, [personKey]);
      return typeof json === 'string' ? (JSON.parse(json) as StoredLead) : undefined;
    },

    async listLeads() {
      return replyList(await run('listLeads', LIST_LEADS, [])).flatMap((json) => (json === null ? [] : [JSON.parse(json) as StoredLead]));
    },

    async deleteLead(id) {
      await run('deleteLead', DELETE_LEAD, [id]);
    },

    async claimDueDeliveries({ now, limit, leaseMs, owner }) {
      if (!(limit >= 1)) return [];
      const leaseUntil = now + leaseMs;
      const args = [checkScore(now, 'now'), String(Math.min(Math.floor(limit), 1_000_000)), checkScore(leaseUntil, 'now + leaseMs'), owner];
      return replyList(await run('claimDueDeliveries', CLAIM_DUE, args)).flatMap((json) =>
        json === null ? [] : [{ ...readItem(json, null, null), leaseUntil, leaseOwner: owner }],
      );
    },

    async settleDelivery(item, owner, historyEntry) {
      for (let attempt = 0; attempt < MAX_OPTIMISTIC_ATTEMPTS; attempt++) {
        const [leadId, leaseOwner] = await guard('settleDelivery', client.hmget(`${prefix}outbox:item:${item.id}`, 'leadId', 'leaseOwner'));
        if (leadId === null || leadId === undefined || leaseOwner !== owner) return false;
        const leadJson = await guard('settleDelivery', client.hget(leadKey(leadId), 'json'));
        const itemPart = itemArgs(clearLease({ ...item, leadId }));
        const newLeadJson = leadJson === null ? '' : toJson(appendHistory(JSON.parse(leadJson) as StoredLead, historyEntry), `lead ${leadId}`);
        const args = [owner, leadJson === null ? '0' : '1', leadJson ?? '', newLeadJson, ...itemPart];
        const settled = await run('settleDelivery', SETTLE, args);
        if (settled === 1) return true;
        if (settled === 0) return false;
        await conflictPause(attempt);
      }
      throw new LockTimeoutError(`outbox item ${item.id}`);
    },

    async listDeliveries(leadId) {
      const flat = replyList(await run('listDeliveries', LIST_DELIVERIES, [leadId]));
      const rows: Array<{ item: OutboxItem; seq: number }> = [];
      for (let i = 0; i + 3 < flat.length; i += 4) {
        const json = flat[i];
        if (json) rows.push({ item: readItem(json, flat[i + 2] ?? null, flat[i + 3] ?? null), seq: Number(flat[i + 1]) });
      }
      return rows.sort((a, b) => a.item.createdAt - b.item.createdAt || a.seq - b.seq).map((row) => row.item);
    },
  };
}
