/**
 * The candidate entries of one search and their order: best first by score × coverage, ties
 * in the order of each entry's best unit among all matched units. Only the head of the list
 * is put in order at once (a question matches thousands of entries of a large knowledge
 * base, and the decision reads the first few); the rest follows in order when asked for.
 */
import type { KnowledgeEntry } from './schema.js';

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

/** Orders two candidates, better first: by score × coverage, then by best unit score, then by which was met first. */
export function compareCandidates(a: Candidate, b: Candidate): number {
  return b.score * b.coverage - a.score * a.coverage || b.best - a.best || a.firstSeen - b.firstSeen;
}

/** A list of candidates whose first `ordered` are the best in order; the rest are worse, in no order yet. */
export interface RankedCandidates {
  list: Candidate[];
  ordered: number;
}

/**
 * Puts the best `head` candidates first, in order.
 *
 * @param candidates - in any order
 * @param head - how many to order
 */
export function rankHead(candidates: readonly Candidate[], head: number): RankedCandidates {
  if (candidates.length <= head) return { list: [...candidates].sort(compareCandidates), ordered: candidates.length };
  const best: Candidate[] = [];
  const rest: Candidate[] = [];
  for (const c of candidates) {
    if (best.length === head && compareCandidates(c, best[head - 1]!) >= 0) {
      rest.push(c);
      continue;
    }
    let at = best.length;
    while (at > 0 && compareCandidates(c, best[at - 1]!) < 0) at--;
    best.splice(at, 0, c);
    if (best.length > head) rest.push(best.pop()!);
  }
  return { list: [...best, ...rest], ordered: head };
}

/** Puts the rest of the list in order too (the candidates after the head, which the head's moves never touch). */
export function rankAll(ranked: RankedCandidates): void {
  if (ranked.ordered >= ranked.list.length) return;
  const tail = ranked.list.splice(ranked.ordered).sort(compareCandidates);
  ranked.list.push(...tail);
  ranked.ordered = ranked.list.length;
}
