/**
 * Answers a follow-up against the topic of the conversation. After an answer about talent
 * apartments, "要钱吗" or "能住多久" name no topic of their own, so they are about the
 * apartments; "那人才贷呢" / "what about the loan?" switch to the loan. When the entry of the
 * current topic does not state what the follow-up asks (a fee, an interest rate, a
 * deadline), the reply says so plainly, names the entry it checked and offers a person —
 * never a generic refusal, never a figure.
 */
import { dateIn } from '../shared/zonedTime.js';
import { personButton } from './personButton.js';
import type { Retrieval } from '../knowledge/retriever.js';
import type { KnowledgeEntry } from '../knowledge/schema.js';
import { answerFromEntry, answerFromRetrieval, CALENDAR_TOPIC, fallbackReply, HUMAN_CONTACT_TOPIC, sourceOf } from './answer.js';
import type { Reply } from './messages.js';
import { ENGINE_TEXTS } from './texts.js';
import type { Turn } from './turn.js';
import { entryStates, type FollowUpReading } from './understand/readFollowUp.js';
import { clausesOf, questionClausesOf } from './understand/searchClauses.js';

/** The entry the conversation is about, in the reply language. */
export function currentEntry(turn: Turn): KnowledgeEntry | undefined {
  const topic = turn.state.lastTopic;
  if (!topic || topic === HUMAN_CONTACT_TOPIC) return undefined;
  const byId = turn.state.lastEntryId ? turn.knowledge.content.entries.find((e) => e.id === turn.state.lastEntryId) : undefined;
  const entry = byId?.topic === topic ? byId : turn.knowledge.entryFor(topic, turn.language);
  return entry ? turn.knowledge.inLanguage(entry, turn.language) : undefined;
}

/**
 * The reply to `question` as a follow-up, or undefined when it is not one.
 *
 * @param turn - the turn (its state has the current topic)
 * @param question - what the applicant typed
 * @param retrieval - the retriever's result for the question on its own
 */
export function answerFollowUp(turn: Turn, question: string, retrieval: Retrieval): Reply | undefined {
  // Another service's subject ("at today's exchange rate", 汇率) is never read as an aspect of a policy, nor another place's own ("Shenzhen's numbers").
  if (retrieval.terms.some((t) => t.isName && (t.isOtherSubject || t.isOwner))) return undefined;
  const reading = turn.understanding.followUps(question);
  const entry = currentEntry(turn);
  if (!entry) return answerAspect(turn, reading, retrieval);
  if (reading.switchTo) {
    const subject = turn.understanding.followUps(reading.switchTo);
    if (!subject.namesNoTopic) {
      const switched = turn.knowledge.retriever.search(reading.switchTo);
      if (switched.confident) return answerFromRetrieval(turn.knowledge, switched, turn.language, turn.now, turn.profile.timeZone);
      // "and how long can I stay there?" has the shape of a switch but names nothing new: read on as a follow-up.
    } else return aboutEntry(turn, entry, subject);
  }
  if (reading.namesNoTopic && (reading.aspects.length > 0 || reading.refersBack)) return aboutEntry(turn, entry, reading);
  // "is ZJU one of them?": a short question that points back, about something retrieval cannot place, is about the current entry — unless it names another place.
  if (reading.refersBack && (!retrieval.confident || (!retrieval.anchored && PRONOUN_SUBJECT.test(question.trim()))) && isShort(question) && !namesAnotherPlace(retrieval)) return aboutEntry(turn, entry, reading);
  if (retrieval.confident || reading.aspects.length === 0) return undefined;
  // A short question about an aspect ("那要多久能批下来") that finds nothing else is about the current topic.
  if (isShort(question)) return aboutEntry(turn, entry, reading);
  // Not clear on its own: read with the current topic's title, and keep the topic if that is what it finds.
  const withContext = turn.knowledge.retriever.search(`${entry.title} ${question}`);
  if (withContext.confident && withContext.hits[0]?.entry.topic === entry.topic) return aboutEntry(turn, entry, reading);
  return answerAspect(turn, reading, retrieval);
}

/**
 * A question about one aspect of a named topic that retrieval does not find as a whole
 * ("人才公寓能住多久"): the topic is looked up without the aspect words, and the answer says
 * whether its entry states the aspect.
 *
 * @param turn - the turn
 * @param question - what the applicant typed
 * @param retrieval - the retriever's result for the whole question
 */
export function answerAspectQuestion(turn: Turn, question: string, retrieval: Retrieval): Reply | undefined {
  return answerAspect(turn, turn.understanding.followUps(question), retrieval);
}

