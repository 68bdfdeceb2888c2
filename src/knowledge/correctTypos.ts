/**
 * Corrects policy names typed with one or two wrong, missing or extra characters (创业资注
 * for 创业资助, 人才公御 for 人才公寓, 双创有选 for 双创优选) that do not sound like the
 * right word, so the homophone corrector cannot help. A run of Chinese characters is matched
 * against the content's key terms (lexicon terms, synonym members, entry titles and tags) by
 * character edit distance over its substrings; an index of their
 * characters keeps the candidates few.
 */

/** Finds key terms that a run of Chinese characters contains with a small typing error. */
export type TypoCorrector = (hanRun: string) => Array<{ word: string; typed: string }>;

/**
 * Key terms shorter than this are not corrected: one wrong character in three is another
 * word (什么材料 is not 新材料); homophones of short terms are corrected by sound instead.
 */
const MIN_LENGTH = 4;
const MAX_LENGTH = 12;

/** Edits allowed for a term of `length` characters: one from 4, two from 6. */
function allowedEdits(length: number): number {
  return length >= 6 ? 2 : 1;
}

/**
 * The substring of `text` closest to `term` (Sellers' approximate substring matching): its
 * edit distance, start and end.
 */
function closestSubstring(term: readonly string[], text: readonly string[]): { distance: number; start: number; end: number } {
  const m = term.length;
  // cost[i] and from[i]: the best edit distance of term[0..i) ending at the current text position, and where that substring starts.
  let cost = Array.from({ length: m + 1 }, (_, i) => i);
  let from = new Array<number>(m + 1).fill(0);
  let best = { distance: Infinity, start: 0, end: 0 };
  for (let j = 1; j <= text.length; j++) {
    const nextCost = [0];
    const nextFrom = [j];
    for (let i = 1; i <= m; i++) {
      const substitute = cost[i - 1]! + (term[i - 1] === text[j - 1] ? 0 : 1);
      const skipText = cost[i]! + 1;
      const skipTerm = nextCost[i - 1]! + 1;
      const min = Math.min(substitute, skipText, skipTerm);
      nextCost.push(min);
      nextFrom.push(min === substitute ? from[i - 1]! : min === skipText ? from[i]! : nextFrom[i - 1]!);
    }
    cost = nextCost;
    from = nextFrom;
    if (cost[m]! < best.distance) best = { distance: cost[m]!, start: from[m]!, end: j };
  }
  return best;
}

/**
 * Builds a corrector over key terms.
 *
 * @param keyTerms - the content's policy names and tags, normalised (simplified, lower case)
 */
export function createTypoCorrector(keyTerms: Iterable<string>): TypoCorrector {
  const terms = [...new Set(keyTerms)].map((t) => [...t]).filter((c) => c.length >= MIN_LENGTH && c.length <= MAX_LENGTH && c.every((ch) => /\p{Script=Han}/u.test(ch)));
  const distinct = terms.map((chars) => [...new Set(chars)]);
  const uses = new Map<string, number>();
  for (const chars of distinct) for (const ch of chars) uses.set(ch, (uses.get(ch) ?? 0) + 1);
  // A term typed with at most k edits keeps at least (length − k) of its characters, so a run
  // that may be it has one of any k + 1 of them: each term is filed under its k + 1 rarest
  // characters only, and a common character (人, 才) leads to few terms instead of thousands.
  const byChar = new Map<string, number[]>();
  distinct.forEach((chars, index) => {
    const rarest = [...chars].sort((a, b) => uses.get(a)! - uses.get(b)!).slice(0, allowedEdits(terms[index]!.length) + 1);
    for (const ch of rarest) {
      const list = byChar.get(ch);
      if (list) list.push(index);
      else byChar.set(ch, [index]);
    }
  });
  return (hanRun) => {
    const chars = [...hanRun];
    // Each distinct character of the run and where it first comes.
    const position = new Map<string, number>();
    for (const ch of chars) if (!position.has(ch)) position.set(ch, position.size);
    const filed = new Set<number>();
    for (const ch of position.keys()) for (const index of byChar.get(ch) ?? []) filed.add(index);
    // The terms that keep enough of their characters: count the shared ones. They are tried in
    // the order of the run's first character each shares, then in the terms' order.
    const near: Array<{ index: number; first: number }> = [];
    for (const index of filed) {
      let shared = 0;
      let first = Infinity;
      for (const ch of distinct[index]!) {
        const at = position.get(ch);
        if (at === undefined) continue;
        shared++;
        first = Math.min(first, at);
      }
      if (shared >= distinct[index]!.length - allowedEdits(terms[index]!.length)) near.push({ index, first });
    }
    near.sort((a, b) => a.first - b.first || a.index - b.index);
    const found = new Map<string, { word: string; typed: string; distance: number; ambiguous: boolean }>();
    for (const { index } of near) {
      const term = terms[index]!;
      const edits = allowedEdits(term.length);
      const match = closestSubstring(term, chars);
      if (match.distance === 0 || match.distance > edits) continue;
      const typed = chars.slice(match.start, match.end).join('');
      const word = term.join('');
      const earlier = found.get(typed);
      if (!earlier || match.distance < earlier.distance) found.set(typed, { word, typed, distance: match.distance, ambiguous: false });
      else if (match.distance === earlier.distance && earlier.word !== word) earlier.ambiguous = true;
    }
    return [...found.values()].filter((f) => !f.ambiguous).map(({ word, typed }) => ({ word, typed }));
  };
}
