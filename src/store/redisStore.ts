/**
 * The shared store: Redis (through ioredis), for several bot processes behind one load
 * balancer. State values, per-conversation locks, leads and their outbox live under one key
 * prefix; every change that touches more than one key is one Lua script, so it is atomic
 * across processes. Also {@link createRedisSignal}, a small pub/sub helper on the same prefix.
 *
 * Key layout, every key behind the prefix (default `talentbot:`):
 *
 * | key                          | type   | holds                                                              |
 * | ---------------------------- | ------ | ------------------------------------------------------------------ |
 * | `state:<key>`                | string | `{"e":<expiresAt or null>,"v":<value>}`, with PX as a safety net    |
 * | `lock:<key>`                 | string | the holder's random token, PX = the lease                          |
 * | `seq`                        | string | a counter giving every lead and item its first-save order          |
 * | `lead:<id>`                  | hash   | `json` (the lead), `seq`, `person` (its person key, when it has one) |
 * | `leads`                      | zset   | every lead, score `createdAt`, member `<seq>:<id>`                 |
 * | `person:<personKey>`         | zset   | the leads of one person, like `leads`                              |
 * | `outbox:item:<id>`           | hash   | `json` (the item without lease), `leadId`, `seq`, `due`, `leaseUntil`, `leaseOwner` |
 * | `outbox:due`                 | zset   | pending items, score `dueAt`, member `<createdAt>:<seq>:<id>`      |
 * | `outbox:lead:<leadId>`       | set    | the item ids of one lead                                           |
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
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import type { Clock } from '../core/clock.js';
import { NetworkError, PlatformError } from '../core/errors.js';
import {
  DEFAULT_LOCK_LEASE_MS,
  DEFAULT_LOCK_WAIT_MS,
  LockTimeoutError,
  type LeadChange,
  type LeadStore,
  type LockOptions,
  type LockStore,
  type OutboxItem,
  type StateStore,
  type Store,
  type StoredLead,
  type UpdateResult,
  type WriteOptions,
} from './contract.js';
import { appendHistory, checkBelongs, clearLease } from './memoryLeadStore.js';

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

/** The key prefix when none is given. */
export const DEFAULT_REDIS_PREFIX = 'talentbot:';
/** How much longer than its TTL Redis keeps a state value (the PX safety net), in milliseconds. */
export const STATE_EXPIRY_MARGIN_MS = 60_000;
/** How long a connection attempt may take before it counts as failed, in milliseconds. */
const CONNECT_TIMEOUT_MS = 1000;
/** How long a sent command may wait for its answer, in milliseconds. */
const COMMAND_TIMEOUT_MS = 5000;
/** How often an optimistic read-change-write is tried before giving up with LockTimeoutError. */
const MAX_OPTIMISTIC_ATTEMPTS = 100;
/** Longest pause between two tries for a busy lock, in milliseconds. */
const MAX_LOCK_POLL_MS = 100;
/** How many outbox item fields one item takes in a script's arguments; see {@link itemArgs}. */
const ITEM_ARG_COUNT = 9;

/**
 * Connects to Redis and returns a {@link Store} on it. The connection opens in the
 * background; calls made before it is ready wait for it (briefly, see the module comment).
 *
 * @param options - the URL, key prefix, clock and optionally a client; see {@link RedisStoreOptions}
 */
export function createRedisStore(options: RedisStoreOptions): Store {
  const client = options.redis ?? connectRedis(options.url);
  const prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
  return {
    kind: 'redis',
    state: createRedisStateStore(client, prefix, options.clock),
    locks: createRedisLocks(client, prefix),
    leads: createRedisLeadStore(client, prefix),
    async ping() {
      await guard('ping', client.ping());
    },
    scrub: () => rewriteAppendOnlyFile(client),
    close: () => closeRedis(client),
  };
}

/**
 * Starts an AOF rewrite when Redis keeps an append-only file, so erased values leave it (the
 * rewrite writes only live keys). Redis schedules the rewrite itself when a snapshot is
 * being written. A Redis that refuses `CONFIG` (some managed services) is left alone: its
 * operator rewrites the file (README, Privacy).
 */
