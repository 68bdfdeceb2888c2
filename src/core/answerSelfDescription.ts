/**
 * Answers an applicant who describes their own situation with a question ("我在杭州做了八年工业
 * 机器人减速器研发，团队六个人，有发明专利，想整体搬过来，能给什么支持"): the answer to a specific
 * question if there is one, else the talent package at a glance; whether the field is one of
 * the strategic industries (the qualification rules' own wording); and the offer of the
 * eligibility check, pre-filled with what they said, so it is not asked again.
 */
import { conditionFields, evaluateCondition } from '../flows/evaluateCondition.js';
import type { Flow, QuestionStep } from '../flows/flowSchema.js';
import { describeAnswer } from '../flows/describeAnswer.js';
import { containsWord, plainText } from '../flows/plainText.js';
import { readAnswers, type ReadValues } from '../flows/readAnswers.js';
import type { Retrieval } from '../knowledge/retriever.js';
import { answerFromEntry, answerFromRetrieval, answerTopic, sourceOf } from './answer.js';
import type { Reply } from './messages.js';
import { ENGINE_TEXTS } from './texts.js';
import { yearOf } from './flowTurnParts.js';
import { questionClausesOf } from './understand/searchClauses.js';
import type { Turn } from './turn.js';

/** The topic answered when the question is a general "what support is there". */
export const PACKAGE_TOPIC = 'talent_package';
/** The topic that says what the programme is. */
const OVERVIEW_TOPIC = 'programme_overview';
/** The topic that lists the strategic industries. */
export const INDUSTRIES_TOPIC = 'target_industries';
/** How much of a self-description a specific entry must cover to answer it instead of the package. */
const SPECIFIC_COVERAGE = 0.5;
/** …or how well it must match (BM25), since a long story dilutes the share any entry covers. */
const SPECIFIC_SCORE = 30;
/** Facts a story that asks nothing must state to be answered as a self-description. */
const STORY_FACTS = 2;
/** A story that asks for something after all (advice, an opinion). */
const ASKS_ADVICE = /[?？]|建议|你觉得|你看|该不该|要不要|值不值|\b(?:advice|advise|recommend|should|think)\b/u;
/** Facts about oneself a message must state to count as a self-description. */
const MIN_FACTS = 2;
const FIRST_PERSON = /我|本人|团队|公司|\bi\b|\bi'm\b|\bim\b|\bwe\b|\bour\b|\bmy\b|\bus\b/u;

/** The flow a self-description pre-fills: the one that qualifies and submits. */
function checkFlow(turn: Turn): Flow | undefined {
  return [...turn.flows.values()].find((f) => f.onConfirm === 'qualify_and_submit');
}

/** The qualification reasons that depend on the field alone, in the applicant's language. */
function industryLines(flow: Flow, values: ReadValues, turn: Turn): string[] {
  const rules = flow.qualification?.reasons ?? [];
  const industry = values.industry;
  if (industry === undefined) return [];
  return rules
    .filter((r) => conditionFields(r.when).every((f) => f === 'industry') && evaluateCondition(r.when, { industry }))
    .map((r) => r.text[turn.language].replace(/\{(\w+)\}/g, (m, key: string) => (key === 'industry' ? describeAnswer(flow, 'industry', industry, turn.language) : m)));
}

/**
 * What a message says about the applicant that answers the check's questions ("我是博士，团队
 * 8个人，想看看能不能参加" → degree and team size), to pre-fill the check after consent.
 *
 * @param turn - the turn
 * @param text - what the applicant wrote
 */
export function readApplicantFacts(turn: Turn, text: string): ReadValues {
  const flow = checkFlow(turn);
  if (!flow) return {};
  const year = yearOf(turn.now, turn.profile.timeZone);
  // What a message says about the applicant depends only on the flow, the text and the year; FAQ traffic repeats itself.
  let read = factsRead.get(flow);
  if (!read) factsRead.set(flow, (read = new Map()));
  const key = `${year}\0${text}`;
  let values = read.get(key);
  if (!values) {
    const questions = flow.steps.filter((s): s is QuestionStep => s.kind === 'question');
    values = readAnswers(questions, text, undefined, year);
    if (read.size >= MAX_CACHED_FACTS) read.clear();
    read.set(key, values);
  }
  return { ...values };
}

/** Facts read per flow (a flow object lives as long as its revision), by year and text. */
const factsRead = new WeakMap<Flow, Map<string, ReadValues>>();
/** Texts whose facts are kept per flow before the memo starts again. */
const MAX_CACHED_FACTS = 5000;

/** True when the message asks the general "what support is there for me". */
function mentionsSupport(turn: Turn, plain: string): boolean {
  const asks = turn.knowledge.content.dialogueActs?.supportQuestions;
  return asks !== undefined && [...asks.zh, ...asks.en].some((w) => containsWord(plain, w));
}

/**
 * The retrieval of the message's own question clause, when one is found clearly and is not the
 * package; when the message asks what support there is, only a question about applying
 * (`onlyTopics`, the check's own topics) is answered instead of the package.
 */
