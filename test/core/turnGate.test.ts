import { describe, expect, it } from 'vitest';
import { createTurnGate } from '../../src/core/turnGate.js';

describe('createTurnGate', () => {
  it('lets turns start in the order they came, one per event-loop iteration', async () => {
    const gate = createTurnGate();
    const events: string[] = [];
    const turns = [1, 2, 3].map((n) => gate().then(() => events.push(`turn ${n}`)));
    // An immediate queued now runs in the same iteration as the first release; each later one marks an iteration.
    const marks = (async () => {
      for (let i = 1; i <= 3; i++) {
        await new Promise((r) => setImmediate(r));
        events.push(`iteration ${i}`);
      }
    })();
    await Promise.all([...turns, marks]);
    expect(events).toEqual(['turn 1', 'iteration 1', 'turn 2', 'iteration 2', 'turn 3', 'iteration 3']);
  });

  it('opens again after it drained', async () => {
    const gate = createTurnGate();
    await gate();
    await expect(gate()).resolves.toBeUndefined();
  });
});