async function rewriteAppendOnlyFile(client: Redis): Promise<void> {
  let appendOnly: string | undefined;
  try {
    const answer = (await guard('scrub', client.config('GET', 'appendonly'))) as string[];
    appendOnly = answer[1];
  } catch (error) {
    if (error instanceof PlatformError) return;
    throw error;
  }
  if (appendOnly !== 'yes') return;
  try {
    await guard('scrub', client.bgrewriteaof());
  } catch (error) {
    // "Already in progress": a rewrite that began before the erasure may still carry the
    // erased keys, so ask once more a little later.
    if (!(error instanceof PlatformError)) throw error;
    setTimeout(() => void client.bgrewriteaof().catch(() => undefined), 5000).unref();
  }
}

/** `text` with the glob characters of Redis' MATCH escaped. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/**
 * A client that fails fast: one reconnection try per command, a short connect timeout, a
 * command timeout, and no offline queue after the first connection attempt (so calls made
 * while Redis is away reject at once rather than pile up). It reconnects by itself, backing off up to 2 s.
 * Connection errors are not logged here; they reach callers as rejected calls and `ping()`.
 *
 * @param url - where Redis listens
 */
export function connectRedis(url: string): Redis {
  const client = new Redis(url, {
    maxRetriesPerRequest: 1,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    // A command whose connection broke may have run; send it again and an update could
    // apply twice. It rejects (times out) instead and the caller decides.
    autoResendUnfulfilledCommands: false,
    retryStrategy: (times) => Math.min(times * 100, 2000),
  });
  client.on('error', () => undefined);
  // Calls made before the first connection attempt ends wait for it; once it has ended,
  // either way, calls made while disconnected reject at once.
  const stopQueueing = () => {
    client.options.enableOfflineQueue = false;
  };
  client.once('ready', stopQueueing);
  client.once('close', stopQueueing);
  return client;
}

/** Quits politely when connected, else just stops reconnecting. Closing twice is fine. */
async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}

/**
 * The error to throw for a failed Redis call: `PlatformError` when Redis answered with an
 * error, `NetworkError` when it could not be reached.
 *
 * @param method - the store method or command, for the message
 * @param error - what ioredis rejected with
 */
export function toRedisError(method: string, error: unknown): Error {
  if (error instanceof Error && error.name === 'ReplyError') {
    const transient = /^(LOADING|BUSY|TRYAGAIN|MASTERDOWN|READONLY|OOM|CLUSTERDOWN)\b/.test(error.message);
    return new PlatformError('redis', method, transient ? 503 : 400, error.message);
  }
  return new NetworkError('redis', error);
}

/** Awaits a Redis call, turning its failure into {@link toRedisError}'s error. */
async function guard<T>(method: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw toRedisError(method, error);
  }
}

/** A Lua script with its SHA-1, run by {@link runScript}. */
interface Script {
  lua: string;
  sha: string;
}

/** Prepares a Lua script. */
function script(lua: string): Script {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

/** Runs `s` by its SHA, loading it when Redis does not know it yet (after a restart or SCRIPT FLUSH). */
async function runScript(client: Redis, method: string, s: Script, keys: readonly string[], args: readonly string[]): Promise<unknown> {
  try {
    return await client.evalsha(s.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
      return guard(method, client.eval(s.lua, keys.length, ...keys, ...args));
    }
    throw toRedisError(method, error);
  }
}

/** `value` as JSON text. @throws TypeError when it is not JSON */
function toJson(value: unknown, what: string): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`${what} is not JSON`);
  return json;
}

/** A short random pause before retrying after a conflict, growing with `attempt`. */
function conflictPause(attempt: number): Promise<void> {
  return sleep(Math.random() * Math.min(2 ** attempt, 50));
}

// ---------------------------------------------------------------------------------------
// State

