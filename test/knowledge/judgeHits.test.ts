import { describe, expect, it } from 'vitest';
import { judgeHits, type JudgeThresholds } from '../../src/knowledge/judgeHits.js';
import type { QueryTerm } from '../../src/knowledge/textAnalyzer.js';

const thresholds: JudgeThresholds = { minCoverage: 0.45, minAnchoredCoverage: 0.2, minScore: 1, minSecondaryShare: 0.2, minLeadScore: 28, minLeadShare: 0.6, minLeadCoverage: 0.15 };
const term = (t: string, extra: Partial<QueryTerm> = {}): QueryTerm => ({ term: t, isName: false, isSingleChar: false, isWeak: false, isFigure: false, isHome: false, ...extra });
// "any competitions in Europe?": the place is where the events are, not another place's policy.
const terms = [term('competition'), term('europe', { isName: true })];
const candidates = [{ topic: 'competitions', score: 30, coverage: 0.3, matched: new Set(['competition']) }];
const input = { candidates, terms, weights: new Map([['competition', 1], ['europe', 2.3]]), anchorsIn: () => [{ terms: ['competition'], topics: new Set(['competitions']) }], isKnown: () => false };

describe('a place named in a question', () => {
  it('keeps a policy answer from being given', () => {
    expect(judgeHits(input, thresholds).confident).toBe(false);
  });

  it('is where an event is held when the topic has events in many places and the question names one', () => {
    expect(judgeHits({ ...input, asksWhereEventsAre: (topic) => topic === 'competitions' }, thresholds).confident).toBe(true);
    expect(judgeHits({ ...input, asksWhereEventsAre: () => false }, thresholds).confident).toBe(false);
  });
});

describe("another place's own policy", () => {
  it('is never answered, even when the question names the district too', () => {
    const owner = [term('hefei', { isName: true, isOwner: true }), term('policy'), term('wujin', { isHome: true })];
    const strong = [{ topic: 'package', score: 40, coverage: 0.8, matched: new Set(['policy', 'wujin']) }];
    const base = { candidates: strong, weights: new Map([['hefei', 2], ['policy', 1], ['wujin', 0.2]]), anchorsIn: () => [], isKnown: () => false };
    expect(judgeHits({ ...base, terms: owner }, thresholds).confident).toBe(false);
    expect(judgeHits({ ...base, terms: owner.map((t) => ({ ...t, isOwner: false })) }, thresholds).confident).toBe(true);
  });
});
