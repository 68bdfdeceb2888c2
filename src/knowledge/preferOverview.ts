/**
 * A question that asks for everything at once ("钱、房子、贷款一起说下", "what do I get overall —
 * money, house, loan") is about the overview that covers those policies, not about whichever
 * one of them it names first. Topics declare what they cover (`covers` in `topics.yaml`);
 * the lexicon's `breadthWords` are the words that ask for all of it (所有, 一次性, overall).
 */
import type { Topic } from './schema.js';

/** A ranked candidate the rule may move. */
export interface OverviewCandidate {
  topic: string;
  coverage: number;
  score: number;
  /** Set by the rule on the overview it moved first: the question asks for what it covers as a whole. */
  broad?: boolean;
}

/** The rule for one content revision. */
export interface OverviewRule {
  /** The overviews' topics, in the order {@link OverviewRule.apply} tries them: it reads the list as far as the first candidate of each. */
  readonly topics: readonly string[];
  /**
   * Moves the overview first when the question asks for everything and its candidates are
   * the overview or several of the policies it covers — unless the question names exactly
   * one of them by its own name and lists nothing else ("人才贷总共能贷多少" is about the loan).
   *
   * @param normalized - the question as the analyser normalises it
   * @param candidates - ranked best first; changed in place
   * @param namedTopics - the topics the question names by a policy name (anchors)
   * @param words - how many meaningful words the question has: a short one ("how much in total?") follows up on what was said
   */
  apply<C extends OverviewCandidate>(normalized: string, candidates: C[], namedTopics: ReadonlySet<string>, words: number): void;
  /**
   * False when {@link OverviewRule.apply} would move nothing whatever the candidates: no
   * overview, a follow-up, or a question that does not ask for everything. Lets a caller
   * skip what `apply` needs.
   *
   * @param normalized - the question as the analyser normalises it
   * @param words - how many meaningful words the question has
   */
  mayMove(normalized: string, words: number): boolean;
}

/** Candidates looked at for the overview and the policies it covers. */
const LOOK_AT = 6;
/** A best match outside the overview scoring this many times the overview's keeps its place. */
const OUTSIDE_LEAD = 2;
/** A question with fewer meaningful words is a follow-up, left to the conversation's topic. */
const MIN_WORDS = 2;
/** A covered policy counts when its candidate covers at least this share of the question. */
const MIN_PART_COVERAGE = 0.1;

/** Where a question's parts end: commas, 顿号, slashes and sentence ends. */
const PARTS = /[,，、/;；.。!！?？]+/u;
/** A short part: a listed item ("money", "房子"), not a clause. */
const isItem = (part: string) => {
  const trimmed = part.trim();
  return trimmed.length > 0 && (/\p{Script=Han}/u.test(trimmed) ? [...trimmed].length <= 6 : trimmed.split(/\s+/).length <= 3);
};

/** True when the question lists things ("money, house, everything together", "钱、房子、贷款"): naming one of them does not make it about that one. */
function enumerates(normalized: string): boolean {
  return normalized.split(PARTS).filter(isItem).length >= 3;
}

/**
 * Builds the rule.
 *
 * @param topics - the content's topics, some with `covers`
 * @param breadthWords - words and phrases that ask for everything (normalised like questions)
 * @param normalize - the analyser's normalisation, applied to `breadthWords`
 */
export function createOverviewRule(topics: readonly Topic[], breadthWords: readonly string[], normalize: (text: string) => string): OverviewRule {
  const overviews = topics.filter((t) => (t.covers?.length ?? 0) > 0).map((t) => ({ topic: t.id, covers: new Set(t.covers) }));
  const words = breadthWords.map(normalize).filter(Boolean);
  const han = words.filter((w) => /\p{Script=Han}/u.test(w));
  const latin = words.filter((w) => !/\p{Script=Han}/u.test(w)).map((w) => new RegExp(`(?<![a-z])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z])`, 'u'));
  const asksForAll = (text: string) => han.some((w) => text.includes(w)) || latin.some((re) => re.test(text));
  const mayMove = (normalized: string, words: number) => overviews.length > 0 && words >= MIN_WORDS && asksForAll(normalized);
  return {
    topics: overviews.map((o) => o.topic),
    mayMove,
    apply(normalized, candidates, namedTopics, words) {
      if (candidates.length === 0 || !mayMove(normalized, words)) return;
      for (const { topic, covers } of overviews) {
        const named = [...namedTopics].filter((t) => covers.has(t));
        if (named.length === 1 && !enumerates(normalized)) continue;
        const top = candidates.slice(0, LOOK_AT);
        const parts = new Set(top.filter((c) => covers.has(c.topic) && c.coverage >= MIN_PART_COVERAGE).map((c) => c.topic));
        const at = candidates.findIndex((c) => c.topic === topic);
        if (at < 0 || (at >= LOOK_AT && parts.size < 2)) continue;
        // A question matched far better by a topic outside the overview ("how many projects in total") is not asking for it.
        const first = candidates[0]!;
        if (first.topic !== topic && !covers.has(first.topic) && first.score > OUTSIDE_LEAD * candidates[at]!.score) continue;
        const [overview] = candidates.splice(at, 1);
        overview!.broad = true;
        // What it jumped over it gives at a glance: the share of the question those covered, it covers too.
        overview!.coverage = Math.max(overview!.coverage, ...candidates.slice(0, at).map((c) => c.coverage));
        candidates.unshift(overview!);
        return;
      }
    },
  };
}
