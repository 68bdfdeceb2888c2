import { afterAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/shared/clock.js';
import { createSendRateLimiter } from '../../src/core/sendRateLimiter.js';
import { createMemoryStore } from '../../src/store/memoryStore.js';
import { createRedisStore } from '../../src/store/redis/index.js';
import { deleteKeysByPrefix, findRedisForTests, randomTestPrefix, releaseRedisForTests } from '../helpers/redisForTests.js';

function setup() {
  const clock = createManualClock('2026-03-01T00:00:00Z');
  const store = createMemoryStore(clock);
  return { clock, store, limiter: createSendRateLimiter(store.state, clock) };
}

const robot = { key: 'robot', limit: 20, windowMs: 60_000 };
const chat = { key: 'chat:1', limit: 1, windowMs: 1_000 };
const all = { key: 'all', limit: 30, windowMs: 1_000 };

describe('send rate limiter', () => {
  it('lets a budget\'s sends through, then says how long until its window ends', async () => {
    const t = setup();
    for (let i = 0; i < 20; i++) expect(await t.limiter.take([robot])).toBe(0);
    t.clock.advance(15_000);
    expect(await t.limiter.take([robot])).toBe(45_000);
    t.clock.advance(44_999);
    expect(await t.limiter.take([robot])).toBe(1);
    t.clock.advance(1);
    expect(await t.limiter.take([robot])).toBe(0);
  });

  it('a send refused by one budget is not counted in the others', async () => {
    const t = setup();
    expect(await t.limiter.take([chat, all])).toBe(0);
    for (let i = 0; i < 40; i++) expect(await t.limiter.take([chat, all])).toBeGreaterThan(0);
    // The 40 refused sends gave their unit of "all" back: 29 other chats still fit in this second.
    for (let i = 2; i <= 30; i++) expect(await t.limiter.take([{ ...chat, key: `chat:${i}` }, all])).toBe(0);
    expect(await t.limiter.take([{ ...chat, key: 'chat:31' }, all])).toBe(1_000);
  });

  it('two limiters on one store count together (as two processes on one Redis do)', async () => {
    const t = setup();
    const other = createSendRateLimiter(t.store.state, t.clock);
    expect(await t.limiter.take([chat])).toBe(0);
    expect(await other.take([chat])).toBe(1_000);
    expect(await t.limiter.take([])).toBe(0);
  });

  it('with Redis, two processes stay within one robot budget together', async () => {
    const { url } = await findRedisForTests();
    const prefix = randomTestPrefix();
    const clock = createManualClock('2026-03-01T00:00:00Z');
    const a = createRedisStore({ url, prefix, clock });
    const b = createRedisStore({ url, prefix, clock });
    try {
      const limiters = [createSendRateLimiter(a.state, clock), createSendRateLimiter(b.state, clock)];
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => limiters[i % 2]!.take([robot])));
      expect(results.filter((r) => r === 0)).toHaveLength(20);
      expect(results.filter((r) => r === 60_000)).toHaveLength(10);
    } finally {
      await a.close();
      await b.close();
      await deleteKeysByPrefix(url, prefix);
    }
  });
});

afterAll(async () => {
  await releaseRedisForTests();
});
