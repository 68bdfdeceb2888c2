/**
 * The retriever's search index: BM25 over small units (an entry's phrasings, its title with
 * its tags, its answer), kept in typed arrays so that a question costs a pass over the
 * postings of its terms and nothing per unit it does not match.
 *
 * It scores exactly as MiniSearch 7 did with the options the retriever used (one field,
 * BM25+ with k 1.2, b 0.7, d 0.5, a boost per unit, a boost per query term, fuzzy and prefix
 * matching through MiniSearch's own term dictionary, terms combined with OR and each unit's
 * score multiplied by how many query terms it matched): the same sums in the same order, so
 * the same floating-point scores, and the same order among equal scores. Built once per
 * content revision and never changed.
 */
import SearchableMap from 'minisearch/SearchableMap';
import { memoByText } from './memoByText.js';
import { createSearchScratch, type EntryMatches } from './searchScratch.js';

export type { EntryMatches } from './searchScratch.js';

/** One unit to index. */
export interface IndexedUnit {
  /** Index of the unit's entry; a unit's entry's units are consecutive. */
  entry: number;
  /** Multiplies every score of this unit (a phrasing counts more than an answer). */
  boost: number;
  /** The unit's terms, as the analyser gives them. */
  terms: readonly string[];
}

/** One query term and how it is matched. */
export interface QueryTermSpec {
  term: string;
  /** Multiplies the term's scores (a weak word counts less). */
  boost: number;
  /** Also match index terms within this share of the term's length in edits (MiniSearch's `fuzzy`), or not. */
  fuzzy: number | false;
  /** Also match index terms that start with the term. */
  prefix: boolean;
}

/** Searches the units. */
export interface UnitIndex {
  /** True when some unit has `term`. */
  has(term: string): boolean;
  /** The entries matched by any of `terms` (see {@link EntryMatches}); `weightOf` gives each query term's weight in `covered`. */
  search(terms: readonly QueryTermSpec[], weightOf: (term: string) => number): EntryMatches;
}

const K = 1.2;
const B = 0.7;
const D = 0.5;
const FUZZY_WEIGHT = 0.45;
const PREFIX_WEIGHT = 0.375;
const MAX_FUZZY = 6;
/** Query words whose fuzzy and prefix matches are kept. */
const EXPANDED_KEPT = 4096;

/**
 * Builds the index.
 *
 * @param units - the units, grouped by entry (an entry's units consecutive)
 */
