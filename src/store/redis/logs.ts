/**
 * The conversation logs on Redis. `log:<id>` is a hash (`json`, `conv`, `chan`, `member`,
 * `at`, and one `f:<field>` per field a patch added, as JSON); `logs`, `logs:conv:<conversation>`
 * and `logs:chan:<channel>` are sorted sets of the turns, score `at`, member `<seq>:<id>` with
 * `seq` (from `logs:seq`) zero-padded to 15 digits, so turns of the same time read the last
 * appended first. Every write is one Lua script, atomic across processes; keys are built from
 * the prefix inside the scripts, like the other parts of this store.
 */
import type { Redis } from 'ioredis';
import type { ConversationLogStore, LoggedTurn } from '../contract.js';
import { checkLogQuery, loggedTurnAsJson } from '../memoryLogStore.js';
import { guard } from './connection.js';
import { runScript, toJson, script, type Script } from './scripts.js';

/** ARGV: prefix, id, json, conversation, channel, at. */
const APPEND = script(`
local p, id = ARGV[1], ARGV[2]
local key = p .. 'log:' .. id
if redis.call('EXISTS', key) == 1 then return 0 end
local member = string.format('%015d', redis.call('INCR', p .. 'logs:seq')) .. ':' .. id
redis.call('HSET', key, 'json', ARGV[3], 'conv', ARGV[4], 'chan', ARGV[5], 'member', member, 'at', ARGV[6])
redis.call('ZADD', p .. 'logs', ARGV[6], member)
redis.call('ZADD', p .. 'logs:conv:' .. ARGV[4], ARGV[6], member)
redis.call('ZADD', p .. 'logs:chan:' .. ARGV[5], ARGV[6], member)
return 1`);

/** ARGV: prefix, id, then field names and JSON values. */
const PATCH = script(`
local key = ARGV[1] .. 'log:' .. ARGV[2]
if redis.call('EXISTS', key) == 0 then return 0 end
for i = 3, #ARGV, 2 do redis.call('HSET', key, 'f:' .. ARGV[i], ARGV[i + 1]) end
return 1`);

/**
 * ARGV: prefix, sorted set (after the prefix), max, min, limit, channel ('' any), cursor
 * score and member ('' none). Returns each turn's hash as a flat list.
 */
const QUERY = script(`
local p, limit, chan, cAt, cMember = ARGV[1], tonumber(ARGV[5]), ARGV[6], tonumber(ARGV[7]), ARGV[8]
local out, offset = {}, 0
while #out < limit do
  local batch = redis.call('ZREVRANGEBYSCORE', p .. ARGV[2], ARGV[3], ARGV[4], 'WITHSCORES', 'LIMIT', offset, 200)
  if #batch == 0 then break end
  for i = 1, #batch, 2 do
    local member, s = batch[i], tonumber(batch[i + 1])
    if cMember == '' or s < cAt or member < cMember then
      local key = p .. 'log:' .. string.sub(member, 17)
      if chan == '' or redis.call('HGET', key, 'chan') == chan then
        out[#out + 1] = redis.call('HGETALL', key)
        if #out >= limit then break end
      end
    end
  end
  offset = offset + 200
end
return out`);

/** ARGV: prefix, conversation. */
const DELETE_CONVERSATION = script(`
local p = ARGV[1]
local conv = p .. 'logs:conv:' .. ARGV[2]
local members = redis.call('ZRANGE', conv, 0, -1)
for _, member in ipairs(members) do
  local key = p .. 'log:' .. string.sub(member, 17)
  local chan = redis.call('HGET', key, 'chan')
  if chan then redis.call('ZREM', p .. 'logs:chan:' .. chan, member) end
  redis.call('ZREM', p .. 'logs', member)
  redis.call('DEL', key)
end
redis.call('DEL', conv)
return #members`);

/** ARGV: prefix, before (exclusive), batch size. Removes up to one batch of the oldest turns. */
const PURGE = script(`
local p = ARGV[1]
local members = redis.call('ZRANGEBYSCORE', p .. 'logs', '-inf', '(' .. ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
for _, member in ipairs(members) do
  local key = p .. 'log:' .. string.sub(member, 17)
  local fields = redis.call('HMGET', key, 'conv', 'chan')
  if fields[1] then redis.call('ZREM', p .. 'logs:conv:' .. fields[1], member) end
  if fields[2] then redis.call('ZREM', p .. 'logs:chan:' .. fields[2], member) end
  redis.call('ZREM', p .. 'logs', member)
  redis.call('DEL', key)
end
return #members`);

/** Turns removed per purge script run. */
const PURGE_BATCH = 500;

/** The turn a `log:<id>` hash (as a flat list of field and value) holds. */
function readHash(flat: readonly string[]): LoggedTurn {
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) fields.set(flat[i]!, flat[i + 1]!);
  const turn = JSON.parse(fields.get('json') ?? '{}') as LoggedTurn;
  for (const [name, value] of fields) if (name.startsWith('f:')) (turn as Record<string, unknown>)[name.slice(2)] = JSON.parse(value) as unknown;
  return turn;
}

/**
 * Creates the log store.
 *
 * @param client - the store's connection
 * @param prefix - the store's key prefix
 */
export function createRedisLogStore(client: Redis, prefix: string): ConversationLogStore {
  const run = (method: string, s: Script, args: readonly string[]) => runScript(client, method, s, [], [prefix, ...args]);
  return {
    async append(turn) {
      const json = loggedTurnAsJson(turn);
      return (await run('append', APPEND, [turn.id, json, turn.conversation, turn.channel, String(turn.at)])) === 1;
    },
    async patch(id, fields) {
      const args = Object.entries(fields)
        .filter(([name]) => !['id', 'conversation', 'at', 'channel'].includes(name) && fields[name] !== undefined)
        .flatMap(([name, value]) => [name, toJson(value, `log patch field ${name}`)]);
      return (await run('patch', PATCH, [id, ...args])) === 1;
    },
    async query(query) {
      checkLogQuery(query);
      const set = query.conversation !== undefined ? `logs:conv:${query.conversation}` : query.channel !== undefined ? `logs:chan:${query.channel}` : 'logs';
      let max = query.to !== undefined ? `(${query.to}` : '+inf';
      let cursor = ['', ''];
      if (query.after !== undefined) {
        const [member, at] = await guard('query', client.hmget(`${prefix}log:${query.after}`, 'member', 'at'));
        if (member === null || member === undefined || at === null || at === undefined) return [];
        cursor = [at, member];
        if (query.to === undefined || Number(at) < query.to) max = at;
      }
      const min = query.from !== undefined ? String(query.from) : '-inf';
      const found = (await run('query', QUERY, [set, max, min, String(query.limit), query.channel ?? '', cursor[0]!, cursor[1]!])) as string[][];
      return found.map(readHash);
    },
    async deleteConversation(conversation) {
      return Number(await run('deleteConversation', DELETE_CONVERSATION, [conversation]));
    },
    async purge(before) {
      let removed = 0;
      for (;;) {
        const batch = Number(await run('purge', PURGE, [String(before), String(PURGE_BATCH)]));
        removed += batch;
        if (batch < PURGE_BATCH) return removed;
      }
    },
  };
}
