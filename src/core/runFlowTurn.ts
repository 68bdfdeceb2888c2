/**
 * The engine's side of flows: starting one, passing buttons and typed answers to the
 * interpreter (`src/flows/runFlow.ts`), understanding answers in the applicant's own words
 * (`src/flows/readAnswers.ts`: several steps from one message, yes/no, "cancel"), answering
 * a policy question or a dialogue act asked in the middle and resuming at the same
 * question, offering a person after repeated misses, filling in what the applicant said
 * before the check, and submitting the confirmed application to the leads layer. What the
 * rules cannot read goes to the optional model (`flowModelExtraction.ts`). Yes and no are read
 * in `readYesNo.ts`, corrections of an earlier answer in `correctEarlierAnswer.ts`, leaving
 * (with a question in the same message) in `leaveWithQuestion.ts`.
 */
import { personButton } from './personButton.js';
import type { Flow, QuestionStep } from '../flows/flowSchema.js';
import { qualifyApplication } from '../flows/qualifyApplication.js';
import {
  answerFlowText,
  FLOW_ACTIONS,
  pressFlowButton,
  promptStep,
  repromptStep,
  type FlowState,
  type FlowTurn,
} from '../flows/runFlow.js';
import { fillAnswers } from '../flows/fillAnswers.js';
import { containsWord, plainText } from '../flows/plainText.js';
import { readAnswers } from '../flows/readAnswers.js';
import { readNameAndContact } from '../flows/readNameAndContact.js';
import { splitNameAndContact } from '../flows/splitNameAndContact.js';
import { parseContact } from '../flows/validateAnswer.js';
import type { AnswerValue, LeadOutcome, LeadReason } from '../leads/leadRecord.js';
import { referenceOf } from '../leads/leadReference.js';
import { answerFromEntry, answerWithModel, fallbackReply, HANDOFF_FLOW_ID } from './answer.js';
import { answerAspectQuestion, answerFollowUp, checkAskedSpecifics } from './answerFollowUp.js';
import type { Reply } from './messages.js';
import { ENGINE_TEXTS } from './texts.js';
import { applyExtractedAnswers, EXTRACTED_ANSWERS_ACTION, proposeExtractedAnswers } from './flowModelExtraction.js';
import { correctEarlierAnswer, reconsiderCondition } from './correctEarlierAnswer.js';
import { LEAVING, questionAfterLeaving } from './leaveWithQuestion.js';
import { activeFlow, ask, contextOf, describeField, HALF_YEAR_MS, pushMessages, resumeFlow, startFlowTurn, yearOf } from './flowTurnParts.js';
import { respondToActInFlow } from './respondToActInFlow.js';
import { asksBeforeAnswering, isPlainReply, readYesNo, SOCIAL_ACTS } from './readYesNo.js';
import { say, type Turn } from './turn.js';

/** Invalid answers in a row after which the bot offers a person. */
export const MISSES_BEFORE_OFFERING_A_PERSON = 3;
export { HANDOFF_FLOW_ID };

