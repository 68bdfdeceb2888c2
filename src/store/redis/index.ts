/**
 * The shared store: Redis (through ioredis), for several bot processes behind one load
 * balancer. State values, per-conversation locks, leads and their outbox, and queued replies live under one key
 * prefix; every change that touches more than one key is one Lua script, so it is atomic
 * across processes. A conversation's turn (`./turns.ts`) is two scripts: lock and reads, then
 * writes and release. Also {@link createRedisSignal} (`./signal.ts`), a small pub/sub helper on the same prefix.
 *
 * Key layout, every key behind the prefix (default `talentbot:`):
 *
 * | key                          | type   | holds                                                              |
 * | ---------------------------- | ------ | ------------------------------------------------------------------ |
 * | `state:<key>`                | string | `{"e":<expiresAt or null>,"v":<value>}`, with PX as a safety net    |
 * | `list:<key>`                 | list   | the values of a list, JSON texts, oldest first, PX as a safety net |
 * | `list-e:<key>`               | string | that list's expiry (clock epoch ms, or `null`), PX like the list   |
 * | `lock:<key>`                 | string | the holder's random token, PX = the lease                          |
 * | `seq`                        | string | a counter giving every lead and item its first-save order          |
 * | `lead:<id>`                  | hash   | `json` (the lead), `seq`, `person` (its person key, when it has one) |
 * | `leads`                      | zset   | every lead, score `createdAt`, member `<seq>:<id>`                 |
 * | `person:<personKey>`         | zset   | the leads of one person, like `leads`                              |
 * | `outbox:item:<id>`           | hash   | `json` (the item without lease), `leadId`, `seq`, `due`, `leaseUntil`, `leaseOwner` |
 * | `outbox:due`                 | zset   | pending items, score `dueAt`, member `<createdAt>:<seq>:<id>`      |
 * | `outbox:lead:<leadId>`       | set    | the item ids of one lead                                           |
 * | `reply:item:<id>`            | hash   | a queued reply: `json` (without lease), `conv`, `status`, `seq`, `member`, `leaseUntil`, `leaseOwner` |
 * | `reply:due`                  | zset   | pending replies, score `dueAt`, member `<seq>:<id>`                |
 * | `reply:conv:<conversation>`  | zset   | the pending replies of one conversation, score `seq`, member id    |
 * | `reply:created`              | zset   | every queued reply, score `createdAt`, member id (for the purge)   |
 * | `log:<id>`, `logs`, `logs:conv:<c>`, `logs:chan:<c>`, `logs:seq` | hash, zsets, string | the conversation logs (`./logs.ts`) |
 * | `signal:<channel>` (channel) | pubsub | messages of {@link createRedisSignal}                              |
 *
 * Numbers in members are zero-padded to 15 digits, so equal scores sort by the order of
 * first saving, as in the other stores. The scripts build some keys from the prefix, so
 * this store needs a standalone Redis (or Sentinel), not Redis Cluster.
 *
 * Time: every stored time comes from the injected clock and is passed into scripts (Redis
 * `TIME` is never used), so a manual clock works as it does with the other stores. Redis
 * cannot follow a manual clock, so a state value carries its expiry time (clock epoch ms)
 * inside the stored JSON and reads as absent once `clock.now()` reaches it; PX is also set,
 * {@link STATE_EXPIRY_MARGIN_MS} later than the TTL, only so Redis frees the memory. With a
 * clock that runs slower than real time, a value may therefore vanish early, after
 * TTL + margin of real time. Lock waits and leases run on real time (timers and PX), like the
 * in-process locks.
 *
 * Failure: the client fails fast when Redis is down — commands reject within about a
 * second instead of queueing — and reconnects by itself. Connection failures reject with
 * `NetworkError('redis', cause)`; errors Redis answers with reject with
 * `PlatformError('redis', method, code, message)`, code 503 for the transient ones
 * (LOADING, BUSY, OOM, READONLY, …) and 400 otherwise.
 *
 * See https://redis.io/docs/latest/develop/interact/programmability/eval-intro/ and
 * https://redis.io/docs/latest/develop/use/patterns/distributed-locks/
 */
import type { Redis } from 'ioredis';
import type { Clock } from '../../shared/clock.js';
import type { Store } from '../contract.js';
import { closeRedis, connectRedis, DEFAULT_REDIS_PREFIX, guard, rewriteAppendOnlyFile } from './connection.js';
import { createRedisLeadStore } from './leads.js';
import { createRedisListStore } from './lists.js';
import { createRedisLogStore } from './logs.js';
import { createRedisLocking, createRedisLocks } from './locks.js';
import { createRedisReplyOutbox } from './replies.js';
import { createRedisStateStore } from './state.js';
import { createRedisTurnStore } from './turns.js';

export { connectRedis, DEFAULT_REDIS_PREFIX, toRedisError } from './connection.js';
export { STATE_EXPIRY_MARGIN_MS } from './state.js';
export { createRedisSignal, type RedisSignal, type RedisSignalOptions } from './signal.js';

/** Options for {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** Where Redis listens, e.g. `redis://:password@redis:6379/0` or `rediss://…` for TLS. Not used when `redis` is given. */
  url: string;
  /**
   * Put in front of every key (and pub/sub channel). Default `talentbot:`. Change it to run
   * several bots, or tests, on one Redis.
   */
  prefix?: string;
  /** Decides when state values expire and is the only source of stored times. */
  clock: Clock;
  /**
   * A client to use instead of connecting to `url`, for tests. The store then owns it:
   * `close()` quits it. Its own options apply (the fail-fast settings are not added).
   */
  redis?: Redis;
}

/**
 * Connects to Redis and returns a {@link Store} on it. The connection opens in the
 * background; calls made before it is ready wait for it (briefly, see the module comment).
 *
 * @param options - the URL, key prefix, clock and optionally a client; see {@link RedisStoreOptions}
 */
export function createRedisStore(options: RedisStoreOptions): Store {
  const client = options.redis ?? connectRedis(options.url);
  const prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
  const locking = createRedisLocking(client, prefix);
  return {
    kind: 'redis',
    state: createRedisStateStore(client, prefix, options.clock),
    lists: createRedisListStore(client, prefix, options.clock),
    locks: createRedisLocks(client, locking),
    turns: createRedisTurnStore(client, prefix, options.clock, locking),
    leads: createRedisLeadStore(client, prefix),
    replies: createRedisReplyOutbox(client, prefix),
    logs: createRedisLogStore(client, prefix),
    async ping() {
      await guard('ping', client.ping());
    },
    scrub: () => rewriteAppendOnlyFile(client),
    close: () => closeRedis(client),
  };
}