function askedQuestion(turn: Turn, question: string, onlyTopics?: ReadonlySet<string>): Retrieval | undefined {
  for (const clause of questionClausesOf(question)) {
    if (turn.understanding.followUps(clause).namesNoTopic) continue;
    const found = turn.knowledge.retriever.search(clause);
    const topic = found.confident ? found.hits[0]?.entry.topic : undefined;
    // The story's own question asks for the package: that is the answer already.
    if (topic === PACKAGE_TOPIC) return undefined;
    if (topic && (!onlyTopics || onlyTopics.has(topic))) return found;
  }
  return undefined;
}

/**
 * The reply to a self-description, or undefined when the message is not one.
 *
 * @param turn - the turn; its state gets the pre-filled answers and the offer of the check
 * @param question - what the applicant wrote
 * @param retrieval - the retriever's result for it
 * @param values - what the message says about the applicant (read once per turn by the engine)
 */
export function answerSelfDescription(turn: Turn, question: string, retrieval: Retrieval, values: ReadValues = readApplicantFacts(turn, question)): Reply | undefined {
  const flow = checkFlow(turn);
  if (!flow) return undefined;
  const plain = plainText(question);
  if (!FIRST_PERSON.test(plain) || [...plain.replace(/\s/g, '')].length < 12) return undefined;
  if (Object.keys(values).length < MIN_FACTS) return undefined;
  // A story that asks about another service's subject ("…需要办什么签证？") is not answered with the package.
  if (!retrieval.confident && retrieval.terms.some((t) => t.isOtherSubject)) return undefined;
  // Nor one that asks about another place's own policy ("…what is hangzhou policy for foreign phd").
  if (!retrieval.confident && retrieval.terms.some((t) => t.isName && t.isOwner)) return undefined;
  // Unsure retrieval and no "what support" question: it may ask what the content does not cover.
  // Someone who only tells their story ("let me first tell you about myself: …") and asks nothing
  // is told what the package offers and offered the check, as a person at a desk would.
  const onlyStory = Object.keys(values).length >= STORY_FACTS && questionClausesOf(question).length === 0 && !ASKS_ADVICE.test(plain);
  const asksForSupport = onlyStory || mentionsSupport(turn, plain);
  if (!retrieval.confident && !asksForSupport) return undefined;

  // A question of its own ("可以申请吗", "does that fit the six industries?") is answered;
  // "what support is there" gets the package at a glance.
  const general = new Set([PACKAGE_TOPIC, OVERVIEW_TOPIC]);
  const best = retrieval.hits[0];
  // Words about oneself (degree, team, patents) also match the entries about who may apply; those answer only when the question is mostly about them.
  const aboutApplicants = new Set([...flow.offerOnTopics, INDUSTRIES_TOPIC]);
  // The programme named by its name ("what does 'yisai jucai' mean?") is what is asked, whoever asks.
  const namesProgramme = retrieval.confident && retrieval.anchored === true && best?.entry.topic === OVERVIEW_TOPIC;
  const specific =
    namesProgramme ||
    (retrieval.confident &&
    best &&
    !general.has(best.entry.topic) &&
    (best.coverage >= SPECIFIC_COVERAGE || (!aboutApplicants.has(best.entry.topic) && best.score >= SPECIFIC_SCORE)));
  // A policy named by its own name ("创业资助大概能拿多少") is what is asked, even when retrieval is unsure of the whole story.
  const named = retrieval.hits.find((h) => h.named && !general.has(h.entry.topic));
  // The story ends with its question ("…人在海外能参加你们的比赛吗", "…so can I even apply"): that question, found clearly on its own, is what to answer.
  const asked = specific || named ? undefined : askedQuestion(turn, question, asksForSupport ? new Set(flow.offerOnTopics.filter((t) => !general.has(t))) : undefined);
  const main = asked
    ? answerFromRetrieval(turn.knowledge, asked, turn.language, turn.now, turn.profile.timeZone)
    : specific
    ? answerFromRetrieval(turn.knowledge, retrieval, turn.language, turn.now, turn.profile.timeZone)
    : named
      ? answerFromEntry(turn.knowledge, named.entry, turn.language, turn.now, turn.profile.timeZone)
      : answerTopic(turn.knowledge, PACKAGE_TOPIC, turn.language, turn.now, turn.profile.timeZone);
  if (!main || main.fallback) return undefined;
  const lines = industryLines(flow, values, turn);
  const industries = lines.length ? turn.knowledge.entryFor(INDUSTRIES_TOPIC, turn.language) : undefined;
  // A situation told over several messages adds up.
  turn.state.prefill = { ...turn.state.prefill, ...values };
  turn.state.offer = { kind: 'flow', flowId: flow.id };
  return {
    ...main,
    text: [main.text, ...lines, ENGINE_TEXTS[turn.language].offerCheck].join('\n\n'),
    buttons: [{ label: flow.startLabel[turn.language], action: `flow:start:${flow.id}` }, ...main.buttons],
    sources: [...main.sources, ...(industries ? [sourceOf(industries)] : [])],
  };
}
