/**
 * A conversation's turn on Redis in two round trips: one script takes the lock and reads the
 * state values, one script makes the turn's writes and releases the lock. The lock's queue,
 * polling, lease and renewal are those of `./locks.ts` (the same instance); the values and
 * lists are stored exactly as `./state.ts` and `./lists.ts` store them.
 */
import type { Redis } from 'ioredis';
import type { Clock } from '../../shared/clock.js';
import type { TurnStore, TurnWrite } from '../contract.js';
import { appendArguments, listKeysOf } from './lists.js';
import type { RedisLocking, TakeLock } from './locks.js';
import { runScript, script } from './scripts.js';
import { createStateCodec, type StateCodec } from './state.js';

/** KEYS: the lock, then the state keys to read. ARGV: token, lease. 0 when the lock is busy, else the texts read (nil when absent). */
const LOCK_AND_READ = script(`
if not redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 0 end
local read = {}
for i = 2, #KEYS do read[i - 1] = redis.call('GET', KEYS[i]) end
return read`);

/**
 * KEYS: the lock, then each write's keys (a value: its key; an append: the list and its expiry).
 * ARGV: the token, then each write: 'set', text, PX ('' for none) | 'append', count, now, keep,
 * expiry, PX, then the values — an append does what `APPEND` of `./lists.ts` does. Then the
 * lock is deleted if it still holds the token.
 */
const WRITE_AND_RELEASE = script(`
local k, a = 2, 2
while a <= #ARGV do
  if ARGV[a] == 'set' then
    if ARGV[a + 2] == '' then redis.call('SET', KEYS[k], ARGV[a + 1]) else redis.call('SET', KEYS[k], ARGV[a + 1], 'PX', ARGV[a + 2]) end
    k = k + 1
    a = a + 3
  else
    local n = tonumber(ARGV[a + 1])
    local now, keep, expiry, px = ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5]
    local list, ekey = KEYS[k], KEYS[k + 1]
    local e = redis.call('GET', ekey)
    if e and e ~= 'null' and tonumber(e) <= tonumber(now) then redis.call('DEL', list) end
    for i = a + 6, a + 5 + n do redis.call('RPUSH', list, ARGV[i]) end
    redis.call('LTRIM', list, -tonumber(keep), -1)
    if px == '' then
      redis.call('SET', ekey, expiry)
      redis.call('PERSIST', list)
    else
      redis.call('SET', ekey, expiry, 'PX', px)
      redis.call('PEXPIRE', list, px)
    end
    k = k + 2
    a = a + 6 + n
  end
end
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`);

/**
 * Creates the turn store.
 *
 * @param client - the connection
 * @param prefix - put in front of every key
 * @param clock - decides when values and lists expire
 * @param locking - the locking the lock store uses, so that both queue together
 */
export function createRedisTurnStore(client: Redis, prefix: string, clock: Clock, locking: RedisLocking): TurnStore {
  const codec = createStateCodec(prefix, clock);
  return {
    run(lockKey, readKeys, work, options) {
      let read: unknown[] = [];
      const take: TakeLock = async (key, token, leaseMs) => {
        const answer = await runScript(client, 'withLock', LOCK_AND_READ, [key, ...readKeys.map(codec.keyOf)], [token, String(leaseMs)]);
        if (!Array.isArray(answer)) return false;
        read = answer;
        return true;
      };
      return locking(lockKey, options, take, async (held) => {
        const outcome = await work(read.map((raw) => codec.decode(typeof raw === 'string' ? raw : null)));
        const keys = [held.lockKey];
        const args = [held.token];
        for (const write of outcome.writes ?? []) addWrite(codec, clock, prefix, write, keys, args);
        await runScript(client, 'turn', WRITE_AND_RELEASE, keys, args);
        held.released = true;
        return outcome.result;
      });
    },
  };
}

/** Adds the keys and arguments of one write to those of {@link WRITE_AND_RELEASE}. */
function addWrite(codec: StateCodec, clock: Clock, prefix: string, write: TurnWrite, keys: string[], args: string[]): void {
  if (write.kind === 'set') {
    const { raw, px } = codec.encode(write.key, write.value, write.ttlMs);
    keys.push(codec.keyOf(write.key));
    args.push('set', raw, px);
    return;
  }
  const appended = appendArguments(clock, write.key, write.values, write.options);
  keys.push(...listKeysOf(prefix, write.key));
  args.push('append', String(appended.length - 4), ...appended);
}
