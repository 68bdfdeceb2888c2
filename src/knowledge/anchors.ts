/**
 * The content's policy names as the retriever's decision uses them (**anchors**, see
 * `judgeHits.ts`): each title, tag and lexicon term as the terms it is analysed into, with
 * the topics whose entries are about all of those terms; and the lookup of the anchors a
 * candidate matches wholly.
 */
import { generalWordRarity } from './generalWordRarity.js';
import type { Anchor } from './judgeHits.js';
import type { TextAnalyzer } from './textAnalyzer.js';

/** An anchor is used by at most this many topics. */
const ANCHOR_MAX_TOPICS = 2;
/** A one-word Chinese anchor is at least this rare in general text (see generalWordRarity). */
const ANCHOR_MIN_RARITY = 0.5;
const HAN_TERM = /^\p{Script=Han}/u;

/**
 * The policy names of the content: each of `names` as the terms it is analysed into, with
 * the topics whose entries are about all of those terms; kept when at most
 * {@link ANCHOR_MAX_TOPICS} topics are, and when it is not a common word.
 *
 * @param names - titles, tags and lexicon policy terms
 * @param analyzer - the content's analyser
 * @param topicsOfTerm - per term, the topics whose entries are about it
 */
export function buildAnchors(names: readonly string[], analyzer: TextAnalyzer, topicsOfTerm: ReadonlyMap<string, ReadonlySet<string>>): Anchor[] {
  const byKey = new Map<string, Anchor>();
  for (const name of names) {
    const described = analyzer.analyseQuery(name).terms.filter((t) => !t.isWeak && !t.isFigure && !t.isHome);
    const terms = [...new Set(described.map((t) => t.term))];
    if (terms.length === 0 || byKey.has(terms.join(' '))) continue;
    if (terms.length === 1 && !isSpecific(terms[0]!)) continue;
    const [first, ...rest] = terms.map((t) => topicsOfTerm.get(t) ?? new Set<string>());
    const topics = new Set([...(first ?? [])].filter((topic) => rest.every((set) => set.has(topic))));
    if (topics.size > 0 && topics.size <= ANCHOR_MAX_TOPICS) byKey.set(terms.join(' '), { terms, topics });
  }
  return [...byKey.values()];
}

/** True for a one-word policy name: a Chinese word of two or more characters not common in general text, or an English word of four or more letters. */
function isSpecific(term: string): boolean {
  if (HAN_TERM.test(term)) return [...term].length >= 2 && generalWordRarity(term) >= ANCHOR_MIN_RARITY;
  return /^[a-z][a-z_-]{3,}$/.test(term);
}

/**
 * The lookup of the anchors whose terms are all in a set of matched terms. The answer is in
 * the order of a scan of each matched term's anchors (by the first of its terms met in
 * `matched`, then in the order of `anchors`), since the decision sums weights in that order;
 * each anchor is filed under only the one of its terms that the fewest anchors have, so a
 * common word (talent, 人才), part of thousands of titles, costs nothing per anchor.
 *
 * @param anchors - the content's anchors
 */
export function createAnchorLookup(anchors: readonly Anchor[]): (matched: ReadonlySet<string>) => Anchor[] {
  const uses = new Map<string, number>();
  for (const a of anchors) for (const t of a.terms) uses.set(t, (uses.get(t) ?? 0) + 1);
  const byKey = new Map<string, Array<{ anchor: Anchor; index: number }>>();
  anchors.forEach((anchor, index) => {
    const key = anchor.terms.reduce((rarest, t) => (uses.get(t)! < uses.get(rarest)! ? t : rarest));
    const list = byKey.get(key);
    if (list) list.push({ anchor, index });
    else byKey.set(key, [{ anchor, index }]);
  });
  return (matched) => {
    const found: Array<{ anchor: Anchor; index: number; first: number }> = [];
    for (const t of matched) {
      for (const x of byKey.get(t) ?? []) if (x.anchor.terms.every((u) => matched.has(u))) found.push({ ...x, first: 0 });
    }
    if (found.length > 1) {
      const position = new Map<string, number>();
      for (const t of matched) position.set(t, position.size);
      for (const x of found) x.first = Math.min(...x.anchor.terms.map((t) => position.get(t)!));
      found.sort((a, b) => a.first - b.first || a.index - b.index);
    }
    return found.map((x) => x.anchor);
  };
}
