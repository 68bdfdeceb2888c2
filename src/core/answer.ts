/**
 * Writes answers from knowledge entries: the entry's verified text, its source and as-of
 * date, and for the calendar topic the live calendar. Nothing here invents content: text
 * comes from the entry, the calendar or the fixed UI texts.
 */
import { describeCalendar } from '../knowledge/describeCalendar.js';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import type { KnowledgeEntry, Language } from '../knowledge/schema.js';
import type { Reply, ReplySource } from './messages.js';
import { ENGINE_TEXTS } from './texts.js';

/** The topic whose entry answers "I want a person". */
export const HUMAN_CONTACT_TOPIC = 'human_contact';
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
 */
export function answerFromEntry(knowledge: KnowledgeBase, entry: KnowledgeEntry, language: Language, now: number): Reply {
  const chosen = knowledge.inLanguage(entry, language);
  const texts = ENGINE_TEXTS[language];
  if (chosen.topic === CALENDAR_TOPIC) {
    const calendar = knowledge.content.calendar;
    const asOf = calendar.asOf > chosen.asOf ? calendar.asOf : chosen.asOf;
    return { text: describeCalendar(calendar, now, language), buttons: [], sources: [sourceOf(chosen, asOf)], fallback: false, language };
  }
  const needsReview = chosen.review === 'needs_review';
  return {
    text: needsReview ? `${chosen.body}\n\n${texts.needsReviewNote}` : chosen.body,
    buttons: needsReview ? [{ label: texts.askPerson, action: `topic:${HUMAN_CONTACT_TOPIC}` }] : [],
    sources: [sourceOf(chosen)],
    fallback: false,
    language,
  };
}

/** The answer of a topic, or undefined when no entry has that topic. */
export function answerTopic(knowledge: KnowledgeBase, topic: string, language: Language, now: number): Reply | undefined {
  const entry = knowledge.entryFor(topic, language);
  return entry ? answerFromEntry(knowledge, entry, language, now) : undefined;
}

/** The answer to a free-text question: the best entry when retrieval is confident, else the fallback. */
export function answerQuestion(knowledge: KnowledgeBase, question: string, language: Language, now: number): Reply {
  const retrieval = knowledge.retriever.search(question);
  const best = retrieval.hits[0];
  if (!retrieval.confident || !best) return fallbackReply(language);
  return answerFromEntry(knowledge, best.entry, language, now);
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
  };
}