/** Stores a value unless a live one is there; a value past its stored expiry counts as absent. */
const SET_IF_ABSENT = script(`
local cur = redis.call('GET', KEYS[1])
if cur then
  local e = string.match(cur, '^{"e":(%-?[%d%.eE%+]+),')
  if not e or tonumber(e) > tonumber(ARGV[1]) then return 0 end
end
if ARGV[3] == '' then redis.call('SET', KEYS[1], ARGV[2]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1`);

/** Writes or deletes a key only when it still holds what was read (compare-and-set); 1 when done. */
const COMPARE_AND_WRITE = script(`
local cur = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if cur ~= ARGV[2] then return 0 end
elseif cur then
  return 0
end
if ARGV[3] == 'delete' then
  redis.call('DEL', KEYS[1])
elseif ARGV[5] == '' then
  redis.call('SET', KEYS[1], ARGV[4])
else
  redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[5])
end
return 1`);

/**
 * The state store. `update` is optimistic: read, call `change`, then write only if the key
 * still holds what was read, else start again (so `change` may run more than once).
 */
function createRedisStateStore(client: Redis, prefix: string, clock: Clock): StateStore {
  const keyOf = (key: string) => `${prefix}state:${key}`;
  /** The stored text and PX for `value`; the expiry is clock time, inside the text. */
  const encode = (key: string, value: unknown, ttlMs: number | undefined) => {
    const json = toJson(value, `value for ${key}`);
    if (ttlMs === undefined) return { raw: `{"e":null,"v":${json}}`, px: '' };
    const expiresAt = clock.now() + ttlMs;
    return { raw: `{"e":${JSON.stringify(expiresAt)},"v":${json}}`, px: String(Math.max(1, Math.ceil(ttlMs + STATE_EXPIRY_MARGIN_MS))) };
  };
  const decode = (raw: string | null): unknown => {
    if (raw === null) return undefined;
    const stored = JSON.parse(raw) as { e?: unknown; v?: unknown };
    if (typeof stored.e === 'number' && stored.e <= clock.now()) return undefined;
    return stored.v;
  };

  return {
    async get(key) {
      return decode(await guard('get', client.get(keyOf(key))));
    },
    async set(key, value, options?: WriteOptions) {
      const { raw, px } = encode(key, value, options?.ttlMs);
      await guard('set', px === '' ? client.set(keyOf(key), raw) : client.set(keyOf(key), raw, 'PX', px));
    },
    async delete(key) {
      await guard('delete', client.del(keyOf(key)));
    },
    async setIfAbsent(key, value, options) {
      const { raw, px } = encode(key, value, options?.ttlMs);
      return (await runScript(client, 'setIfAbsent', SET_IF_ABSENT, [keyOf(key)], [String(clock.now()), raw, px])) === 1;
    },
    async update<T>(key: string, change: (current: unknown) => UpdateResult<T>) {
      for (let attempt = 0; attempt < MAX_OPTIMISTIC_ATTEMPTS; attempt++) {
        const read = await guard('update', client.get(keyOf(key)));
        const outcome = change(decode(read));
        if (outcome.action === 'keep') return outcome.result;
        const written = outcome.action === 'set' ? encode(key, outcome.value, outcome.ttlMs) : { raw: '', px: '' };
        const args = [read === null ? '0' : '1', read ?? '', outcome.action, written.raw, written.px];
        if ((await runScript(client, 'update', COMPARE_AND_WRITE, [keyOf(key)], args)) === 1) return outcome.result;
        await conflictPause(attempt);
      }
      throw new LockTimeoutError(key);
    },
    async listPrefix(keyPrefix) {
      const found: Array<{ key: string; value: unknown }> = [];
      for await (const keys of scanKeys(keyPrefix)) {
        const raws = await guard('listPrefix', client.mget(...keys));
        keys.forEach((full, i) => {
          const value = decode(raws[i] ?? null);
          if (value !== undefined) found.push({ key: full.slice(keyOf('').length), value });
        });
      }
      return found;
    },
    async deletePrefix(keyPrefix) {
      let removed = 0;
      for await (const keys of scanKeys(keyPrefix)) {
        const raws = await guard('deletePrefix', client.mget(...keys));
        removed += raws.filter((raw) => decode(raw ?? null) !== undefined).length;
        await guard('deletePrefix', client.del(...keys));
      }
      return removed;
    },
  };

  /** The full keys under `keyPrefix`, in batches (SCAN: never blocks Redis for long). */
  async function* scanKeys(keyPrefix: string): AsyncGenerator<string[]> {
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await guard('scan', client.scan(cursor, 'MATCH', `${escapeGlob(keyOf(keyPrefix))}*`, 'COUNT', 1000));
      cursor = next;
      const fresh = keys.filter((k) => !seen.has(k));
      for (const k of fresh) seen.add(k);
      if (fresh.length) yield fresh;
    } while (cursor !== '0');
  }
}