function answerAspect(turn: Turn, reading: FollowUpReading, retrieval: Retrieval): Reply | undefined {
  if (retrieval.confident || reading.aspects.length === 0 || !reading.subject) return undefined;
  const found = turn.knowledge.retriever.search(reading.subject);
  const hit = found.confident ? found.hits[0] : undefined;
  if (!hit || hit.entry.topic === HUMAN_CONTACT_TOPIC) return undefined;
  return aboutEntry(turn, turn.knowledge.inLanguage(hit.entry, turn.language), reading);
}

/**
 * A question that names its topic and asks a specific the entry may not state ("人才公寓月租金
 * 多少", "what is the interest rate of the talent loan?"): the entry's answer when it states
 * it, else "the source does not state it" with the entry named and a person offered. An entry
 * under review keeps its own answer, which already says what must be confirmed, except for
 * aspects that caveat never covers (`beyondReview`: an approval rate).
 *
 * @param turn - the turn
 * @param question - what the applicant typed
 * @param answer - the answer retrieval gave
 */
export function checkAskedSpecifics(turn: Turn, question: string, answer: Reply): Reply {
  const source = answer.sources[0];
  if (answer.fallback || !source) return answer;
  const entry = turn.knowledge.content.entries.find((e) => e.id === source.id);
  if (!entry || entry.topic === HUMAN_CONTACT_TOPIC) return answer;
  // "What was the deadline of the 2021 competition?", "Who won first prize at the 2020 final?": the material knows nothing of
  // that edition, and says so like any unknown — for the calendar any year it has no event of, for a policy a past one.
  if (asksAnEditionNotInTheCalendar(turn, question, entry.topic !== CALENDAR_TOPIC)) return fallbackReply(turn.language);
  const reading = turn.understanding.followUps(question);
  // In a story with its question ("We closed a round last month… Is there a reward for such financing?"), only the asking clauses ask a specific.
  const asking = questionClausesOf(question);
  const asked = asking.length > 0 && asking.length < clausesOf(question).length ? turn.understanding.followUps(asking.join('。')) : reading;
  // An entry under review keeps its own answer, which already says what must be confirmed, but for what that never covers.
  const underReview = entry.review === 'needs_review';
  const specifics = { ...reading, aspects: asked.aspects.filter((a) => a.checkAlways && (!underReview || a.beyondReview)) };
  if (specifics.aspects.length === 0) return answer;
  const missing = specifics.aspects.find((aspect) => !entryStates(aspect, answer.text));
  if (!missing) return answer;
  // Asked for the figure itself, exactly ("人才贷的利率具体是多少", "创业资助的通过率是百分之多少"): the plain answer is that the source does not give it.
  if (missing.figure && reading.exact && entry.topic !== CALENDAR_TOPIC) return notStatedReply(turn, entry, missing.name[turn.language]);
  // The entry answers the rest ("how big is it, and is it free?"): its answer, then what it does not state.
  const texts = ENGINE_TEXTS[turn.language];
  return {
    ...answer,
    text: `${answer.text}\n\n${texts.notStated(missing.name[turn.language], entry.title)}`,
    buttons: [...answer.buttons, personButton(turn)],
    offersPerson: true,
  };
}

