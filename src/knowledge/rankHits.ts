/**
 * The candidate entries of one search and their order: best first by score × coverage, ties
 * in the order of each entry's best unit among all matched units. Only the head of the list
 * is put in order at once (a question matches thousands of entries of a large knowledge
 * base, and the decision reads the first few); the rest follows in order as far as a step
 * needs it (the best of another topic, an overview further down).
 */
import type { KnowledgeEntry } from './schema.js';
import type { EntryMatches } from './unitIndex.js';

/** One candidate entry, as the retriever ranks and judges it. */
export class Candidate {
  readonly topic: string;
  /** Set when the question names this entry's own policy (see the retriever's `preferNamedEntry`). */
  named?: boolean;
  /** Set by the overview rule on the overview it moved first. */
  broad?: boolean;
  #matched?: Set<string>;

  /**
   * @param entry - the entry
   * @param score - its best unit's score plus a quarter of its second best
   * @param coverage - the share of the question's weight it matches
   * @param matchedTerms - the query terms it matches
   * @param best - its best unit's score
   * @param firstSeen - where its best unit came among all matched units (orders equal scores)
   */
  constructor(
    readonly entry: KnowledgeEntry,
    public score: number,
    public coverage: number,
    readonly matchedTerms: string[],
    readonly best: number,
    readonly firstSeen: number,
  ) {
    this.topic = entry.topic;
  }

  /** `matchedTerms` as a set, made when first asked for. */
  get matched(): Set<string> {
    return (this.#matched ??= new Set(this.matchedTerms));
  }
}

/** The per-match figures a ranking keeps; one set serves one search at a time. */
export interface RankingBuffers {
  key: Float64Array;
  ranked: Uint8Array;
}

/**
 * Room for rankings of up to `capacity` matches (a retriever's entry count): allocated once,
 * as allocating them per search cost more than filling them.
 */
export function rankingBuffers(capacity: number): RankingBuffers {
  return { key: new Float64Array(capacity), ranked: new Uint8Array(capacity) };
}

/**
 * The candidates of one search, best first by score × coverage, then by best unit score,
 * then by which was met first (a strict order: no two candidates tie). Only the best `head`
 * are made and put in order at once; the others stay figures in the index's arrays, and
 * {@link RankedCandidates.extendTo} ranks as many more as a step needs. `list` is always what
 * the whole list in order would start with (the steps after ranking may reorder it), so every
 * step reads the same candidates as it would in the whole list. Valid until its buffers'
 * next ranking.
 */
export class RankedCandidates {
  /** The candidates ranked so far: the head, and what `extendTo` added after it. */
  readonly list: Candidate[] = [];
  readonly #matches: EntryMatches;
  readonly #entries: readonly KnowledgeEntry[];
  readonly #totalWeight: number;
  /** 1 for a match already in `list`. */
  readonly #ranked: Uint8Array;
  readonly #better: (i: number, j: number) => boolean;
  #left: number;

  /**
   * @param matches - what the index matched (valid for this search only)
   * @param entries - the entries, by the index's entry numbers
   * @param totalWeight - the weight of the whole question (the coverage's denominator)
   * @param head - how many to rank at once
   * @param buffers - room for the figures of `matches.count` matches, reused from one search to the next (see {@link rankingBuffers})
   */
  constructor(matches: EntryMatches, entries: readonly KnowledgeEntry[], totalWeight: number, head: number, buffers: RankingBuffers = rankingBuffers(matches.count)) {
    const count = matches.count;
    this.#matches = matches;
    this.#entries = entries;
    this.#totalWeight = totalWeight;
    // Each match's score × coverage (as #score and #coverage give them), the first key of the order.
    const key = buffers.key;
    const { best, second, covered, firstSeen } = matches;
    for (let i = 0; i < count; i++) key[i] = (best[i]! + 0.25 * second[i]!) * (totalWeight > 0 ? covered[i]! / totalWeight : 0);
    this.#ranked = buffers.ranked.fill(0, 0, count);
    this.#left = count;
    /** True when match `i` comes before match `j`. */
    const better = (i: number, j: number) => (key[i] !== key[j] ? key[i]! > key[j]! : best[i] !== best[j] ? best[i]! > best[j]! : firstSeen[i]! < firstSeen[j]!);
    this.#better = better;
    // The best `head`, in order: most matches are worse than the worst kept and cost one comparison.
    const kept = new Int32Array(Math.max(1, Math.min(head, count)));
    let n = 0;
    for (let i = 0; i < count; i++) {
      if (n === head && !better(i, kept[head - 1]!)) continue;
      let at = n < head ? n++ : head - 1;
      while (at > 0 && better(i, kept[at - 1]!)) {
        kept[at] = kept[at - 1]!;
        at--;
      }
      kept[at] = i;
    }
    this.#add(kept.subarray(0, n));
  }

  /**
   * Ranks further, when needed, until `list` holds the first candidate of the whole list
   * whose topic is `wanted` (and so every candidate before it); nothing when `list` has
   * one already or no candidate has such a topic.
   */
  extendTo(wanted: (topic: string) => boolean): void {
    if (this.#left === 0 || this.list.some((c) => wanted(c.topic))) return;
    const count = this.#matches.count;
    const better = this.#better;
    let target = -1;
    for (let i = 0; i < count; i++) {
      if (!this.#ranked[i] && (target < 0 || better(i, target)) && wanted(this.#entries[this.#matches.entry[i]!]!.topic)) target = i;
    }
    if (target < 0) return;
    const before: number[] = [];
    for (let i = 0; i < count; i++) if (!this.#ranked[i] && (i === target || better(i, target))) before.push(i);
    this.#add(before.sort((a, b) => (a === b ? 0 : better(a, b) ? -1 : 1)));
  }

  /** Match `i`'s score: its best unit's plus a quarter of its second best. */
  #score(i: number): number {
    return this.#matches.best[i]! + 0.25 * this.#matches.second[i]!;
  }

  /** Match `i`'s coverage: the share of the question's weight it matches. */
  #coverage(i: number): number {
    return this.#totalWeight > 0 ? this.#matches.covered[i]! / this.#totalWeight : 0;
  }

  /** Makes the candidates of `order` (match numbers, in order) and appends them to `list`. */
  #add(order: ArrayLike<number>): void {
    const m = this.#matches;
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      this.#ranked[i] = 1;
      this.list.push(new Candidate(this.#entries[m.entry[i]!]!, this.#score(i), this.#coverage(i), m.matchedOf(i), m.best[i]!, m.firstSeen[i]!));
    }
    this.#left -= order.length;
  }
}
