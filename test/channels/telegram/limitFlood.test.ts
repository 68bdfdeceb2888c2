import { describe, expect, it } from 'vitest';
import { limitFlood } from '../../../src/channels/telegram/limitFlood.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { createMemoryStore } from '../../../src/store/memoryStore.js';

describe('the per-user flood limit', () => {
  it('allows N per minute, notifies once, then drops until the next minute', async () => {
    const clock = createManualClock('2026-03-01T00:00:10Z');
    const limit = limitFlood(createMemoryStore(clock).state, clock, 3);
    const verdicts = [];
    for (let i = 0; i < 6; i++) verdicts.push(await limit.check('u1'));
    expect(verdicts).toEqual(['allow', 'allow', 'allow', 'notify', 'drop', 'drop']);
    expect(await limit.check('u2')).toBe('allow');
    clock.advance(50_000);
    expect(await limit.check('u1')).toBe('allow');
  });

  it('counts across processes sharing the store', async () => {
    const clock = createManualClock('2026-03-01T00:00:00Z');
    const store = createMemoryStore(clock);
    const a = limitFlood(store.state, clock, 2);
    const b = limitFlood(store.state, clock, 2);
    expect([await a.check('u'), await b.check('u'), await a.check('u')]).toEqual(['allow', 'allow', 'notify']);
  });
});
