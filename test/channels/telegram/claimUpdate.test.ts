import { describe, expect, it } from 'vitest';
import { claimUpdate } from '../../../src/channels/telegram/claimUpdate.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { createMemoryStore } from '../../../src/store/memoryStore.js';

describe('claiming an update', () => {
  it('lets the first claim win, per bot, for a short time', async () => {
    const clock = createManualClock('2026-03-01T00:00:00Z');
    const { state } = createMemoryStore(clock);
    expect(await claimUpdate(state, '1', 500, 1_000)).toBe(true);
    expect(await claimUpdate(state, '1', 500, 1_000)).toBe(false);
    expect(await claimUpdate(state, '2', 500, 1_000)).toBe(true);
    clock.advance(1_001);
    expect(await claimUpdate(state, '1', 500, 1_000)).toBe(true);
  });
});
