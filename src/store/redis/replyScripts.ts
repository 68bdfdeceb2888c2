/**
 * The Lua scripts of the reply outbox on Redis: every change to an item and its indexes is
 * one script, so it is atomic across processes. Key layout: see `./index.ts` (`reply:*`).
 */
import { script } from './scripts.js';

/**
 * Queues an item unless its id is stored. ARGV: prefix, id, JSON (without lease),
 * conversation, status, dueAt, createdAt. Returns 1 when queued, 0 when already there.
 */
export const ENQUEUE_REPLY = script(`
local prefix = ARGV[1]
local key = prefix .. 'reply:item:' .. ARGV[2]
if redis.call('EXISTS', key) == 1 then return 0 end
local seq = redis.call('INCR', prefix .. 'seq')
local member = string.format('%015d', seq) .. ':' .. ARGV[2]
redis.call('HSET', key, 'json', ARGV[3], 'conv', ARGV[4], 'status', ARGV[5], 'seq', seq, 'member', member)
if ARGV[5] == 'pending' then
  redis.call('ZADD', prefix .. 'reply:due', ARGV[6], member)
  redis.call('ZADD', prefix .. 'reply:conv:' .. ARGV[4], seq, ARGV[2])
end
redis.call('ZADD', prefix .. 'reply:created', ARGV[7], ARGV[2])
return 1`);

/**
 * Leases up to `limit` due pending items whose lease ran out and that head their
 * conversation, earliest due first; returns their JSON. ARGV: prefix, now, limit, leaseUntil, owner,
 * conversation prefix ('' for every conversation).
 */
export const CLAIM_REPLIES = script(`
local prefix = ARGV[1]
local now = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local want = ARGV[6] or ''
local out = {}
local offset = 0
while #out < limit do
  local batch = redis.call('ZRANGEBYSCORE', prefix .. 'reply:due', '-inf', ARGV[2], 'LIMIT', offset, 100)
  if #batch == 0 then break end
  for _, member in ipairs(batch) do
    local id = string.match(member, '^[^:]*:(.*)$')
    local key = prefix .. 'reply:item:' .. id
    local f = redis.call('HMGET', key, 'leaseUntil', 'json', 'conv')
    if f[2] and (not f[1] or tonumber(f[1]) <= now) and string.sub(f[3], 1, #want) == want then
      local head = redis.call('ZRANGE', prefix .. 'reply:conv:' .. f[3], 0, 0)
      if head[1] == id then
        redis.call('HSET', key, 'leaseUntil', ARGV[4], 'leaseOwner', ARGV[5])
        out[#out + 1] = f[2]
        if #out >= limit then break end
      end
    end
  end
  offset = offset + #batch
end
return out`);

/**
 * Replaces a leased item if `owner` still holds it. ARGV: prefix, owner, id, JSON (without
 * lease), status, dueAt, leaseUntil ('' for none), leaseOwner ('' for none). Returns 1 or 0.
 */
export const SETTLE_REPLY = script(`
local prefix = ARGV[1]
local key = prefix .. 'reply:item:' .. ARGV[3]
local f = redis.call('HMGET', key, 'leaseOwner', 'member', 'conv')
if f[1] ~= ARGV[2] then return 0 end
redis.call('HSET', key, 'json', ARGV[4], 'status', ARGV[5])
if ARGV[5] == 'pending' then
  redis.call('ZADD', prefix .. 'reply:due', ARGV[6], f[2])
else
  redis.call('ZREM', prefix .. 'reply:due', f[2])
  redis.call('ZREM', prefix .. 'reply:conv:' .. f[3], ARGV[3])
end
if ARGV[7] == '' then redis.call('HDEL', key, 'leaseUntil') else redis.call('HSET', key, 'leaseUntil', ARGV[7]) end
if ARGV[8] == '' then redis.call('HDEL', key, 'leaseOwner') else redis.call('HSET', key, 'leaseOwner', ARGV[8]) end
return 1`);

/** Removes done and dead items created before a time. ARGV: prefix, before (exclusive). Returns how many. */
export const PURGE_REPLIES = script(`
local prefix = ARGV[1]
local removed = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', prefix .. 'reply:created', '-inf', '(' .. ARGV[2])) do
  local key = prefix .. 'reply:item:' .. id
  local status = redis.call('HGET', key, 'status')
  if status ~= 'pending' then
    redis.call('DEL', key)
    redis.call('ZREM', prefix .. 'reply:created', id)
    if status then removed = removed + 1 end
  end
end
return removed`);
