/**
 * Writes answers from knowledge entries: the entry's verified text, its source and as-of
 * date, and for the calendar topic the live calendar. Nothing here invents content: text
 * comes from the entry, the calendar or the fixed UI texts.
 *
 * With the optional model ({@link answerWithModel}), the model may write a short answer
 * from the retrieved entries instead; it is shown only when it passed the guard in
 * `src/llm`, with the entries it cites as sources. Otherwise the answer is exactly what it
 * would be without a model.
 */
import { describeCalendar } from '../knowledge/describeCalendar.js';
import type { DistrictProfile } from '../knowledge/districtProfile.js';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import type { Retrieval } from '../knowledge/retriever.js';
import type { KnowledgeEntry } from '../knowledge/schema.js';
import type { Language } from '../shared/language.js';
import type { GroundedAnswerOutcome, LlmAssistant } from '../llm/llmAssistant.js';
import type { Logger } from '../shared/logger.js';
import type { Reply, ReplySource } from './messages.js';
import { ENGINE_TEXTS } from './texts.js';

/** The topic whose entry answers "I want a person". */
export const HUMAN_CONTACT_TOPIC = 'human_contact';
/** The flow that hands an applicant to a person. */
export const HANDOFF_FLOW_ID = 'handoff';
/** The topic answered from the calendar data. */
export const CALENDAR_TOPIC = 'calendar';

/** The source shown for an entry. */
export function sourceOf(entry: KnowledgeEntry, asOf = entry.asOf): ReplySource {
  return { id: entry.id, topic: entry.topic, title: entry.title, asOf, publisher: entry.source.publisher };
}

/**
 * The answer of one entry in `language`.
 *
 * @param knowledge - the knowledge base in force
 * @param entry - the entry that answers (its pair in `language` is used)
 * @param language - the reply language
 * @param now - the current time, for calendar answers
 * @param timeZone - the district's IANA time zone, in which calendar answers count days
 */
export function answerFromEntry(knowledge: KnowledgeBase, entry: KnowledgeEntry, language: Language, now: number, timeZone: string): Reply {
  const chosen = knowledge.inLanguage(entry, language);
  const texts = ENGINE_TEXTS[language];
  if (chosen.topic === CALENDAR_TOPIC) {
    const calendar = knowledge.content.calendar;
    const asOf = calendar.asOf > chosen.asOf ? calendar.asOf : chosen.asOf;
    return { text: describeCalendar(calendar, now, language, timeZone), buttons: [], sources: [sourceOf(chosen, asOf)], fallback: false, language };
  }
  const needsReview = chosen.review === 'needs_review';
  return {
    text: needsReview ? `${chosen.body}\n\n${texts.needsReviewNote}` : chosen.body,
    buttons: needsReview ? [{ label: texts.askPerson, action: `topic:${HUMAN_CONTACT_TOPIC}` }] : [],
    sources: [sourceOf(chosen)],
    fallback: false,
    language,
    // The contact answer names people to talk to; an entry under review offers one.
    ...(needsReview || chosen.topic === HUMAN_CONTACT_TOPIC ? { offersPerson: true } : {}),
  };
}

/** The answer of a topic, or undefined when no entry has that topic. */
export function answerTopic(knowledge: KnowledgeBase, topic: string, language: Language, now: number, timeZone: string): Reply | undefined {
  const entry = knowledge.entryFor(topic, language);
  return entry ? answerFromEntry(knowledge, entry, language, now, timeZone) : undefined;
}

/** The answer to a free-text question: the best entry when retrieval is confident, else the fallback. */
export function answerQuestion(knowledge: KnowledgeBase, question: string, language: Language, now: number, timeZone: string): Reply {
  return answerFromRetrieval(knowledge, knowledge.retriever.search(question), language, now, timeZone);
}

