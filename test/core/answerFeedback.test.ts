import { describe, expect, it } from 'vitest';
import { MAX_RATEABLE_ANSWERS, offerFeedback, takeRateable } from '../../src/core/answerFeedback.js';
import { createConversationState } from '../../src/core/conversationState.js';
import type { Reply } from '../../src/core/messages.js';

const source = (id: string) => ({ id, topic: 't', title: 'T', asOf: '2024-10-23', publisher: 'P' });
const answer = (id: string): Reply => ({ text: 'a', buttons: [], sources: [source(id)], fallback: false, language: 'zh' });

describe('answer feedback', () => {
  it('offers a rating on sourced answers only, never on the fallback or a menu', () => {
    const state = createConversationState(0);
    const sourced = answer('housing-subsidy.zh');
    offerFeedback(state, sourced, '买房有补贴吗');
    expect(sourced.feedback).toEqual({ entryId: 'housing-subsidy.zh' });
    const fallback: Reply = { ...answer('x'), fallback: true };
    offerFeedback(state, fallback, '?');
    const menu: Reply = { ...answer('x'), sources: [] };
    offerFeedback(state, menu, 'menu');
    expect(fallback.feedback).toBeUndefined();
    expect(menu.feedback).toBeUndefined();
    expect(state.rateable).toEqual([{ entryId: 'housing-subsidy.zh', question: '买房有补贴吗' }]);
  });

  it('takes a rating once, keeps the latest question per entry and only the most recent answers', () => {
    const state = createConversationState(0);
    offerFeedback(state, answer('a'), 'first');
    offerFeedback(state, answer('a'), 'again');
    expect(takeRateable(state, 'a')).toBe('again');
    expect(takeRateable(state, 'a')).toBeUndefined();
    for (let i = 0; i <= MAX_RATEABLE_ANSWERS; i++) offerFeedback(state, answer(`e${i}`), `q${i}`);
    expect(takeRateable(state, 'e0')).toBeUndefined();
    expect(takeRateable(state, `e${MAX_RATEABLE_ANSWERS}`)).toBe(`q${MAX_RATEABLE_ANSWERS}`);
  });
});