/** A year named as an edition of the events ("the 2021 competition", "deadline in 2021", "2021年那一届", "2028年的大赛"), not as a plan ("I move in 2027"). */
const EDITION_YEAR = [
  /(?<!\d)(20\d\d)(?:'s)?\s+(?:[a-z]+\s+)?(?:competitions?|contests?|editions?|events?|rounds?|sessions?|calls?|finals?)\b/giu,
  /\b(?:deadlines?|dates?|competitions?|contests?|editions?|held|registration)\b[^.?!]{0,20}?\b(?:in|for|of)\s+(20\d\d)(?!\d)/giu,
  /(?<!\d)(20\d\d)\s*年?\s*(?:那|这)?\s*一?\s*(?:届|场|期)/gu,
  /(?<!\d)(20\d\d)\s*年\s*的?\s*(?:比赛|大赛|赛事|竞赛|报名|活动)/gu,
];

/**
 * True when the question names an edition of a year the calendar has no event in.
 *
 * @param pastOnly - only a year before this one counts (a policy question about next year's edition is answered from what is known)
 */
function asksAnEditionNotInTheCalendar(turn: Turn, question: string, pastOnly: boolean): boolean {
  const thisYear = Number(dateIn(turn.now, turn.profile.timeZone).slice(0, 4));
  const named = EDITION_YEAR.flatMap((re) => [...question.normalize('NFKC').matchAll(re)].map((m) => Number(m[1]))).filter((year) => !pastOnly || year < thisYear);
  if (named.length === 0) return false;
  const years = new Set(
    turn.knowledge.content.calendar.events.flatMap((e) => [e.year, ...[e.start, e.end, e.registrationDeadline].map((d) => (d ? Number(d.slice(0, 4)) : undefined))]),
  );
  return named.every((year) => !years.has(year));
}

/** The entry's answer when it states what is asked; else "the source does not state it". */
function aboutEntry(turn: Turn, entry: KnowledgeEntry, reading: FollowUpReading): Reply {
  const dates = datesEntry(turn, entry, reading);
  if (dates) return answerFromEntry(turn.knowledge, dates, turn.language, turn.now, turn.profile.timeZone);
  const answer = answerFromEntry(turn.knowledge, entry, turn.language, turn.now, turn.profile.timeZone);
  const asked = reading.aspects[0];
  // "它的利率具体是多少？": a figure asked for exactly is not stated, whatever else the entry states.
  const missingFigure = reading.exact && entry.topic !== CALENDAR_TOPIC ? reading.aspects.find((a) => a.figure && a.checkAlways && !entryStates(a, answer.text)) : undefined;
  if (missingFigure) return notStatedReply(turn, entry, missingFigure.name[turn.language]);
  if (!asked || reading.aspects.some((aspect) => entryStates(aspect, answer.text))) return answer;
  // "whats the exact monthly rent in rmb": a figure asked for exactly that the entry does not give.
  if (asked.figure && reading.exact && entry.topic !== CALENDAR_TOPIC) return notStatedReply(turn, entry, asked.name[turn.language]);
  const texts = ENGINE_TEXTS[turn.language];
  return {
    text: texts.notStated(asked.name[turn.language], entry.title),
    buttons: [personButton(turn)],
    sources: [sourceOf(entry)],
    fallback: false,
    language: turn.language,
    offersPerson: true,
  };
}

/**
 * The entry that tells the current topic's dates and places (`datesFrom` in `topics.yaml`), when
 * the follow-up asks when or where with that topic's own words ("deadline" after the competitions).
 */
function datesEntry(turn: Turn, entry: KnowledgeEntry, reading: FollowUpReading): KnowledgeEntry | undefined {
  const topics = turn.knowledge.content.topics;
  const target = topics.find((t) => t.id === topics.find((t) => t.id === entry.topic)?.datesFrom);
  if (!target?.askedWith) return undefined;
  const asksWith = new Set(target.askedWith.map((w) => w.toLowerCase()));
  if (!reading.aspects.some((aspect) => [...aspect.words.zh, ...aspect.words.en].some((w) => asksWith.has(w.toLowerCase())))) return undefined;
  const dates = turn.knowledge.entryFor(target.id, turn.language);
  return dates && turn.knowledge.inLanguage(dates, turn.language);
}

/**
 * The reply to a figure the entry does not give: said plainly, naming the entry checked, with
 * a person offered and the entry one press away. It claims no source, since it states nothing
 * from one — like the fallback, but specific.
 */
function notStatedReply(turn: Turn, entry: KnowledgeEntry, what: string): Reply {
  const texts = ENGINE_TEXTS[turn.language];
  return {
    text: texts.notStated(what, entry.title),
    buttons: [
      personButton(turn),
      { label: entry.title, action: `topic:${entry.topic}` },
    ],
    sources: [],
    fallback: true,
    language: turn.language,
    offersPerson: true,
  };
}

/** A question whose subject is what was just said ("is that per year?", "does it cover rent?", "how do I get it"): about the current topic unless it names a policy. */
const PRONOUN_SUBJECT = /^(?:(?:ok|okay|and|so|but|hmm)[,\s]+)*(?:(?:is|was|does|did|can|will|would|could|should)\s+(?:that|it|this|they)\b|(?:that|it|this)\s+(?:is|was|does|means|covers|includes)\b|how (?:do|can|would) (?:i|we) (?:get|apply for|claim|receive) (?:it|that|this|them)\b)/iu;
/** True when the question names a place the lexicon lists as elsewhere ("is Hangzhou one of them?"); a university or a company is no place. */
function namesAnotherPlace(retrieval: Retrieval): boolean {
  const terms = retrieval.terms;
  return terms.some((t, i) => t.isName && t.isListedPlace === true && !INSTITUTION.test(terms[i + 1]?.term ?? ''));
}
/** A word after a place's name that makes it an institution's name (南京 大学, "tokyo university"). */
const INSTITUTION = /^(?:大学|高校|学院|理工|交大|university|college|institute|univ|uni)$/u;

/** A message of at most a dozen Chinese characters and eight other words. */
function isShort(text: string): boolean {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const words = text.match(/[A-Za-z]+/g)?.length ?? 0;
  return han <= 12 && words <= 8;
}
