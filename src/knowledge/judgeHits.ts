/**
 * Decides whether the best candidate answers a question, and whether a second, different
 * topic is asked about too.
 *
 * A question is answered when its best entry covers enough of its weighted terms, or when
 * it names a policy of that entry (an **anchor**: an entry's title, one of its tags or a
 * policy term of the lexicon, wholly matched and used by at most two topics, such as 人才公寓
 * or "talent loan") and still covers a fair share: "人才公寓的租金是多少" is about talent
 * apartments even though the content never says 租金, and the entry says what the source
 * does not state. A question is also answered when its best entry has a **clear lead**: a
 * strong match, far ahead of every other topic, over a smaller share — a long story around a
 * short question. Neither an anchor nor a lead helps a question that names another place
 * (苏州的购房补贴) unless it also names the district itself.
 */
import type { QueryTerm } from './textAnalyzer.js';

/** A second topic is looked for among this many candidates after the best. */
const SECONDARY_CANDIDATES = 8;
/** From this many meaningful words on, a question is long (see {@link judgeHits}). */
const LONG_QUESTION_WORDS = 10;

/** A candidate with the terms it matched. */
export interface JudgedCandidate {
  topic: string;
  score: number;
  coverage: number;
  matched: ReadonlySet<string>;
  /** True for an overview the question asks for as a whole (`preferOverview.ts`): it counts as named. */
  broad?: boolean;
}

/** A policy name: its terms, all of which must be matched, and the topics it names. */
export interface Anchor {
  terms: readonly string[];
  topics: ReadonlySet<string>;
}

/** The thresholds of the decision. */
export interface JudgeThresholds {
  minCoverage: number;
  minAnchoredCoverage: number;
  minScore: number;
  minSecondaryShare: number;
  /** A clear lead: the best entry's score at least this… */
  minLeadScore: number;
  /** …and this share of its score plus the best other topic's… */
  minLeadShare: number;
  /** …with at least this coverage. */
  minLeadCoverage: number;
}

/** What the decision needs to know about the question and the content. */
export interface JudgeInput<C extends JudgedCandidate> {
  /** Candidates, best first. */
  candidates: readonly C[];
  /** The question's distinct terms. */
  terms: readonly QueryTerm[];
  /** Each term's weight in the coverage. */
  weights: ReadonlyMap<string, number>;
  /** The anchors whose terms are all in `matched`. */
  anchorsIn: (matched: ReadonlySet<string>) => readonly Anchor[];
  /** True for a term the content uses. */
  isKnown: (term: string) => boolean;
  /** True when the question names an event of a topic held in many places (topics.yaml `venues`): a place it names is where, not elsewhere. */
  asksWhereEventsAre?: (topic: string) => boolean;
}

/** The decision: whether the best candidate answers, and a second topic if one is asked about too. */
export interface Judgement<C> {
  confident: boolean;
  /** True when the question names a policy (an anchor) of the best candidate's topic. */
  anchored?: boolean;
  secondary?: C;
}

/**
 * Judges the candidates of one question.
 *
 * @param input - candidates, terms and what is known of them
 * @param thresholds - the retriever's calibrated thresholds
 */
export function judgeHits<C extends JudgedCandidate>(input: JudgeInput<C>, thresholds: JudgeThresholds): Judgement<C> {
  const { candidates, terms, weights, anchorsIn, isKnown } = input;
  const top = candidates[0];
  if (!top || top.score < thresholds.minScore) return { confident: false };
  const unknownName = (t: QueryTerm | undefined) => t !== undefined && t.isName && !isKnown(t.term);
  // The district's own name excuses another place ("I live in Hangzhou and want to move to the district"),
  // but not another place inside the district's city named right after the city ("<city><other district>").
  const namesHome = terms.some((t, i) => t.isHome && !unknownName(terms[i + 1]));
  // A subject the content does not cover (the weather, stocks) is never answered, whatever else matches, and never excused by the district's name.
  // Unless the question is about an event held in many places and the subject is what going there brings (travel, visas: the lexicon's `travelSubjects`).
  const aboutEvents = input.asksWhereEventsAre?.(top.topic) ?? false;
  if (terms.some((t) => t.isOtherSubject && !isKnown(t.term) && !(aboutEvents && t.isTravel))) return { confident: false };
  // Nor is another place's own policy ("Hefei's talent policies", "苏州的人才政策"), even beside the district's.
  if (!aboutEvents && terms.some((t) => t.isOwner && unknownName(t))) return { confident: false };
  const namesElsewhere = terms.some(unknownName) && !namesHome && !aboutEvents;
  const anchors = anchorsIn(top.matched).filter((a) => a.topics.has(top.topic));
  const anchored = anchors.length > 0 || top.broad === true;
  // A name only one topic uses ("人才公寓", "talent loan") says what the question is about, whatever story surrounds it.
  const ownName = anchors.some((a) => a.topics.size === 1);
  // A long question (someone describing their situation) spreads over many words the content
  // does not use; naming a policy counts for as much, so the share it needs halves.
  const words = terms.filter((t) => !t.isWeak && !t.isFigure).length;
  const anchoredFloor = words >= LONG_QUESTION_WORDS || ownName ? thresholds.minAnchoredCoverage / 2 : thresholds.minAnchoredCoverage;
  // A clear lead: the best entry matches strongly and far better than any other topic, so
  // the words it leaves uncovered are the applicant's story around the question, not another subject.
  const rival = candidates.find((c) => c.topic !== top.topic)?.score ?? 0;
  const leads = top.score >= thresholds.minLeadScore && top.score / (top.score + rival) >= thresholds.minLeadShare && top.coverage >= thresholds.minLeadCoverage;
  const confident =
    top.coverage >= thresholds.minCoverage || (!namesElsewhere && ((top.coverage >= anchoredFloor && anchored) || leads));
  if (!confident) return { confident };
  const named = anchored ? { anchored } : {};

  // A second topic: a candidate naming a policy of its own that is not one of the best
  // entry's, and covering a fair share of the question with that policy's words.
  const total = [...weights.values()].reduce((a, b) => a + b, 0) || 1;
  let secondary: C | undefined;
  let bestShare = 0;
  for (const c of candidates.slice(1, SECONDARY_CANDIDATES + 1)) {
    if (c.topic === top.topic || c.score < thresholds.minScore) continue;
    const own = anchorsIn(c.matched).filter((a) => a.topics.has(c.topic) && !a.topics.has(top.topic));
    const words = new Set(own.flatMap((a) => a.terms));
    const share = [...words].reduce((sum, t) => sum + (weights.get(t) ?? 0), 0) / total;
    if (share >= thresholds.minSecondaryShare && share > bestShare) {
      secondary = c;
      bestShare = share;
    }
  }
  return secondary ? { confident, ...named, secondary } : { confident, ...named };
}
