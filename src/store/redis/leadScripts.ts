/**
 * The Lua scripts of the lead store: every change to a lead, its indexes and its outbox
 * items is one script, so it is atomic across processes. Key layout: see `./index.ts`.
 */
import { script } from './scripts.js';

/** How many outbox item fields one item takes in a script's arguments; see `itemArgs` in `./leads.ts`. */
export const ITEM_ARG_COUNT = 9;

/**
 * Lua shared by the lead scripts: `pad` zero-pads a number to 15 digits; `writeItem` stores
 * one outbox item from {@link ITEM_ARG_COUNT} arguments starting at `i` (see
 * `itemArgs` in `./leads.ts`), keeping its first-save `seq` and fixing the due set and lead sets.
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
export const COMMIT_LEAD = script(`${LEAD_LUA_HEAD}
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
export const DELETE_LEAD = script(`${LEAD_LUA_HEAD}
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
export const CLAIM_DUE = script(`
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
export const SETTLE = script(`${LEAD_LUA_HEAD}
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
export const LIST_LEADS = script(`
local prefix = ARGV[1]
local out = {}
for _, member in ipairs(redis.call('ZREVRANGE', prefix .. 'leads', 0, -1)) do
  local json = redis.call('HGET', prefix .. 'lead:' .. string.match(member, '^[^:]*:(.*)$'), 'json')
  if json then out[#out + 1] = json end
end
return out`);

/** The JSON of the newest lead of a person, or nil. ARGV: prefix, person key. */
export const FIND_BY_PERSON = script(`
local prefix = ARGV[1]
local members = redis.call('ZREVRANGE', prefix .. 'person:' .. ARGV[2], 0, 0)
if #members == 0 then return false end
return redis.call('HGET', prefix .. 'lead:' .. string.match(members[1], '^[^:]*:(.*)$'), 'json')`);

/** The items of one lead as flat quadruples: JSON, seq, leaseUntil, leaseOwner. ARGV: prefix, lead id. */
export const LIST_DELIVERIES = script(`
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
