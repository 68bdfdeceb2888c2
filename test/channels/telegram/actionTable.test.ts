import { describe, expect, it } from 'vitest';
import { actionTableKey, createActionTable } from '../../../src/channels/telegram/actionTable.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { createMemoryStore } from '../../../src/store/memoryStore.js';

function setup() {
  const clock = createManualClock('2026-03-01T00:00:00Z');
  const store = createMemoryStore(clock);
  return { clock, store, table: createActionTable(store.state, 60_000) };
}

describe('the action table', () => {
  it('sends short actions as they are', async () => {
    const { table } = setup();
    expect(await table.encode('answer:industry:electronic_information')).toBe('answer:industry:electronic_information');
    expect(await table.decode('menu')).toBe('menu');
  });

  it('keeps long actions (by bytes, not characters) in the store under a stable short id', async () => {
    const { table, store } = setup();
    const long = `answer:field:${'长'.repeat(20)}`; // 33 characters, 73 bytes
    const data = await table.encode(long);
    expect(data).toMatch(/^#[A-Za-z0-9_-]{24}$/);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(await table.encode(long)).toBe(data);
    expect(await table.decode(data)).toBe(long);
    expect(await store.state.get(actionTableKey(data.slice(1)))).toBe(long);
  });

  it('never lets an action pass for table or acknowledge data', async () => {
    const { table } = setup();
    for (const action of ['#abc', 'ack:123']) {
      const data = await table.encode(action);
      expect(data).not.toBe(action);
      expect(await table.decode(data)).toBe(action);
    }
  });

  it('forgets an entry after its lifetime', async () => {
    const { table, clock } = setup();
    const data = await table.encode('x'.repeat(100));
    clock.advance(60_001);
    expect(await table.decode(data)).toBeUndefined();
    expect(await table.decode('')).toBeUndefined();
    expect(await table.decode(undefined)).toBeUndefined();
  });
});