/** Plainly a question, not an answer in other words: the fallback says the bot cannot answer it. */
const CLEAR_QUESTION = /[?？]\s*(?:[^?？\s]+\s*){0,6}$|[吗呢]\s*[?？]?\s*$|咋样|怎么样|什么|多少|哪里|哪儿|哪个|几点|几号|^(?:btw\s+|by the way\s+)?(?:what|how|when|where|which|who|why|is|are|can|could|do|does|will|should)\b/iu;
/** A question about what the options of the question asked mean or which one applies. */
const ASKS_WHAT_OPTIONS_MEAN = /什么叫|啥叫|啥子叫|是什么意思|什么意思|啥意思|算哪种|算哪个|算哪一种|有什么区别|有啥区别|区别是什么|\bwhat do you mean\b|\bwhat does [^?]{1,30} mean\b|\bwhat counts as\b|\bwhat(?:'s| is) the difference\b|\bdifference between\b|\bwhat are the options\b|\bwhich (?:one|option) (?:am i|is mine|fits me)\b/iu;
const QUESTION_LIKE = /[?？]\s*$|[吗呢么嘛]\s*$|什么|怎么|多少|哪|是否|能否|有没有|可不可以|啥|咋|干嘛|咩|点样|几时|几多|好多钱|^(?:what|how|when|where|which|who|why|is|are|can|could|do|does|will|should)\b/iu;

/**
 * Adds buttons to an answer: "start <flow>" for flows offered on its topic, or "continue"
 * when a flow is in progress.
 */
export function withFlowButtons(turn: Turn, reply: Reply): Reply {
  if (reply.fallback) return reply;
  if (turn.state.flow) return { ...reply, buttons: [...reply.buttons, { label: ENGINE_TEXTS[turn.language].continueFlow, action: FLOW_ACTIONS.resume }] };
  const topic = reply.sources[0]?.topic;
  const offers = [...turn.flows.values()]
    .filter((f) => topic !== undefined && f.offerOnTopics.includes(topic))
    .map((f) => ({ label: f.startLabel[turn.language], action: FLOW_ACTIONS.start(f.id) }));
  const offersPerson = offers.some((b) => b.action === FLOW_ACTIONS.start(HANDOFF_FLOW_ID));
  return { ...reply, buttons: [...offers, ...reply.buttons], ...(offersPerson ? { offersPerson: true } : {}) };
}

/**
 * Handles a flow button, or a typed steering word (`flowCancel`, `flowBack`, `flowResume`).
 */
export async function pressButtonInFlow(turn: Turn, action: string): Promise<void> {
  const flow = activeFlow(turn);
  if (!flow || !turn.state.flow) return;
  if (action.startsWith(EXTRACTED_ANSWERS_ACTION)) return applyExtractedAnswers(turn, flow, action.slice(EXTRACTED_ANSWERS_ACTION.length));
  const mapped = action === 'flowCancel' ? FLOW_ACTIONS.cancel : action === 'flowBack' ? backOrEdit(flow, turn) : action === 'flowResume' ? FLOW_ACTIONS.resume : action;
  // Quitting after consent pauses the check: its answers wait for "继续" (the applicant is told, and "forget me" erases them).
  const pausing = mapped === FLOW_ACTIONS.cancel && turn.state.flow.consent !== undefined ? turn.state.flow : undefined;
  const before = turn.replies.length;
  await applyFlowTurn(turn, flow, pressFlowButton(flow, turn.state.flow, mapped, contextOf(turn)));
  if (pausing && !turn.state.flow) {
    turn.state.pausedFlow = pausing;
    const said = turn.replies[before];
    if (said) said.text = ENGINE_TEXTS[turn.language].flowPaused;
  }
}

/**
 * Goes on with a check the applicant quit ("我还是接着填刚才那个吧", "let's continue where we left
 * off"): its answers are back, and its question is asked again.
 *
 * @returns false when no check is paused (or its flow is gone)
 */
export function resumePausedFlow(turn: Turn): boolean {
  const paused = turn.state.pausedFlow;
  if (!paused || !turn.flows.has(paused.flowId)) return false;
  turn.state.flow = { ...paused, updatedAt: turn.now };
  turn.state.pausedFlow = undefined;
  resumeFlow(turn);
  return true;
}

/** On the summary, "修改/back" means edit; elsewhere it means the previous question. */
function backOrEdit(flow: Flow, turn: Turn): string {
  return flow.steps.find((s) => s.id === turn.state.flow?.stepId)?.kind === 'summary' ? FLOW_ACTIONS.edit : FLOW_ACTIONS.back;
}

/**
 * Handles typed text while a flow is in progress: an answer to the current step, or a
 * policy question (answered, then the same question again). Leaving with a question in the
 * same message ("算了，先不报了，你们都有哪些比赛") leaves the flow and leaves the question to the
 * turn's next stages (as `turn.question`).
 *
 * @returns false when the flow was left and a question remains to be answered
 */
export async function continueFlowWithText(turn: Turn, text: string): Promise<boolean> {
  const question = questionAfterLeaving(text);
  await readTextInFlow(turn, text);
  if (question === undefined || turn.state.flow) return true;
  turn.question = question;
  return false;
}

async function readTextInFlow(turn: Turn, text: string): Promise<void> {
  const flow = activeFlow(turn);
  const state = turn.state.flow;
  if (!flow || !state) return;
  const step = flow.steps.find((s) => s.id === state.stepId);
  const freeText = step?.kind === 'question' && step.validate.type === 'text';
  const askingAQuestion = step?.kind === 'question' && step.validate.type === 'text' && step.validate.questions;
  const questionLike = QUESTION_LIKE.test(plainText(text));
  // Asking for a person ("算了 还是找个真人跟我说吧"), frustration or an attempt to change the rules is heard before anything else but leaving.
  const strong = turn.understanding.acts(text);
  // "算了 继续刚才的吧" goes on: a wish to go on, or for a person, is no leaving.
  if (LEAVING.test(plainText(text)) && [...text].length <= 80 && !((strong?.act === 'human' || strong?.act === 'resume') && !strong.weak)) {
    const before = turn.replies.length;
    await pressButtonInFlow(turn, 'flowCancel');
    // "我先下了，改天再聊，拜拜": the pause is the goodbye.
    const paused = turn.replies[before];
    if (paused && strong?.act === 'goodbye' && !paused.act) paused.act = 'goodbye';
    return;
  }
  // A correction of an earlier answer ("不对，我想好了，决定过来", "刚才学历说错了 我是硕士") updates it, and the first open question follows.
  const goingBack = strong?.act === 'back' && !strong.weak;
  if (correctEarlierAnswer(turn, flow, text, goingBack)) return;
  // So is going back ("返回上一步，学历我填错了") or a question about one's data: neither is an answer to any step.
  if (goingBack) {
    const before = turn.replies.length;
    await pressButtonInFlow(turn, 'flowBack');
    // "刚才学历说错了 我是硕士": the corrected answer comes with it, so the question asked again is answered at once.
    const asked = turn.replies.splice(before);
    if (turn.state.flow?.stepId !== state.stepId && (await answerInOwnWords(turn, flow, text))) return;
    turn.replies.push(...asked);
    const last = turn.replies.at(-1);
    if (last) last.act = 'back';
    return;
  }
  if (strong && !strong.weak && STEERING_ACTS.has(strong.act) && respondToActInFlow(turn, flow, text)) return;
  // Leaving for now ("先这样，拜拜", "I finish later, bye") or going on ("ok let's continue") is no answer to a choice that takes
  // anything; at the summary, "没问题 就这样" confirms. Thanks or a greeting is heard first only at a choice that takes any answer
  // and only when the message names none of its options ("Thanks a lot, that was helpful." is no event; "any one" is).
  const takesAnyAnswer = () =>
    step?.kind === 'question' && step.validate.type === 'choice' && step.validate.otherwise !== undefined && readAnswers([step], text, step.id, contextOf(turn).currentYear, false)[step.field] === undefined;
  const heardFirst = strong !== undefined && !strong.weak && !strong.rest && (PAUSING_ACTS.has(strong.act) || (SOCIAL_ACTS.has(strong.act) && takesAnyAnswer()));
  if (step?.kind !== 'summary' && heardFirst && respondToActInFlow(turn, flow, text)) return;
  // Thanks or goodbye is not a name: a free-text question hears them as what they are.
  if (freeText && strong && !strong.weak && !strong.rest && SOCIAL_ACTS.has(strong.act) && respondToActInFlow(turn, flow, text)) return;
  if (freeText && (await answerNameAndContact(turn, flow, text))) return;
  // A free-text question accepts almost anything, so a policy question is recognised first.
  if (freeText && questionLike && !askingAQuestion && (await answerPolicyQuestion(turn, flow, text, true))) return;
  // "what do you mean by prototype?", "啥子叫科研人员嘛？": a question about the options is answered with them, and names no answer.
  if (step?.kind === 'question' && step.validate.type === 'choice' && ASKS_WHAT_OPTIONS_MEAN.test(plainText(text))) {
    ask(turn, repromptStep(flow, state, contextOf(turn)));
    return;
  }
  // A question about another place ("蘇州那邊給博士多少安家費啊") answers no step, whatever it names: the fallback, and the same question again.
  if (CLEAR_QUESTION.test(plainText(text)) && asksAboutAnotherPlace(turn, text)) {
    turn.replies.push(fallbackReply(turn.language));
    ask(turn, promptStep(flow, state, contextOf(turn)), ENGINE_TEXTS[turn.language].backToQuestion);
    return;
  }
  if (await answerInOwnWords(turn, flow, text)) return;

  const result = answerFlowText(flow, state, text, contextOf(turn));
  if (result.effect.kind !== 'invalid') return applyFlowTurn(turn, flow, result);
  // "no, we just want to compete" at the year: the intention it was asked for changes.
  if (reconsiderCondition(turn, flow, text)) return;
  if (respondToActInFlow(turn, flow, text)) return;
  if (!freeText) {
    // An answer in the applicant's own words is read by the model (when there is one);
    // something that looks like a question is first tried as a policy question.
    // At most one model call per message: after reading the text, a policy answer comes from retrieval alone.
    if (questionLike && (await answerPolicyQuestion(turn, flow, text, true))) return;
    const read = await proposeExtractedAnswers(turn, flow, text);
    if (read === 'proposed') return;
    if (!questionLike && (await answerPolicyQuestion(turn, flow, text, read === 'not_asked'))) return;
    // A question the material does not answer ("这周天气咋样") is said to be one, and the check goes on.
    if (CLEAR_QUESTION.test(plainText(text))) {
      turn.replies.push(fallbackReply(turn.language));
      ask(turn, promptStep(flow, state, contextOf(turn)), ENGINE_TEXTS[turn.language].backToQuestion);
      return;
    }
  }

  turn.state.flow = result.state;
  pushMessages(turn, result);
  if (result.effect.misses >= MISSES_BEFORE_OFFERING_A_PERSON) {
    const texts = ENGINE_TEXTS[turn.language];
    say(
      turn,
      texts.offerPerson,
      [personButton(turn, flow.id), { label: texts.continueFlow, action: FLOW_ACTIONS.resume }],
      { offersPerson: true },
    );
  }
}

/** True when the message names another place and not the district ("苏州给博士多少安家费", "what does Hangzhou give PhDs?"). */
function asksAboutAnotherPlace(turn: Turn, text: string): boolean {
  const terms = turn.knowledge.retriever.search(text).terms;
  return terms.some((t) => t.isName && (t.isListedPlace === true || t.isOwner === true)) && !terms.some((t) => t.isHome);
}

/** Acts heard before any answer is read. */
const STEERING_ACTS: ReadonlySet<string> = new Set(['human', 'frustration', 'injection', 'privacy']);
/** Acts that leave the question open: heard before any answer is read, once recognised whole. */
const PAUSING_ACTS: ReadonlySet<string> = new Set(['goodbye', 'resume', 'restart']);


/**
 * A name and a contact in one message, where the question asked is a free-text one followed by
 * the contact question ("刘洋 手机13700001111"): both are answered, as if typed one after the other.
 *
 * @returns true when both were taken
 */
async function answerNameAndContact(turn: Turn, flow: Flow, text: string): Promise<boolean> {
  const state = turn.state.flow;
  if (!state) return false;
  const at = flow.steps.findIndex((s) => s.id === state.stepId);
  const next = flow.steps.slice(at + 1).find((s): s is QuestionStep => s.kind === 'question' && state.answers[s.field] === undefined);
  if (next?.validate.type !== 'contact') return false;
  const parts = splitNameAndContact(text);
  if (!parts) return false;
  const ctx = contextOf(turn);
  const named = answerFlowText(flow, state, parts.name, ctx);
  if (named.effect.kind === 'invalid' || !named.state || named.state.stepId !== next.id) return false;
  const both = answerFlowText(flow, named.state, parts.contact, ctx);
  if (both.effect.kind === 'invalid') return false;
  await applyFlowTurn(turn, flow, both);
  return true;
}

/**
 * Answers `text` from the knowledge when retrieval is confident (with the model, when there
 * is one and `mayUseModel`), then asks the flow's question again.
 */
async function answerPolicyQuestion(turn: Turn, flow: Flow, text: string, mayUseModel: boolean): Promise<boolean> {
  const retrieval = turn.knowledge.retriever.search(text);
  const best = retrieval.hits[0];
  if (!turn.state.flow) return false;
  const asked = text.replace(/^(?:等一下|等等|稍等|先问一下|对了|wait|hold on|by the way|btw|quick question)[,，、\s]*/iu, '');
  // "那房子大概多大" after the talent apartments were answered in the check: a follow-up on them (not on the check's own topic).
  const topic = turn.state.lastTopic;
  const onAPolicy = topic !== undefined && ![...turn.flows.values()].some((f) => f.offerOnTopics.includes(topic));
  const aspect = answerAspectQuestion(turn, asked, retrieval) ?? (onAPolicy ? answerFollowUp(turn, asked, retrieval) : undefined);
  if (aspect) {
    turn.replies.push(aspect);
    turn.state.lastTopic = aspect.sources[0]?.topic;
    ask(turn, promptStep(flow, turn.state.flow, contextOf(turn)), ENGINE_TEXTS[turn.language].answeredInFlow);
    return true;
  }
  if (!retrieval.confident || !best) return false;
  // As outside the check: a figure asked for exactly that the entry does not give is said not to be given ("人才贷的利率具体是多少？").
  const reply =
    turn.llm && mayUseModel ? await answerWithModel(turn, turn.llm, text, retrieval) : checkAskedSpecifics(turn, text, answerFromEntry(turn.knowledge, best.entry, turn.language, turn.now, turn.profile.timeZone));
  turn.replies.push(reply);
  turn.state.lastTopic = reply.sources[0]?.topic ?? best.entry.topic;
  ask(turn, promptStep(flow, turn.state.flow, contextOf(turn)), ENGINE_TEXTS[turn.language].answeredInFlow);
  return true;
}

async function applyFlowTurn(turn: Turn, flow: Flow, result: FlowTurn): Promise<void> {
  if (result.effect.kind === 'submit') return submitApplication(turn, flow);
  const consentGiven = !turn.state.flow?.consent && result.state?.consent !== undefined;
  if (result.effect.kind === 'declined' || result.effect.kind === 'cancelled') turn.state.prefill = undefined;
  turn.state.flow = result.state;
  if (consentGiven && turn.state.prefill && result.state) return applyPrefill(turn, flow, result.state);
  pushMessages(turn, result);
}

/**
 * After consent: fills in what the applicant said about themselves before the check, says
 * what was noted (they can change it on the summary), and asks the first open question.
 */
function applyPrefill(turn: Turn, flow: Flow, state: FlowState): void {
  const ctx = contextOf(turn);
  const values = turn.state.prefill ?? {};
  turn.state.prefill = undefined;
  const { state: next, filled } = fillAnswers(flow, state, values, ctx);
  turn.state.flow = next;
  const texts = ENGINE_TEXTS[turn.language];
  const noted = filled.length ? [texts.prefilled, ...filled.map((f) => `- ${describeField(flow, f, next.answers[f], turn.language)}`)].join('\n') : undefined;
  ask(turn, promptStep(flow, next, ctx), noted);
}

/** Judges and submits the confirmed answers, and tells the applicant what happens next. */
async function submitApplication(turn: Turn, flow: Flow): Promise<void> {
  const state = turn.state.flow;
  const texts = ENGINE_TEXTS[turn.language];
  if (!state?.consent || !turn.leads) {
    turn.logger.error({ flow: flow.id }, 'a flow reached submission without consent or without a lead service');
    return say(turn, texts.leadsUnavailable);
  }
  const { name, contact, ...answers } = state.answers;
  const parsedContact = parseContact(String(contact ?? ''));
  if (name === undefined || !parsedContact) return say(turn, texts.leadsUnavailable);
  const judged: { outcome: LeadOutcome; reasons: LeadReason[] } =
    flow.onConfirm === 'qualify_and_submit' && flow.qualification
      ? qualifyApplication(flow.qualification, flow, state.answers)
      : { outcome: 'handoff', reasons: [] };

  let submitted;
  try {
    submitted = await turn.leads.submit({
      channel: turn.inbound.channel,
      userId: turn.inbound.userId,
      language: turn.language,
      flowId: flow.id,
      answers: answers as Record<string, AnswerValue>,
      contact: { name: String(name), ...parsedContact },
      outcome: judged.outcome,
      reasons: judged.reasons,
      consent: state.consent,
    });
  } catch (error) {
    // The flow stays at the summary: confirming again later submits (or updates) the same lead.
    turn.logger.error({ err: error, flow: flow.id }, 'submitting a lead failed');
    return ask(turn, promptStep(flow, state, contextOf(turn)), texts.leadsUnavailable);
  }

  turn.state.flow = undefined;
  if (flow.onConfirm === 'qualify_and_submit') void turn.funnel?.count('eligibility_completed', turn.now);
  turn.state.leadIds = [...new Set([...turn.state.leadIds, submitted.lead.id])];
  turn.state.lastLeadId = submitted.lead.id;
  const outcome = flow.outcomes[judged.outcome];
  const lines = [outcome?.message[turn.language] ?? texts.stored];
  if (judged.reasons.length) lines.push('', texts.reasonsHeading, ...judged.reasons.map((r) => `- ${r[turn.language]}`));
  if (!submitted.created) lines.push('', flow.updated[turn.language]);
  if (submitted.partner) lines.push('', submitted.delivers ? texts.sentTo(submitted.partner.name, submitted.partner.ackWithinHours, turn.profile.contact[turn.language]) : texts.stored);
  lines.push('', texts.reference(referenceOf(submitted.lead.id)));
  say(turn, lines.join('\n'), (outcome?.buttons ?? []).map((b) => ({ label: b.label[turn.language], action: b.action })));
}


/**
 * Understands an answer written in the applicant's own words, without a model: yes or no
 * to the privacy notice and the summary, which answer to change, and answers to the
 * question asked — plus any other open question the same message answers ("博士，现在是公司创始人"), the
 * name and contact among them.
 *
 * @returns true when the message was understood and answered
 */
async function answerInOwnWords(turn: Turn, flow: Flow, text: string): Promise<boolean> {
  const state = turn.state.flow;
  const step = flow.steps.find((s) => s.id === state?.stepId);
  if (!state || !step) return false;
  const ctx = contextOf(turn);
  if (step.kind === 'consent' || (step.kind === 'summary' && !state.choosingEdit)) {
    // A question asked at the summary is answered, and the summary waits: its "submit" or "confirm" submits nothing.
    if (step.kind === 'summary' && asksBeforeAnswering(text)) return false;
    const answer = readYesNo(turn, text);
    if (!answer) return false;
    // "同意 我是本科 在企业上班": answers given with the consent are kept like a story told before the check, and filled in after it.
    if (step.kind === 'consent' && answer === 'yes') {
      const told = readAnswers(flow.steps.filter((s): s is QuestionStep => s.kind === 'question'), text, undefined, ctx.currentYear);
      if (Object.keys(told).length > 0) turn.state.prefill = { ...turn.state.prefill, ...told };
    }
    const action = step.kind === 'consent' ? FLOW_ACTIONS.answer(step.id, answer === 'yes' ? 'accept' : 'decline') : answer === 'yes' ? FLOW_ACTIONS.confirm : FLOW_ACTIONS.edit;
    await applyFlowTurn(turn, flow, pressFlowButton(flow, state, action, ctx));
    return true;
  }
  if (step.kind === 'summary') {
    const plain = plainText(text);
    const target = flow.steps.find((s): s is QuestionStep => s.kind === 'question' && [s.label.zh, s.label.en].some((l) => containsWord(plain, l)));
    if (!target) return false;
    await applyFlowTurn(turn, flow, pressFlowButton(flow, state, FLOW_ACTIONS.editStep(target.id), ctx));
    return true;
  }
  if (step.validate.type === 'text' || step.validate.type === 'contact' || !state.consent) return false;
  // A bare number picks an option only where options were shown numbered (the channel turns it into the button).
  if (step.validate.type === 'choice' && /^\s*\d+\s*$/.test(text)) return false;
  const candidates = flow.steps.filter((s): s is QuestionStep => s.kind === 'question' && (s.id === step.id || state.answers[s.field] === undefined));
  // With a model, a statement that names no option is the model's to read.
  const values = readAnswers(candidates, text, step.id, ctx.currentYear, !turn.llm, yearOf(turn.now + HALF_YEAR_MS, turn.profile.timeZone));
  // A plain yes or no to a yes/no question ("of course", "nah"): the choice the flow says it means.
  if (values[step.field] === undefined && step.validate.type === 'choice' && isPlainReply(text)) {
    const yesNo = readYesNo(turn, text);
    const meant = yesNo ? step.validate.choices.find((c) => c.means === yesNo) : undefined;
    if (meant) values[step.field] = meant.id;
  }
  // A name and a contact come with an answer ("…都可以。我叫李明，手机…") or a statement, not inside a question that answers nothing;
  // with a model, a statement that answers nothing the rules read is the model's (it reads the contact too, masked).
  if (values[step.field] !== undefined || (!turn.llm && !QUESTION_LIKE.test(plainText(text)))) Object.assign(values, readNameAndContact(flow, candidates, text));
  if (Object.keys(values).length === 0) return false;
  // A question that does not answer the question asked ("and is there anything for my kid's school?") fills nothing else either: it is answered as a question.
  if (values[step.field] === undefined && QUESTION_LIKE.test(plainText(text))) return false;
  const { state: next, filled } = fillAnswers(flow, state, values, ctx, new Set([step.field]));
  if (filled.length === 0) return false;
  turn.state.flow = next;
  const others = filled.filter((f) => f !== step.field);
  const texts = ENGINE_TEXTS[turn.language];
  const noted = others.length ? `${texts.noted}${others.map((f) => describeField(flow, f, next.answers[f], turn.language)).join(turn.language === 'zh' ? '；' : '; ')}` : undefined;
  ask(turn, promptStep(flow, next, ctx), noted);
  return true;
}

export { ask, EXTRACTED_ANSWERS_ACTION, resumeFlow, startFlowTurn };
