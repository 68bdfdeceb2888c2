/**
 * Lists on Redis: `list:<key>` is a Redis list of JSON texts, `list-e:<key>` its expiry in
 * clock time (or `null`). Both carry PX as a safety net, like state values; see the module
 * comment of `./index.ts`. An append is one Lua script, so it is atomic across processes.
 */
import type { Redis } from 'ioredis';
import type { Clock } from '../../shared/clock.js';
import type { AppendOptions, ListStore } from '../contract.js';
import { checkAppendOptions, listItemsAsJson } from '../memoryListStore.js';
import { guard } from './connection.js';
import { runScript, script } from './scripts.js';
import { STATE_EXPIRY_MARGIN_MS } from './state.js';

/**
 * KEYS: the list, its expiry. ARGV: now, keep, expiry (clock ms or 'null'), PX ('' for none),
 * then the values. A list past its expiry is emptied first.
 */
const APPEND = script(`
local e = redis.call('GET', KEYS[2])
if e and e ~= 'null' and tonumber(e) <= tonumber(ARGV[1]) then redis.call('DEL', KEYS[1]) end
for i = 5, #ARGV do redis.call('RPUSH', KEYS[1], ARGV[i]) end
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
if ARGV[4] == '' then
  redis.call('SET', KEYS[2], ARGV[3])
  redis.call('PERSIST', KEYS[1])
else
  redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
return 1`);

/** The Redis keys of the list `key`: the list and its expiry. */
export function listKeysOf(prefix: string, key: string): [string, string] {
  return [`${prefix}list:${key}`, `${prefix}list-e:${key}`];
}

/**
 * The ARGV of {@link APPEND} (also of the turn store's writes, `./turns.ts`): now, keep,
 * expiry, PX, then the values as JSON.
 *
 * @throws InputError when `options` are out of range; TypeError when a value is not JSON
 */
export function appendArguments(clock: Clock, key: string, values: readonly unknown[], options: AppendOptions): string[] {
  checkAppendOptions(key, options);
  const items = listItemsAsJson(key, values);
  const expiresAt = options.ttlMs === undefined ? 'null' : String(clock.now() + options.ttlMs);
  const px = options.ttlMs === undefined ? '' : String(Math.max(1, Math.ceil(options.ttlMs + STATE_EXPIRY_MARGIN_MS)));
  return [String(clock.now()), String(options.keep), expiresAt, px, ...items];
}

/**
 * Creates the list store.
 *
 * @param client - the connection
 * @param prefix - put in front of every key
 * @param clock - decides when lists expire
 */
export function createRedisListStore(client: Redis, prefix: string, clock: Clock): ListStore {
  const keysOf = (key: string) => listKeysOf(prefix, key);
  return {
    async append(key, values, options) {
      await runScript(client, 'append', APPEND, keysOf(key), appendArguments(clock, key, values, options));
    },
    async read(key) {
      const [list, expiry] = keysOf(key) as [string, string];
      const [expiresAt, items] = await Promise.all([guard('read', client.get(expiry)), guard('read', client.lrange(list, 0, -1))]);
      if (expiresAt === null || (expiresAt !== 'null' && Number(expiresAt) <= clock.now())) return [];
      return items.map((json) => JSON.parse(json) as unknown);
    },
    async delete(key) {
      await guard('delete', client.del(...keysOf(key)));
    },
  };
}
