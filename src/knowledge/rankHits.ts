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

/**
 * The candidates of one search, best first by score × coverage, then by best unit score,
 * then by which was met first (a strict order: no two candidates tie). Only the best `head`
 * are made and put in order at once; the others stay figures in the index's arrays, and
 * {@link RankedCandidates.extendTo} ranks as many more as a step needs. `list` is always what
 * the whole list in order would start with (the steps after ranking may reorder it), so every
 * step reads the same candidates as it would in the whole list.
 */
export class RankedCandidates {
  /** The candidates ranked so far: the head, and what `extendTo` added after it. */
  readonly list: Candidate[] = [];
  readonly #matches: EntryMatches;
  readonly #entries: readonly KnowledgeEntry[];
  readonly #score: Float64Array;
  readonly #coverage: Float64Array;
  readonly #key: Float64Array;
  /** 1 for a match already in `list`. */
  readonly #ranked: Uint8Array;
  #left: number;

  /**
   * @param matches - what the index matched (valid for this search only)
   * @param entries - the entries, by the index's entry numbers
   * @param totalWeight - the weight of the whole question (the coverage's denominator)
   * @param head - how many to rank at once
   */
  constructor(matches: EntryMatches, entries: readonly KnowledgeEntry[], totalWeight: number, head: number) {
    const count = matches.count;
    this.#matches = matches;
    this.#entries = entries;
    this.#score = new Float64Array(count);
    this.#coverage = new Float64Array(count);
    this.#key = new Float64Array(count);
    this.#ranked = new Uint8Array(count);
    this.#left = count;
    for (let i = 0; i < count; i++) {
      const score = matches.best[i]! + 0.25 * matches.second[i]!;
      const coverage = totalWeight > 0 ? matches.covered[i]! / totalWeight : 0;
      this.#score[i] = score;
      this.#coverage[i] = coverage;
      this.#key[i] = score * coverage;
    }
    // The best `head`, in order: most matches are worse than the worst kept and cost one comparison.
    const best: number[] = [];
    for (let i = 0; i < count; i++) {
      if (best.length === head && !this.#better(i, best[head - 1]!)) continue;
      let at = best.length;
      while (at > 0 && this.#better(i, best[at - 1]!)) at--;
      best.splice(at, 0, i);
      if (best.length > head) best.pop();
    }
    this.#add(best);
  }

  /**
   * Ranks further, when needed, until `list` holds the first candidate of the whole list
   * whose topic is `wanted` (and so every candidate before it); nothing when `list` has
   * one already or no candidate has such a topic.
   */
  extendTo(wanted: (topic: string) => boolean): void {
    if (this.#left === 0 || this.list.some((c) => wanted(c.topic))) return;
    const count = this.#matches.count;
    let target = -1;
    for (let i = 0; i < count; i++) {
      if (!this.#ranked[i] && (target < 0 || this.#better(i, target)) && wanted(this.#entries[this.#matches.entry[i]!]!.topic)) target = i;
    }
    if (target < 0) return;
    const before: number[] = [];
    for (let i = 0; i < count; i++) if (!this.#ranked[i] && (i === target || this.#better(i, target))) before.push(i);
    this.#add(before.sort((a, b) => (a === b ? 0 : this.#better(a, b) ? -1 : 1)));
  }

  /** True when match `i` comes before match `j`. */
  #better(i: number, j: number): boolean {
    const key = this.#key;
    if (key[i] !== key[j]) return key[i]! > key[j]!;
    const best = this.#matches.best;
    if (best[i] !== best[j]) return best[i]! > best[j]!;
    return this.#matches.firstSeen[i]! < this.#matches.firstSeen[j]!;
  }

  /** Makes the candidates of `matches` (in order) and appends them to `list`. */
  #add(order: readonly number[]): void {
    const m = this.#matches;
    for (const i of order) {
      this.#ranked[i] = 1;
      this.list.push(new Candidate(this.#entries[m.entry[i]!]!, this.#score[i]!, this.#coverage[i]!, m.matchedOf(i), m.best[i]!, m.firstSeen[i]!));
    }
    this.#left -= order.length;
  }
}
