/**
 * The reply outbox on Redis. Every write is one of the scripts in `./replyScripts.ts`; an
 * item's JSON is stored without its lease, which lives in hash fields the scripts check.
 */
import type { Redis } from 'ioredis';
import type { QueuedReply, ReplyOutbox } from '../contract.js';
import { clearLease } from '../memoryLeadStore.js';
import { guard } from './connection.js';
import { CLAIM_REPLIES, ENQUEUE_REPLY, PURGE_REPLIES, SETTLE_REPLY } from './replyScripts.js';
import { runScript, toJson, type Script } from './scripts.js';

/** Checks a number Redis will use as a score. @throws TypeError when it is not finite */
function score(value: unknown, what: string): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${what} must be a finite number of epoch milliseconds`);
  return String(value);
}

/** The item's JSON without its lease fields. */
function withoutLease(item: QueuedReply): string {
  return toJson(clearLease(item), `queued reply ${item.id}`);
}

/**
 * Creates the reply outbox. Shares the decisions listed on `createMemoryReplyOutbox`.
 *
 * @param client - the store's connection
 * @param prefix - the store's key prefix
 */
export function createRedisReplyOutbox(client: Redis, prefix: string): ReplyOutbox {
  const run = (method: string, s: Script, args: readonly string[]) => runScript(client, method, s, [], [prefix, ...args]);

  return {
    async enqueue(item) {
      const args = [item.id, withoutLease(item), item.conversation, item.status, score(item.dueAt, `queued reply ${item.id} dueAt`), score(item.createdAt, `queued reply ${item.id} createdAt`)];
      return (await run('enqueue', ENQUEUE_REPLY, args)) === 1;
    },

    async claimDue({ now, limit, leaseMs, owner, conversationPrefix = '' }) {
      if (!(limit >= 1)) return [];
      const leaseUntil = now + leaseMs;
      const reply = await run('claimDue', CLAIM_REPLIES, [score(now, 'now'), String(Math.min(Math.floor(limit), 1_000_000)), score(leaseUntil, 'now + leaseMs'), owner, conversationPrefix]);
      const list = Array.isArray(reply) ? reply.filter((entry: unknown): entry is string => typeof entry === 'string') : [];
      return list.map((json) => ({ ...(JSON.parse(json) as QueuedReply), leaseUntil, leaseOwner: owner }));
    },

    async settle(item, owner) {
      const leaseUntil = item.leaseUntil === undefined ? '' : score(item.leaseUntil, `queued reply ${item.id} leaseUntil`);
      // The conversation and creation time never change after queuing: keep the stored ones.
      const [[conversation], createdAt] = await Promise.all([
        guard('settle', client.hmget(`${prefix}reply:item:${item.id}`, 'conv')),
        guard('settle', client.zscore(`${prefix}reply:created`, item.id)),
      ]);
      if (conversation === null || conversation === undefined || createdAt === null) return false;
      const kept = { ...item, conversation, createdAt: Number(createdAt) };
      const args = [owner, item.id, withoutLease(kept), item.status, score(item.dueAt, `queued reply ${item.id} dueAt`), leaseUntil, item.leaseOwner ?? ''];
      return (await run('settle', SETTLE_REPLY, args)) === 1;
    },

    async get(id) {
      const [json, leaseUntil, leaseOwner] = await guard('get', client.hmget(`${prefix}reply:item:${id}`, 'json', 'leaseUntil', 'leaseOwner'));
      if (!json) return undefined;
      const item = JSON.parse(json) as QueuedReply;
      if (leaseUntil) item.leaseUntil = Number(leaseUntil);
      if (leaseOwner) item.leaseOwner = leaseOwner;
      return item;
    },

    async purge(before) {
      return Number(await run('purge', PURGE_REPLIES, [score(before, 'before')]));
    },
  };
}
