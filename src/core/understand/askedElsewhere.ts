/**
 * "苏州的购房补贴多少？" gets the fallback (another place's policy); "那<district>的呢" / "And in
 * <district>?" right after asks the same question about the district. The conversation keeps the
 * question that was about another place, and a message that names only the district (or
 * nothing but it and words of no topic) is read as that question with the district in place of
 * the other place.
 */
import type { Retrieval } from '../../knowledge/retriever.js';

/** A question the bot did not answer because it was about another place. */
export interface AskedElsewhere {
  /** The question as typed. */
  question: string;
  /** The other place's term, as the analyser normalised it ("suzhou", "苏州"). */
  place: string;
}

/** Messages longer than this are questions of their own, not "and in the district?". */
const SHORT_FOLLOW_UP_CHARS = 24;

/**
 * The other place a question that got the fallback was about, or undefined.
 *
 * @param question - what the applicant asked
 * @param retrieval - its retrieval
 */
export function askedElsewhere(question: string, retrieval: Retrieval): AskedElsewhere | undefined {
  if (retrieval.terms.some((t) => t.isHome)) return undefined;
  const place = retrieval.terms.find((t) => t.isName && t.isListedPlace);
  return place ? { question, place: place.term } : undefined;
}

/**
 * The earlier question asked about the district, when `message` asks only about the district
 * ("那<district>的呢", "And in <district>?", "what about <district>"); else undefined.
 *
 * @param earlier - the question about another place the conversation keeps
 * @param message - what the applicant typed now
 * @param retrieval - the retrieval of `message` on its own
 */
export function askedAboutHome(earlier: AskedElsewhere, message: string, retrieval: Retrieval): string | undefined {
  if ([...message.trim()].length > SHORT_FOLLOW_UP_CHARS) return undefined;
  const home = retrieval.terms.find((t) => t.isHome);
  if (!home || retrieval.terms.some((t) => !t.isHome && !t.isWeak)) return undefined;
  const at = earlier.question.toLowerCase().indexOf(earlier.place.toLowerCase());
  if (at < 0) return undefined;
  return `${earlier.question.slice(0, at)}${home.term}${earlier.question.slice(at + earlier.place.length)}`;
}
