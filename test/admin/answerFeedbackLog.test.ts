/**
 * The log of answer ratings: stripped questions, versioned records, counts per entry, and
 * erasure by the person's name or contact. Real in-process store, manual clock.
 */
import { describe, expect, it } from 'vitest';
import { countFeedbackByEntry, createAnswerFeedbackRecorder, FEEDBACK_TTL_MS, readAnswerFeedback } from '../../src/admin/feedback/answerFeedbackLog.js';
import { createManualClock } from '../../src/shared/clock.js';
import type { Store } from '../../src/store/contract.js';
import { createMemoryStore } from '../../src/store/memoryStore.js';

const T0 = Date.parse('2026-03-01T01:00:00Z');

describe('answer feedback log', () => {
  it('keeps stripped, versioned records a year, and forgets those that hold an erased name', async () => {
    const clock = createManualClock(T0);
    const store = createMemoryStore(clock);
    const recorder = createAnswerFeedbackRecorder(store, clock);
    await recorder.record({ question: '欧阳锋锐想问买房有补贴吗，电话13912345678', entryId: 'housing-subsidy.zh', channel: 'web', rating: 'down', at: T0 });
    await recorder.record({ question: '重点产业有哪些', entryId: 'target-industries.zh', channel: 'telegram', rating: 'up', at: T0 + 1 });
    const records = await readAnswerFeedback(store);
    expect(records.map((r) => [r.version, r.question, r.channel])).toEqual([
      [1, '欧阳锋锐想问买房有补贴吗，电话[phone]', 'web'],
      [1, '重点产业有哪些', 'telegram'],
    ]);
    expect(countFeedbackByEntry(records).map((c) => [c.entryId, c.up, c.down])).toEqual([
      ['housing-subsidy.zh', 0, 1],
      ['target-industries.zh', 1, 0],
    ]);

    expect(await recorder.forget!(['欧阳锋锐', ''])).toBe(1);
    expect((await readAnswerFeedback(store)).map((r) => r.entryId)).toEqual(['target-industries.zh']);
    clock.advance(FEEDBACK_TTL_MS + 1);
    expect(await readAnswerFeedback(store)).toEqual([]);
  });

  it('never throws into the conversation when the store fails', async () => {
    const broken = { state: { set: async () => Promise.reject(new Error('down')) } } as unknown as Store;
    await expect(createAnswerFeedbackRecorder(broken, { now: () => 0 }).record({ question: 'q', entryId: 'e', channel: 'web', rating: 'up', at: 0 })).resolves.toBeUndefined();
  });
});
