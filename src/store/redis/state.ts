/**
 * State values on Redis: `state:<key>` holds `{"e":<expiresAt or null>,"v":<value>}`, with
 * PX as a safety net. The expiry is clock time inside the value, so a manual clock works;
 * see the module comment of `./index.ts`.
 */
import type { Redis } from 'ioredis';
import type { Clock } from '../../shared/clock.js';
import { LockTimeoutError, type StateStore, type UpdateResult, type WriteOptions } from '../contract.js';
import { guard } from './connection.js';
import { conflictPause, MAX_OPTIMISTIC_ATTEMPTS, runScript, script, toJson } from './scripts.js';

/** How much longer than its TTL Redis keeps a state value (the PX safety net), in milliseconds. */
export const STATE_EXPIRY_MARGIN_MS = 60_000;

/** `text` with the glob characters of Redis' MATCH escaped. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

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

/** How state values are stored: their Redis key, and their text and PX; shared with the turn store (`./turns.ts`). */
export interface StateCodec {
  keyOf(key: string): string;
  /** The stored text and PX for `value` (PX '' for none); the expiry is clock time, inside the text. */
  encode(key: string, value: unknown, ttlMs: number | undefined): { raw: string; px: string };
  /** The value of a stored text; `undefined` when absent or past its expiry. */
  decode(raw: string | null): unknown;
}

/**
 * The codec of state values under `prefix`, expiring on `clock`.
 *
 * @param prefix - put in front of every key
 * @param clock - decides when values expire
 */
export function createStateCodec(prefix: string, clock: Clock): StateCodec {
  return {
    keyOf: (key) => `${prefix}state:${key}`,
    encode(key, value, ttlMs) {
      const json = toJson(value, `value for ${key}`);
      if (ttlMs === undefined) return { raw: `{"e":null,"v":${json}}`, px: '' };
      const expiresAt = clock.now() + ttlMs;
      return { raw: `{"e":${JSON.stringify(expiresAt)},"v":${json}}`, px: String(Math.max(1, Math.ceil(ttlMs + STATE_EXPIRY_MARGIN_MS))) };
    },
    decode(raw) {
      if (raw === null) return undefined;
      const stored = JSON.parse(raw) as { e?: unknown; v?: unknown };
      if (typeof stored.e === 'number' && stored.e <= clock.now()) return undefined;
      return stored.v;
    },
  };
}

/**
 * The state store. `update` is optimistic: read, call `change`, then write only if the key
 * still holds what was read, else start again (so `change` may run more than once).
 */
export function createRedisStateStore(client: Redis, prefix: string, clock: Clock): StateStore {
  const { keyOf, encode, decode } = createStateCodec(prefix, clock);

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
