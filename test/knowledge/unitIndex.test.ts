import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { createUnitIndex, type EntryMatches, type QueryTermSpec } from '../../src/knowledge/unitIndex.js';

// Small units of three entries; terms as the analyser would give them.
const units = [
  { entry: 0, boost: 1, terms: ['talent', 'loan', 'apply'] },
  { entry: 0, boost: 0.3, terms: ['loan', 'bank', 'loan', 'rate'] },
  { entry: 1, boost: 1, terms: ['housing', 'subsidy', 'apply'] },
  { entry: 1, boost: 0.9, terms: ['housing', 'subsidy'] },
  { entry: 2, boost: 1, terms: ['startup', 'grant', 'loans'] },
];

/** What MiniSearch gave with the retriever's former options, per unit. */
function miniSearchScores(query: readonly QueryTermSpec[]): Map<number, { score: number; terms: string[] }> {
  const index = new MiniSearch<{ id: number; text: string }>({
    fields: ['text'],
    tokenize: (text) => units[Number(text)]!.terms.slice(),
    processTerm: (t) => t,
    searchOptions: { tokenize: (t) => t.split(' '), processTerm: (t) => t, combineWith: 'OR', boostDocument: (id) => units[id as number]!.boost },
  });
  index.addAll(units.map((_, id) => ({ id, text: String(id) })));
  const spec = new Map(query.map((q) => [q.term, q]));
  const results = index.search(query.map((q) => q.term).join(' '), {
    boostTerm: (t) => spec.get(t)!.boost,
    fuzzy: (t) => spec.get(t)!.fuzzy,
    prefix: (t) => spec.get(t)!.prefix,
  });
  return new Map(results.map((r) => [r.id as number, { score: r.score, terms: r.queryTerms }]));
}

/** The matched entries as objects, read before the next search. */
function entriesOf(matches: EntryMatches) {
  return Array.from({ length: matches.count }, (_, i) => ({ entry: matches.entry[i]!, best: matches.best[i]!, second: matches.second[i]!, matched: matches.matchedOf(i), covered: matches.covered[i]! }));
}

describe('the unit index', () => {
  it('scores each entry’s best units exactly as MiniSearch did, with boosts, prefix and fuzzy matches', () => {
    const query: QueryTermSpec[] = [
      { term: 'apply', boost: 0.25, fuzzy: false, prefix: false },
      { term: 'loan', boost: 1, fuzzy: false, prefix: true },
      { term: 'subsidi', boost: 1, fuzzy: 0.2, prefix: true },
    ];
    const expected = miniSearchScores(query);
    const found = createUnitIndex(units).search(query, () => 1);
    const entries = entriesOf(found);
    expect(entries.map((e) => e.entry).sort()).toEqual([0, 1, 2]);
    for (const e of entries) {
      const own = [...expected].filter(([id]) => units[id]!.entry === e.entry).sort((a, b) => b[1].score - a[1].score);
      expect(e.best).toBe(own[0]![1].score);
      expect(e.second).toBe(own[1]?.[1].score ?? 0);
      expect(new Set(e.matched)).toEqual(new Set(own.flatMap(([, r]) => r.terms)));
    }
    expect(found.matchedTerms).toEqual(['apply', 'loan', 'subsidi']);
  });

  it('forgets one search before the next', () => {
    const index = createUnitIndex(units);
    index.search([{ term: 'housing', boost: 1, fuzzy: false, prefix: false }], () => 1);
    const entries = entriesOf(index.search([{ term: 'grant', boost: 1, fuzzy: false, prefix: false }], () => 2));
    expect(entries.map((e) => [e.entry, e.matched, e.covered])).toEqual([[2, ['grant'], 2]]);
    expect(index.has('bank')).toBe(true);
    expect(index.has('banks')).toBe(false);
  });
});