export function createUnitIndex(units: readonly IndexedUnit[]): UnitIndex {
  const dictionary = new SearchableMap<number>();
  const postingUnits: number[][] = [];
  const postingFreqs: number[][] = [];
  const termIds = new Map<string, number>();
  const fieldLength = new Float64Array(units.length);
  let avgFieldLength = 0;
  units.forEach((unit, u) => {
    const length = new Set(unit.terms).size;
    fieldLength[u] = length;
    // MiniSearch's running average, step by step, for the same rounding.
    avgFieldLength = (avgFieldLength * u + length) / (u + 1);
    for (const term of unit.terms) {
      if (!term) continue;
      // The dictionary gets each term at its first occurrence, as MiniSearch's did (same tree, same fuzzy order).
      let id = termIds.get(term);
      if (id === undefined) {
        id = postingUnits.push([]) - 1;
        postingFreqs.push([]);
        termIds.set(term, id);
        dictionary.set(term, id);
      }
      const list = postingUnits[id]!;
      const freqs = postingFreqs[id]!;
      if (list.at(-1) === u) freqs[freqs.length - 1]! += 1;
      else {
        list.push(u);
        freqs.push(1);
      }
    }
  });
  // Each posting's BM25 score, computed once: it depends only on the content.
  const postings = postingUnits.map((list, id) => {
    const freqs = postingFreqs[id]!;
    const raw = new Float64Array(list.length);
    const inverse = Math.log(1 + (units.length - list.length + 0.5) / (list.length + 0.5));
    list.forEach((u, i) => {
      const tf = freqs[i]!;
      raw[i] = inverse * (D + (tf * (K + 1)) / (tf + K * (1 - B + (B * fieldLength[u]!) / avgFieldLength)));
    });
    return { units: Int32Array.from(list), raw };
  });
  const boost = Float64Array.from(units, (u) => u.boost);
  const entryOf = Int32Array.from(units, (u) => u.entry);
  const entryCount = units.reduce((most, u) => Math.max(most, u.entry + 1), 0);
  const firstUnit = new Int32Array(entryCount).fill(-1);
  const lastUnit = new Int32Array(entryCount);
  units.forEach((unit, u) => {
    if (firstUnit[unit.entry] === -1) firstUnit[unit.entry] = u;
    lastUnit[unit.entry] = u;
  });
  const scratch = createSearchScratch(units.length, { entryOf, firstUnit, lastUnit });
  // Fuzzy and prefix matches walk the term dictionary, which costs the most for an unknown
  // word; what a word matches does not change while the index lives.
  const expanded = memoByText((key) => {
    const [how, fuzzy, term] = key.split('\t') as [string, string, string];
    return derivedTerms(dictionary, { term, boost: 1, fuzzy: fuzzy === 'false' ? false : Number(fuzzy), prefix: how === 'p' });
  }, EXPANDED_KEPT);

  return {
    has: (term) => dictionary.has(term),
    search(terms, weightOf) {
      scratch.reset();
      const distinct = [...new Set(terms.map((t) => t.term))];
      const blocks = Math.max(1, Math.ceil(distinct.length / 32));
      scratch.ensureMasks(blocks);
      terms.forEach((spec) => {
        const bit = distinct.indexOf(spec.term);
        const derived = spec.prefix || spec.fuzzy ? expanded(`${spec.prefix ? 'p' : '-'}\t${spec.fuzzy}\t${spec.term}`) : derivedTerms(dictionary, spec);
        const only = derived.length === 1 ? derived[0]! : undefined;
        if (only) {
          // One index term: its score goes straight into the sum.
          const p = postings[only.id]!;
          scratch.add(p.units, p.raw, only.weight * spec.boost * 1, boost, bit);
          return;
        }
        // Several (fuzzy and prefix matches): a unit's scores for this term are summed first, then added.
        scratch.beginTerm();
        for (const d of derived) {
          const p = postings[d.id]!;
          scratch.addToTerm(p.units, p.raw, d.weight * spec.boost * 1, boost);
        }
        scratch.endTerm(bit);
      });
      return scratch.entries(distinct, distinct.map(weightOf));
    },
  };
}

/** The index terms a query term matches, each with its weight, in MiniSearch's order: itself, prefix matches, fuzzy matches. */
function derivedTerms(dictionary: SearchableMap<number>, spec: QueryTermSpec): Array<{ id: number; weight: number }> {
  const out: Array<{ id: number; weight: number }> = [];
  const exact = dictionary.get(spec.term);
  if (exact !== undefined) out.push({ id: exact, weight: 1 });
  if (!spec.prefix && !spec.fuzzy) return out;
  const length = spec.term.length;
  const maxDistance = spec.fuzzy ? (spec.fuzzy < 1 ? Math.min(MAX_FUZZY, Math.round(length * spec.fuzzy)) : spec.fuzzy) : 0;
  const fuzzy = maxDistance ? dictionary.fuzzyGet(spec.term, maxDistance) : undefined;
  if (spec.prefix) {
    for (const [term, id] of dictionary.atPrefix(spec.term)) {
      const distance = term.length - length;
      if (!distance) continue;
      fuzzy?.delete(term);
      out.push({ id, weight: (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance) });
    }
  }
  if (fuzzy) {
    for (const [term, [id, distance]] of fuzzy) {
      if (!distance) continue;
      out.push({ id, weight: (FUZZY_WEIGHT * term.length) / (term.length + distance) });
    }
  }
  return out;
}