// ---------------------------------------------------------------------------------------
// Locks

/** Deletes the lock only while it still holds our token. */
const RELEASE_LOCK = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);

/** Extends the lease only while the lock still holds our token. */
const EXTEND_LOCK = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`);

/**
 * Locks shared between processes. In front of the Redis lock sits an in-process queue per
 * key, so waiters of one process are served in arrival order and only the queue's head
 * polls Redis (backing off from 5 ms to {@link MAX_LOCK_POLL_MS}). The lock key holds a
 * random token with PX = `leaseMs`; while `work` runs the lease is renewed every third of
 * it, so only a holder that died (stopped renewing) loses the lock, `leaseMs` after its last
 * renewal. Release deletes the key only if it still holds our token. A failed release is
 * ignored: the lease ends the lock anyway.
 */
function createRedisLocks(client: Redis, prefix: string): LockStore {
  const tails = new Map<string, Promise<void>>();

  const waitTurn = async (previous: Promise<void>, ms: number): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(0, ms));
    });
    const got = await Promise.race([previous.then(() => true as const), timedOut]);
    clearTimeout(timer);
    return got;
  };

  const acquire = async (key: string, lockKey: string, token: string, leaseMs: number, deadline: number) => {
    let pause = 5;
    for (;;) {
      if ((await guard('withLock', client.set(lockKey, token, 'PX', leaseMs, 'NX'))) === 'OK') return;
      const left = deadline - performance.now();
      if (left <= 0) throw new LockTimeoutError(key);
      await sleep(Math.min(left, pause * (0.5 + Math.random())));
      pause = Math.min(pause * 2, MAX_LOCK_POLL_MS);
    }
  };

  const holding = async <T>(lockKey: string, token: string, leaseMs: number, work: () => Promise<T>): Promise<T> => {
    const renew = setInterval(() => {
      runScript(client, 'withLock', EXTEND_LOCK, [lockKey], [token, String(leaseMs)]).then(
        (extended) => extended === 1 || clearInterval(renew),
        () => undefined,
      );
    }, Math.max(10, Math.floor(leaseMs / 3)));
    renew.unref();
    try {
      return await work();
    } finally {
      clearInterval(renew);
    }
  };

  return {
    async withLock<T>(key: string, work: () => Promise<T>, options?: LockOptions): Promise<T> {
      const waitMs = options?.waitMs ?? DEFAULT_LOCK_WAIT_MS;
      const leaseMs = Math.max(1, Math.ceil(options?.leaseMs ?? DEFAULT_LOCK_LEASE_MS));
      const deadline = performance.now() + waitMs;

      const previous = tails.get(key) ?? Promise.resolve();
      let leave!: () => void;
      const mine = new Promise<void>((resolve) => (leave = resolve));
      const tail = previous.then(() => mine);
      tails.set(key, tail);
      try {
        if (!(await waitTurn(previous, waitMs))) throw new LockTimeoutError(key);
        const lockKey = `${prefix}lock:${key}`;
        const token = randomUUID();
        await acquire(key, lockKey, token, leaseMs, deadline);
        try {
          return await holding(lockKey, token, leaseMs, work);
        } finally {
          await runScript(client, 'withLock', RELEASE_LOCK, [lockKey], [token]).catch(() => undefined);
        }
      } finally {
        // After a timeout those behind us still wait for `previous`, not for us.
        void previous.then(() => leave());
        void tail.then(() => {
          if (tails.get(key) === tail) tails.delete(key);
        });
      }
    },
  };
}

// ---------------------------------------------------------------------------------------
// Leads and outbox

/**
 * Lua shared by the lead scripts: `pad` zero-pads a number to 15 digits; `writeItem` stores
 * one outbox item from {@link ITEM_ARG_COUNT} arguments starting at `i` (see
 * {@link itemArgs}), keeping its first-save `seq` and fixing the due set and lead sets.
 */
const LEAD_LUA_HEAD = `
local prefix = ARGV[1]
local function pad(n)
  local s = tostring(n)
  return string.rep('0', 15 - #s) .. s
end
local function writeItem(i)
  local id, json, leadId, pending, dueAt, order = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
  local leaseUntil, hasOwner, owner = ARGV[i + 6], ARGV[i + 7], ARGV[i + 8]
  local key = prefix .. 'outbox:item:' .. id
  local old = redis.call('HMGET', key, 'seq', 'due', 'leadId')
  local seq = old[1]
  if not seq then seq = tostring(redis.call('INCR', prefix .. 'seq')) end
  if old[2] then redis.call('ZREM', prefix .. 'outbox:due', old[2]) end
  if old[3] and old[3] ~= leadId then redis.call('SREM', prefix .. 'outbox:lead:' .. old[3], id) end
  redis.call('DEL', key)
  local fields = {'json', json, 'leadId', leadId, 'seq', seq}
  if pending == '1' then
    local member = order .. ':' .. pad(seq) .. ':' .. id
    redis.call('ZADD', prefix .. 'outbox:due', dueAt, member)
    table.insert(fields, 'due')
    table.insert(fields, member)
  end
  if leaseUntil ~= '' then
    table.insert(fields, 'leaseUntil')
    table.insert(fields, leaseUntil)
  end
  if hasOwner == '1' then
    table.insert(fields, 'leaseOwner')
    table.insert(fields, owner)
  end
  redis.call('HSET', key, unpack(fields))
  redis.call('SADD', prefix .. 'outbox:lead:' .. leadId, id)
end
`;

/**
 * Writes a lead, its indexes and its queued items. ARGV: prefix, id, mode ('save' or
 * 'update'), the JSON read before (for 'update': 0 when the lead changed meanwhile), the new
 * JSON, createdAt, has person key ('1'/'0'), person key, item count, then the items.
 */
const COMMIT_LEAD = script(`${LEAD_LUA_HEAD}
local id = ARGV[2]
local leadKey = prefix .. 'lead:' .. id
local cur = redis.call('HMGET', leadKey, 'json', 'seq', 'person')
if ARGV[3] == 'update' and cur[1] ~= ARGV[4] then return 0 end
local seq = cur[2]
if not seq then seq = tostring(redis.call('INCR', prefix .. 'seq')) end
local member = pad(seq) .. ':' .. id
if cur[3] then redis.call('ZREM', prefix .. 'person:' .. cur[3], member) end
redis.call('ZADD', prefix .. 'leads', ARGV[6], member)
redis.call('DEL', leadKey)
if ARGV[7] == '1' then
  redis.call('ZADD', prefix .. 'person:' .. ARGV[8], ARGV[6], member)
  redis.call('HSET', leadKey, 'json', ARGV[5], 'seq', seq, 'person', ARGV[8])
else
  redis.call('HSET', leadKey, 'json', ARGV[5], 'seq', seq)
end
for k = 0, tonumber(ARGV[9]) - 1 do writeItem(10 + k * ${ITEM_ARG_COUNT}) end
return 1`);

/** Removes a lead, its index entries and its items. ARGV: prefix, id. */
const DELETE_LEAD = script(`${LEAD_LUA_HEAD}
local id = ARGV[2]
local leadKey = prefix .. 'lead:' .. id
local cur = redis.call('HMGET', leadKey, 'seq', 'person')
if cur[1] then
  local member = pad(cur[1]) .. ':' .. id
  redis.call('ZREM', prefix .. 'leads', member)
  if cur[2] then redis.call('ZREM', prefix .. 'person:' .. cur[2], member) end
  redis.call('DEL', leadKey)
end
local setKey = prefix .. 'outbox:lead:' .. id
for _, itemId in ipairs(redis.call('SMEMBERS', setKey)) do
  local itemKey = prefix .. 'outbox:item:' .. itemId
  local f = redis.call('HMGET', itemKey, 'leadId', 'due')
  if f[1] == id then
    if f[2] then redis.call('ZREM', prefix .. 'outbox:due', f[2]) end
    redis.call('DEL', itemKey)
  end
end
redis.call('DEL', setKey)
return 1`);

/**
 * Leases up to `limit` due pending items whose lease ran out, oldest due first, and returns
 * their JSON. ARGV: prefix, now, limit, leaseUntil, owner.
 */
const CLAIM_DUE = script(`
local prefix = ARGV[1]
local dueKey = prefix .. 'outbox:due'
local now = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local out = {}
local offset = 0
while #out < limit do
  local batch = redis.call('ZRANGEBYSCORE', dueKey, '-inf', ARGV[2], 'LIMIT', offset, 100)
  if #batch == 0 then break end
  for _, member in ipairs(batch) do
    local itemKey = prefix .. 'outbox:item:' .. string.match(member, '^[^:]*:[^:]*:(.*)$')
    local f = redis.call('HMGET', itemKey, 'leaseUntil', 'json')
    if f[2] and (not f[1] or tonumber(f[1]) <= now) then
      redis.call('HSET', itemKey, 'leaseUntil', ARGV[4], 'leaseOwner', ARGV[5])
      out[#out + 1] = f[2]
      if #out >= limit then break end
    end
  end
  offset = offset + #batch
end
return out`);

/**
 * Replaces a leased item and the lead's JSON, if `owner` still holds the item and the lead
 * is as read. Returns 1 when done, 0 when the owner lost the item, -1 on a conflict. ARGV:
 * prefix, owner, lead present ('1'/'0'), lead JSON read, new lead JSON, then the item.
 */
const SETTLE = script(`${LEAD_LUA_HEAD}
local itemKey = prefix .. 'outbox:item:' .. ARGV[6]
local f = redis.call('HMGET', itemKey, 'leaseOwner', 'leadId')
if f[1] ~= ARGV[2] then return 0 end
if f[2] ~= ARGV[8] then return -1 end
local leadKey = prefix .. 'lead:' .. ARGV[8]
local leadJson = redis.call('HGET', leadKey, 'json')
if ARGV[3] == '1' then
  if leadJson ~= ARGV[4] then return -1 end
elseif leadJson then
  return -1
end
writeItem(6)
if ARGV[3] == '1' then redis.call('HSET', leadKey, 'json', ARGV[5]) end
return 1`);

/** The JSON of all leads, newest first (equal `createdAt`: last saved first). ARGV: prefix. */
const LIST_LEADS = script(`
local prefix = ARGV[1]
local out = {}
for _, member in ipairs(redis.call('ZREVRANGE', prefix .. 'leads', 0, -1)) do
  local json = redis.call('HGET', prefix .. 'lead:' .. string.match(member, '^[^:]*:(.*)$'), 'json')
  if json then out[#out + 1] = json end
end
return out`);

/** The JSON of the newest lead of a person, or nil. ARGV: prefix, person key. */
const FIND_BY_PERSON = script(`
local prefix = ARGV[1]
local members = redis.call('ZREVRANGE', prefix .. 'person:' .. ARGV[2], 0, 0)
if #members == 0 then return false end
return redis.call('HGET', prefix .. 'lead:' .. string.match(members[1], '^[^:]*:(.*)$'), 'json')`);

/** The items of one lead as flat quadruples: JSON, seq, leaseUntil, leaseOwner. ARGV: prefix, lead id. */
const LIST_DELIVERIES = script(`
local prefix = ARGV[1]
local out = {}
for _, itemId in ipairs(redis.call('SMEMBERS', prefix .. 'outbox:lead:' .. ARGV[2])) do
  local f = redis.call('HMGET', prefix .. 'outbox:item:' .. itemId, 'json', 'seq', 'leaseUntil', 'leaseOwner', 'leadId')
  if f[1] and f[5] == ARGV[2] then
    out[#out + 1] = f[1]
    out[#out + 1] = f[2]
    out[#out + 1] = f[3]
    out[#out + 1] = f[4]
  end
end
return out`);

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
 * An outbox item as {@link ITEM_ARG_COUNT} script arguments: id, JSON without the lease,
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
function createRedisLeadStore(client: Redis, prefix: string): LeadStore {
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

// ---------------------------------------------------------------------------------------
// Signals

/** Options for {@link createRedisSignal}. */
export interface RedisSignalOptions {
  /** Where Redis listens. Not used when `redis` is given. */
  url: string;
  /** Put in front of every channel, as `<prefix>signal:<channel>`. Default `talentbot:`; use the store's. */
  prefix?: string;
  /** A client to publish with instead of connecting to `url` (subscriptions use a duplicate of it). `close()` quits it. */
  redis?: Redis;
  /** Called when a subscriber's handler throws. Default: the error is dropped. */
  onError?: (error: unknown, channel: string) => void;
}

/** Messages between the bot's processes, e.g. "content changed: reload". At most once, only to processes listening now. */
export interface RedisSignal {
  /** Sends `message` to every process subscribed to `channel`; resolves with how many connections received it. */
  publish(channel: string, message: string): Promise<number>;
  /**
   * Calls `handler` with every message published to `channel` from now on (ioredis
   * re-subscribes after a reconnection; messages sent while disconnected are lost).
   * Resolves once the subscription is active, with a function that ends it.
   */
  subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>>;
  /** Closes both connections. */
  close(): Promise<void>;
}

/**
 * Pub/sub on the store's prefix: one connection publishes, a second one (opened at the
 * first `subscribe`) listens, since a subscribed Redis connection can do nothing else.
 *
 * @param options - the URL, prefix and error callback; see {@link RedisSignalOptions}
 */
export function createRedisSignal(options: RedisSignalOptions): RedisSignal {
  const prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
  const onError = options.onError ?? (() => undefined);
  const publisher = options.redis ?? connectRedis(options.url);
  const channelOf = (channel: string) => `${prefix}signal:${channel}`;
  const handlers = new Map<string, Set<(message: string) => void>>();
  const subscribing = new Map<string, Promise<unknown>>();
  let subscriber: Redis | undefined;

  const listen = (): Redis => {
    if (subscriber) return subscriber;
    const connection = options.redis ? options.redis.duplicate() : connectRedis(options.url);
    connection.on('error', () => undefined);
    connection.on('message', (fullChannel: string, message: string) => {
      for (const handler of handlers.get(fullChannel) ?? []) {
        try {
          handler(message);
        } catch (error) {
          onError(error, fullChannel.slice(prefix.length + 'signal:'.length));
        }
      }
    });
    subscriber = connection;
    return connection;
  };

  return {
    async publish(channel, message) {
      return guard('publish', publisher.publish(channelOf(channel), message));
    },

    async subscribe(channel, handler) {
      const full = channelOf(channel);
      const connection = listen();
      let set = handlers.get(full);
      if (!set) {
        set = new Set();
        handlers.set(full, set);
        subscribing.set(full, guard('subscribe', connection.subscribe(full)));
      }
      set.add(handler);
      try {
        await subscribing.get(full);
      } catch (error) {
        set.delete(handler);
        if (set.size === 0 && handlers.get(full) === set) {
          handlers.delete(full);
          subscribing.delete(full);
        }
        throw error;
      }
      return async () => {
        if (!set.delete(handler) || set.size > 0 || handlers.get(full) !== set) return;
        handlers.delete(full);
        subscribing.delete(full);
        await guard('unsubscribe', connection.unsubscribe(full));
      };
    },

    async close() {
      await Promise.all([closeRedis(publisher), subscriber ? closeRedis(subscriber) : undefined]);
    },
  };
}