/** The answer without a model: the best entry's curated answer when retrieval is confident, else the fallback. */
export function answerFromRetrieval(knowledge: KnowledgeBase, retrieval: Retrieval, language: Language, now: number, timeZone: string): Reply {
  const best = retrieval.hits[0];
  if (!retrieval.confident || !best) return fallbackReply(language);
  const answer = answerFromEntry(knowledge, best.entry, language, now, timeZone);
  return retrieval.secondary ? withSecondTopic(knowledge, answer, retrieval.secondary.entry, language) : answer;
}

/**
 * A question about two things ("人才公寓怎么申请？另外购房补贴有多少"): the main answer, then the
 * second entry's opening sentence, introduced by its title and cited as a second source.
 * An entry under review or the calendar is only named, not quoted.
 */
function withSecondTopic(knowledge: KnowledgeBase, answer: Reply, second: KnowledgeEntry, language: Language): Reply {
  const entry = knowledge.inLanguage(second, language);
  if (answer.sources.some((s) => s.id === entry.id)) return answer;
  const texts = ENGINE_TEXTS[language];
  const quotable = entry.review === 'verified' && entry.topic !== CALENDAR_TOPIC;
  const opening = quotable ? (/^[^\n]*?[。.!?！？](?=\s|$)|^[^\n]+/u.exec(entry.body.replace(/\*\*/g, '').trim())?.[0] ?? '') : '';
  return {
    ...answer,
    text: `${answer.text}\n\n${texts.alsoAbout(entry.title)}${opening ? ` ${opening}` : ''}`,
    sources: [...answer.sources, sourceOf(entry)],
  };
}

/** At most this many entries are given to the model. */
export const MODEL_MAX_ENTRIES = 3;
/** Entries covering less of the question than this (see the retriever's `coverage`) are not given to the model. */
export const MODEL_MIN_COVERAGE = 0.2;

/** What {@link answerWithModel} needs of the turn. */
export interface ModelAnswerContext {
  knowledge: KnowledgeBase;
  language: Language;
  now: number;
  /** The district's time zone and the model's persona. */
  profile: Pick<DistrictProfile, 'timeZone' | 'persona'>;
  logger: Logger;
}

/**
 * The entries the model may answer from: the best retrieval hits that cover enough of the
 * question, in the reply language, without the calendar (its answer is computed from the
 * live calendar and the clock, not written).
 */
export function entriesForModel(knowledge: KnowledgeBase, retrieval: Retrieval, language: Language): KnowledgeEntry[] {
  const chosen = new Map<string, KnowledgeEntry>();
  for (const hit of retrieval.hits) {
    if (hit.coverage < MODEL_MIN_COVERAGE) continue;
    const entry = knowledge.inLanguage(hit.entry, language);
    if (entry.topic === CALENDAR_TOPIC || chosen.has(entry.id)) continue;
    chosen.set(entry.id, entry);
    if (chosen.size === MODEL_MAX_ENTRIES) break;
  }
  return [...chosen.values()];
}

/**
 * The answer to a free-text question with the optional model. The model writes a short
 * answer from the best entries; the reply shows the entries it cites. When it says the
 * entries do not answer, the reply is the fallback. When it is slow, fails, returns
 * something malformed or an answer the guard refuses, the reply is the one without a
 * model ({@link answerFromRetrieval}: the best entry's curated answer, or the fallback).
 *
 * @param ctx - knowledge, language, time and logger of the turn
 * @param llm - the model assistant
 * @param question - what the applicant asked
 * @param retrieval - the retriever's result for `question`
 */
