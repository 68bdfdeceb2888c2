import { describe, expect, it } from 'vitest';
import { createOverviewRule } from '../../src/knowledge/preferOverview.js';

const topics = [
  { id: 'package', name: { zh: '一揽子', en: 'Package' }, covers: ['loan', 'housing'] },
  { id: 'loan', name: { zh: '贷款', en: 'Loan' } },
  { id: 'housing', name: { zh: '住房', en: 'Housing' } },
  { id: 'stats', name: { zh: '数据', en: 'Statistics' } },
];
const rule = createOverviewRule(topics, ['所有', 'overall', 'in one go'], (t) => t.toLowerCase());
const candidate = (topic: string, score: number, coverage: number) => ({ topic, score, coverage });

describe('a question asking for everything at once', () => {
  it('is answered by the overview covering the policies it names', () => {
    const hits = [candidate('loan', 20, 0.5), candidate('housing', 18, 0.45), candidate('package', 15, 0.3)];
    rule.apply('what do i get overall? money, house, loan', hits, new Set(), 5);
    expect(hits.map((h) => h.topic)).toEqual(['package', 'loan', 'housing']);
    expect(hits[0]).toMatchObject({ broad: true, coverage: 0.5 });
  });

  it('keeps a question that names one policy by its name on that policy', () => {
    const hits = [candidate('loan', 20, 0.5), candidate('housing', 18, 0.45), candidate('package', 15, 0.3)];
    rule.apply('how much is the talent loan overall', hits, new Set(['loan']), 5);
    expect(hits[0]!.topic).toBe('loan');
    expect(hits.some((h) => 'broad' in h)).toBe(false);
  });

  it('leaves a question far better matched outside the overview alone', () => {
    const hits = [candidate('stats', 77, 1), candidate('package', 27, 0.9), candidate('loan', 18, 0.5)];
    rule.apply('how many teams and projects landed overall', hits, new Set(), 4);
    expect(hits[0]!.topic).toBe('stats');
  });

  it('needs a breadth word, and leaves a short follow-up to the conversation', () => {
    const hits = [candidate('loan', 20, 0.5), candidate('housing', 18, 0.45), candidate('package', 15, 0.3)];
    rule.apply('what do i get, money, house, loan', hits, new Set(), 5);
    expect(hits[0]!.topic).toBe('loan');
    rule.apply('how much overall?', hits, new Set(), 1);
    expect(hits[0]!.topic).toBe('loan');
  });

  it('matches English breadth words as whole words and Chinese ones anywhere', () => {
    const hits = [candidate('loan', 20, 0.5), candidate('housing', 18, 0.45), candidate('package', 15, 0.3)];
    rule.apply('overalls for the loan and housing', hits, new Set(), 5);
    expect(hits[0]!.topic).toBe('loan');
    rule.apply('贷款住房所有政策', hits, new Set(), 5);
    expect(hits[0]!.topic).toBe('package');
  });
});