export async function answerWithModel(ctx: ModelAnswerContext, llm: LlmAssistant, question: string, retrieval: Retrieval): Promise<Reply> {
  const withoutModel = answerFromRetrieval(ctx.knowledge, retrieval, ctx.language, ctx.now, ctx.profile.timeZone);
  if (withoutModel.sources[0]?.topic === CALENDAR_TOPIC) return withoutModel;
  const entries = entriesForModel(ctx.knowledge, retrieval, ctx.language);
  if (entries.length === 0) return withoutModel;
  let outcome: GroundedAnswerOutcome;
  try {
    outcome = await llm.answer({
      question,
      persona: ctx.profile.persona,
      language: ctx.language,
      entries,
      entriesUnderReview: ctx.knowledge.content.entries.filter((e) => e.review === 'needs_review'),
    });
  } catch (error) {
    ctx.logger.error({ err: error }, 'the model assistant failed; answering without the model');
    return withoutModel;
  }
  switch (outcome.kind) {
    case 'answer': {
      const cited = entries.filter((e) => outcome.citedIds.includes(e.id)).sort((a, b) => outcome.citedIds.indexOf(a.id) - outcome.citedIds.indexOf(b.id));
      return cited.length ? groundedReply(outcome.text, cited, ctx.language) : withoutModel;
    }
    case 'not_answerable':
      return fallbackReply(ctx.language);
    case 'rejected':
    case 'unavailable':
      return withoutModel;
  }
}

/**
 * A reply with a model's answer (plain text that passed the guard) and the entries it cites
 * as sources; when one of them is under review, the same note and "ask a person" button as
 * its curated answer.
 */
function groundedReply(text: string, cited: readonly KnowledgeEntry[], language: Language): Reply {
  const texts = ENGINE_TEXTS[language];
  const underReview = cited.some((e) => e.review === 'needs_review');
  return {
    text: underReview ? `${text}\n\n${texts.needsReviewNote}` : text,
    buttons: underReview ? [{ label: texts.askPerson, action: `topic:${HUMAN_CONTACT_TOPIC}` }] : [],
    sources: cited.map((entry) => sourceOf(entry)),
    fallback: false,
    language,
    ...(underReview || cited[0]?.topic === HUMAN_CONTACT_TOPIC ? { offersPerson: true } : {}),
  };
}

/** The reply when the content does not answer: says so, states no fact, offers a person. */
export function fallbackReply(language: Language): Reply {
  const texts = ENGINE_TEXTS[language];
  return {
    text: texts.fallback,
    buttons: [
      { label: texts.askPerson, action: `topic:${HUMAN_CONTACT_TOPIC}` },
      { label: texts.showMenu, action: 'menu' },
    ],
    sources: [],
    fallback: true,
    language,
    offersPerson: true,
  };
}

/** A near miss scores at least this (BM25) to be suggested when the bot is not sure. */
export const SUGGESTION_MIN_SCORE = 20;
/** At most this many topics are suggested. */
const MAX_SUGGESTIONS = 2;

/**
 * The fallback when retrieval found something near but not sure enough to answer: instead of
 * a flat refusal, it asks which of the nearest topics the applicant means (buttons that open
 * them), and still offers a person. It states no fact and cites nothing.
 *
 * @param knowledge - the knowledge base in force
 * @param retrieval - the unsure result
 * @param language - the reply language
 */
export function fallbackWithSuggestions(knowledge: KnowledgeBase, retrieval: Retrieval, language: Language): Reply {
  const plain = fallbackReply(language);
  // A question about another place ("苏州的购房补贴") is not offered the district's near answers.
  if (retrieval.terms.some((t) => t.isName) && !retrieval.terms.some((t) => t.isHome)) return plain;
  const topics = [...new Set(retrieval.hits.filter((h) => h.score >= SUGGESTION_MIN_SCORE).map((h) => h.entry.topic))]
    .filter((t) => t !== HUMAN_CONTACT_TOPIC)
    .slice(0, MAX_SUGGESTIONS);
  if (topics.length === 0) return plain;
  const texts = ENGINE_TEXTS[language];
  const buttons = topics.map((topic) => ({ label: knowledge.entryFor(topic, language)?.title ?? knowledge.topicName(topic, language), action: `topic:${topic}` }));
  return { ...plain, text: texts.suggest, buttons: [...buttons, ...plain.buttons] };
}
