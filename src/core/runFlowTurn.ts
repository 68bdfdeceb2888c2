/**
 * The engine's side of flows: starting one, passing buttons and typed answers to the
 * interpreter (`src/flows/runFlow.ts`), answering a policy question asked in the middle and
 * resuming at the same question, offering a person after repeated misses, and submitting
 * the confirmed application to the leads layer.
 *
 * With the optional model, an answer in the applicant's own words that fits no single
 * question ("我是上交大博士，做固态电池，团队5个人，明年想落地") is read for all open questions
 * (after consent, never for names or contacts); each value is validated like a typed answer
 * and shown back for confirmation, and only the confirmed ones are kept. The confirmation
 * button carries the values; pressing it validates them again.
 */
import type { Flow, QuestionStep } from '../flows/flowSchema.js';
import { describeAnswer } from '../flows/describeAnswer.js';
import { qualifyApplication } from '../flows/qualifyApplication.js';
import {
  answerFlowText,
  FLOW_ACTIONS,
  pressFlowButton,
  promptStep,
  startFlow,
  type FlowContext,
  type FlowMessage,
  type FlowState,
  type FlowTurn,
} from '../flows/runFlow.js';
import { fillAnswers } from '../flows/fillAnswers.js';
import { containsWord, plainText } from '../flows/plainText.js';
import { readAnswers } from '../flows/readAnswers.js';
import { parseContact, validateAnswer } from '../flows/validateAnswer.js';
import type { Language } from '../knowledge/schema.js';
import type { AnswerValue, LeadOutcome, LeadReason } from '../leads/leadRecord.js';
import { referenceOf } from '../leads/leadReference.js';
import type { ExtractionOutcome } from '../llm/llmAssistant.js';
import { answerFromEntry, answerWithModel, HANDOFF_FLOW_ID, HUMAN_CONTACT_TOPIC } from './answer.js';
import { answerAspectQuestion } from './answerFollowUp.js';
import { actionSchema, type Reply } from './messages.js';
import { ENGINE_TEXTS } from './texts.js';
import { say, type Turn } from './turn.js';

/** Invalid answers in a row after which the bot offers a person. */
export const MISSES_BEFORE_OFFERING_A_PERSON = 3;
export { HANDOFF_FLOW_ID };

/** The action of the button that confirms answers read from free text: `flow:extracted:<field>=<value>;…`. */
export const EXTRACTED_ANSWERS_ACTION = 'flow:extracted:';
/** Longest button action a channel sends back. */
const MAX_ACTION_CHARS = actionSchema.maxLength ?? 200;
/** Validators whose answers the model may read from free text (never names or contacts). */
const EXTRACTABLE_VALIDATORS: ReadonlySet<string> = new Set(['choice', 'integer', 'year']);

const EXTRACTION_TEXTS = {
  zh: { understood: '我从您的话里理解到：', check: '这样对吗？确认后我只问还没有回答的问题。', yes: '对，就是这样', no: '不对，我逐项回答', saved: '好的，已记下。' },
  en: { understood: 'From your message I understood:', check: 'Is that right? Once you confirm, I will only ask what is still missing.', yes: "Yes, that's right", no: 'No, I will answer one by one', saved: 'Thanks, noted.' },
} as const;

const QUESTION_LIKE = /[?？]\s*$|[吗呢么嘛]\s*$|什么|怎么|多少|哪些|哪里|哪个|是否|能否|有没有|可不可以|^(?:what|how|when|where|which|who|why|is|are|can|could|do|does|will|should)\b/iu;

const HALF_YEAR_MS = 183 * 24 * 3600_000;
/** The calendar year at `at` in the district's time zone (UTC+8). */
const yearOf = (at: number) => new Date(at + 8 * 3600_000).getUTCFullYear();

function contextOf(turn: Turn): FlowContext {
  return {
    language: turn.language,
    now: turn.now,
    currentYear: yearOf(turn.now),
    values: turn.promptValues,
  };
}

function activeFlow(turn: Turn): Flow | undefined {
  const flow = turn.state.flow ? turn.flows.get(turn.state.flow.flowId) : undefined;
  if (!flow) turn.state.flow = undefined;
  return flow;
}

function pushMessages(turn: Turn, result: FlowTurn): void {
  for (const message of result.messages) ask(turn, message);
}

/** Adds a flow message (a question, with what it expects) to the replies, with optional text before it. */
export function ask(turn: Turn, message: FlowMessage, before?: string): void {
  turn.replies.push({
    text: before ? `${before}\n\n${message.text}` : message.text,
    buttons: message.buttons,
    sources: [],
    fallback: false,
    language: turn.language,
    ...(message.expects ? { expects: message.expects } : {}),
  });
}

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
  return { ...reply, buttons: [...offers, ...reply.buttons] };
}

/** Starts a flow (replacing one in progress) and asks its first step. */
export function startFlowTurn(turn: Turn, flowId: string): void {
  const flow = turn.flows.get(flowId);
  if (!flow) return say(turn, ENGINE_TEXTS[turn.language].unknownAction);
  turn.state.flow = startFlow(flow, turn.now);
  if (flow.onConfirm === 'qualify_and_submit') void turn.funnel?.count('eligibility_started', turn.now);
  ask(turn, promptStep(flow, turn.state.flow, contextOf(turn)));
}

/** Re-asks the current question of the flow in progress. */
export function resumeFlow(turn: Turn): void {
  const flow = activeFlow(turn);
  if (!flow || !turn.state.flow) return;
  ask(turn, promptStep(flow, turn.state.flow, contextOf(turn)));
}

/**
 * Handles a flow button, or a typed steering word (`flowCancel`, `flowBack`, `flowResume`).
 */
export async function pressButtonInFlow(turn: Turn, action: string): Promise<void> {
  const flow = activeFlow(turn);
  if (!flow || !turn.state.flow) return;
  if (action.startsWith(EXTRACTED_ANSWERS_ACTION)) return applyExtractedAnswers(turn, flow, action.slice(EXTRACTED_ANSWERS_ACTION.length));
  const mapped = action === 'flowCancel' ? FLOW_ACTIONS.cancel : action === 'flowBack' ? backOrEdit(flow, turn) : action === 'flowResume' ? FLOW_ACTIONS.resume : action;
  await applyFlowTurn(turn, flow, pressFlowButton(flow, turn.state.flow, mapped, contextOf(turn)));
}

/** On the summary, "修改/back" means edit; elsewhere it means the previous question. */
function backOrEdit(flow: Flow, turn: Turn): string {
  return flow.steps.find((s) => s.id === turn.state.flow?.stepId)?.kind === 'summary' ? FLOW_ACTIONS.edit : FLOW_ACTIONS.back;
}

/**
 * Handles typed text while a flow is in progress: an answer to the current step, or a
 * policy question (answered, then the same question again).
 */
export async function continueFlowWithText(turn: Turn, text: string): Promise<void> {
  const flow = activeFlow(turn);
  const state = turn.state.flow;
  if (!flow || !state) return;
  const step = flow.steps.find((s) => s.id === state.stepId);
  const freeText = step?.kind === 'question' && step.validate.type === 'text';
  const askingAQuestion = step?.kind === 'question' && step.validate.type === 'text' && step.validate.questions;
  const questionLike = QUESTION_LIKE.test(text);
  if (LEAVING.test(plainText(text)) && [...text].length <= 80) return pressButtonInFlow(turn, 'flowCancel');
  // Asking for a person or frustration is heard before anything else.
  const strong = turn.understanding.acts(text);
  if ((strong?.act === 'human' || strong?.act === 'frustration') && respondToActInFlow(turn, flow, text)) return;
  // A free-text question accepts almost anything, so a policy question is recognised first.
  if (freeText && questionLike && !askingAQuestion && (await answerPolicyQuestion(turn, flow, text, true))) return;
  if (await answerInOwnWords(turn, flow, text)) return;

  const result = answerFlowText(flow, state, text, contextOf(turn));
  if (result.effect.kind !== 'invalid') return applyFlowTurn(turn, flow, result);
  if (respondToActInFlow(turn, flow, text)) return;
  if (!freeText) {
    // An answer in the applicant's own words is read by the model (when there is one);
    // something that looks like a question is first tried as a policy question.
    // At most one model call per message: after reading the text, a policy answer comes from retrieval alone.
    if (questionLike && (await answerPolicyQuestion(turn, flow, text, true))) return;
    const read = await proposeExtractedAnswers(turn, flow, text);
    if (read === 'proposed') return;
    if (!questionLike && (await answerPolicyQuestion(turn, flow, text, read === 'not_asked'))) return;
  }

  turn.state.flow = result.state;
  pushMessages(turn, result);
  if (result.effect.misses >= MISSES_BEFORE_OFFERING_A_PERSON) {
    const texts = ENGINE_TEXTS[turn.language];
    const handoff = flow.id !== HANDOFF_FLOW_ID ? turn.flows.get(HANDOFF_FLOW_ID) : undefined;
    say(turn, texts.offerPerson, [
      ...(handoff ? [{ label: handoff.startLabel[turn.language], action: FLOW_ACTIONS.start(handoff.id) }] : [{ label: texts.askPerson, action: `topic:${HUMAN_CONTACT_TOPIC}` }]),
      { label: texts.continueFlow, action: FLOW_ACTIONS.resume },
    ]);
  }
}

/**
 * Answers `text` from the knowledge when retrieval is confident (with the model, when there
 * is one and `mayUseModel`), then asks the flow's question again.
 */
async function answerPolicyQuestion(turn: Turn, flow: Flow, text: string, mayUseModel: boolean): Promise<boolean> {
  const retrieval = turn.knowledge.retriever.search(text);
  const best = retrieval.hits[0];
  if (!turn.state.flow) return false;
  const aspect = answerAspectQuestion(turn, text.replace(/^(?:等一下|等等|稍等|先问一下|对了|wait|hold on|by the way|btw|quick question)[,，、\s]*/iu, ''), retrieval);
  if (aspect) {
    turn.replies.push(aspect);
    turn.state.lastTopic = aspect.sources[0]?.topic;
    ask(turn, promptStep(flow, turn.state.flow, contextOf(turn)), ENGINE_TEXTS[turn.language].answeredInFlow);
    return true;
  }
  if (!retrieval.confident || !best) return false;
  const reply = turn.llm && mayUseModel ? await answerWithModel(turn, turn.llm, text, retrieval) : answerFromEntry(turn.knowledge, best.entry, turn.language, turn.now);
  turn.replies.push(reply);
  turn.state.lastTopic = reply.sources[0]?.topic ?? best.entry.topic;
  ask(turn, promptStep(flow, turn.state.flow, contextOf(turn)), ENGINE_TEXTS[turn.language].answeredInFlow);
  return true;
}

/** The questions whose answers the model may read from free text: open ones (or the current one), no names or contacts. */
function extractableQuestions(flow: Flow, turn: Turn): QuestionStep[] {
  const state = turn.state.flow;
  if (!state) return [];
  return flow.steps.filter(
    (s): s is QuestionStep => s.kind === 'question' && EXTRACTABLE_VALIDATORS.has(s.validate.type) && (state.answers[s.field] === undefined || s.id === state.stepId),
  );
}

/**
 * Reads a free-text answer with the model and, when it answers one or more open questions
 * with valid values, shows them for confirmation. Only after consent, only at a question
 * the model may read (not a name, a contact or the summary).
 *
 * @returns `proposed` when a confirmation was shown, `nothing` when the model was asked but
 *   gave nothing usable, `not_asked` when the model was not asked
 */
async function proposeExtractedAnswers(turn: Turn, flow: Flow, text: string): Promise<'proposed' | 'nothing' | 'not_asked'> {
  const state = turn.state.flow;
  const step = flow.steps.find((s) => s.id === state?.stepId);
  if (!turn.llm || !state?.consent || step?.kind !== 'question' || !EXTRACTABLE_VALIDATORS.has(step.validate.type)) return 'not_asked';
  const questions = extractableQuestions(flow, turn);
  const ctx = contextOf(turn);
  let outcome: ExtractionOutcome;
  try {
    outcome = await turn.llm.extract({
      text,
      language: turn.language,
      currentYear: ctx.currentYear,
      questions: questions.map((q) => ({ field: q.field, label: q.label, validate: q.validate })),
    });
  } catch (error) {
    turn.logger.error({ err: error, flow: flow.id }, 'the model assistant failed; continuing without it');
    return 'nothing';
  }
  if (outcome.kind !== 'extracted') return 'nothing';

  // Each value must pass the question's own validator, as a typed answer would.
  const accepted: Array<{ step: QuestionStep; value: string | number }> = [];
  let action = EXTRACTED_ANSWERS_ACTION;
  for (const question of questions) {
    const raw = outcome.values[question.field];
    if (raw === undefined) continue;
    const result = validateAnswer(question.validate, String(raw), ctx.currentYear);
    if (!result.ok) continue;
    const part = `${action === EXTRACTED_ANSWERS_ACTION ? '' : ';'}${question.field}=${result.value}`;
    if (action.length + part.length > MAX_ACTION_CHARS) break;
    action += part;
    accepted.push({ step: question, value: result.value });
  }
  turn.logger.info({ flow: flow.id, proposed: Object.keys(outcome.values), valid: accepted.map((a) => a.step.field) }, 'free-text answer read by the model');
  if (accepted.length === 0) return 'nothing';

  const texts = EXTRACTION_TEXTS[turn.language];
  const separator = turn.language === 'zh' ? '：' : ': ';
  const lines = accepted.map((a) => `- ${a.step.label[turn.language]}${separator}${describeAnswer(flow, a.step.field, a.value, turn.language)}`);
  turn.state.flow = { ...state, updatedAt: turn.now };
  say(turn, [texts.understood, ...lines, '', texts.check].join('\n'), [
    { label: texts.yes, action },
    { label: texts.no, action: FLOW_ACTIONS.resume },
  ]);
  return 'proposed';
}

/**
 * Keeps the confirmed answers read from free text: each is validated again by its question
 * (the button's action comes back from the client), and only unanswered questions and the
 * current one are filled; then the first question still open is asked, or the summary shown.
 */
async function applyExtractedAnswers(turn: Turn, flow: Flow, payload: string): Promise<void> {
  const state = turn.state.flow;
  if (!state?.consent) return resumeFlow(turn);
  const ctx = contextOf(turn);
  const values = new Map(
    payload
      .split(';')
      .map((pair) => pair.split('='))
      .filter((pair): pair is [string, string] => pair.length === 2 && pair[0] !== '' && pair[1] !== ''),
  );
  let current = state;
  const kept: string[] = [];
  for (const step of flow.steps) {
    if (step.kind !== 'question' || !EXTRACTABLE_VALIDATORS.has(step.validate.type)) continue;
    const value = values.get(step.field);
    // Earlier answers are kept, except the one being asked (or edited) when the text was read.
    if (value === undefined || (current.answers[step.field] !== undefined && step.id !== state.stepId)) continue;
    // The interpreter stores the answer as if the button of that question had been pressed.
    const result = pressFlowButton(flow, { ...current, stepId: step.id }, FLOW_ACTIONS.answer(step.id, value), ctx);
    if (result.state?.answers[step.field] === undefined) continue;
    current = result.state;
    kept.push(step.field);
  }
  if (kept.length === 0) return resumeFlow(turn);
  turn.state.flow = current;
  ask(turn, promptStep(flow, current, ctx), EXTRACTION_TEXTS[turn.language].saved);
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
  if (submitted.partner) lines.push('', submitted.delivers ? texts.sentTo(submitted.partner.name, submitted.partner.ackWithinHours) : texts.stored);
  lines.push('', texts.reference(referenceOf(submitted.lead.id)));
  say(turn, lines.join('\n'), (outcome?.buttons ?? []).map((b) => ({ label: b.label[turn.language], action: b.action })));
}

/** Words that leave a check in progress ("不填了", "forget it, stop"). */
const LEAVING = /不填了|不想填|不弄了|不测了|不做了|不想做了|不报了|先不报|不申请了|算了不用|不用了|退出|取消|forget it|never ?mind|\bstop\b|\bquit\b|\bcancel\b|don't want to continue|do not want to continue/u;

/**
 * Understands an answer written in the applicant's own words, without a model: yes or no
 * to the privacy notice and the summary, which answer to change, and answers to the
 * question asked — plus any other open question the same message answers ("博士，现在是公司创始人").
 *
 * @returns true when the message was understood and answered
 */
async function answerInOwnWords(turn: Turn, flow: Flow, text: string): Promise<boolean> {
  const state = turn.state.flow;
  const step = flow.steps.find((s) => s.id === state?.stepId);
  if (!state || !step) return false;
  const ctx = contextOf(turn);
  if (step.kind === 'consent' || (step.kind === 'summary' && !state.choosingEdit)) {
    const answer = readYesNo(turn, text);
    if (!answer) return false;
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
  const values = readAnswers(candidates, text, step.id, ctx.currentYear, !turn.llm, yearOf(turn.now + HALF_YEAR_MS));
  if (Object.keys(values).length === 0) return false;
  const { state: next, filled } = fillAnswers(flow, state, values, ctx, new Set([step.field]));
  if (filled.length === 0) return false;
  turn.state.flow = next;
  const others = filled.filter((f) => f !== step.field);
  const texts = ENGINE_TEXTS[turn.language];
  const noted = others.length ? `${texts.noted}${others.map((f) => describeField(flow, f, next.answers[f], turn.language)).join(turn.language === 'zh' ? '；' : '; ')}` : undefined;
  ask(turn, promptStep(flow, next, ctx), noted);
  return true;
}

/** "所在领域：新能源" — a question's label and an answer's display text. */
function describeField(flow: Flow, field: string, value: string | number | undefined, language: Language): string {
  const step = flow.steps.find((s): s is QuestionStep => s.kind === 'question' && s.field === field);
  return `${step?.label[language] ?? field}${language === 'zh' ? '：' : ': '}${describeAnswer(flow, field, value, language)}`;
}

/** Yes or no in the applicant's words ("行 同意", "sure, go ahead", "没问题提交吧", "不同意"). */
function readYesNo(turn: Turn, text: string): 'yes' | 'no' | undefined {
  const act = turn.understanding.acts(text)?.act;
  if (act === 'yes') return 'yes';
  if (act === 'no') return 'no';
  const plain = plainText(text);
  if (YES_DESPITE_NO.test(plain)) return 'yes';
  if (NO_WORDS.test(plain)) return 'no';
  if (YES_WORDS.test(plain)) return 'yes';
  return undefined;
}
/** "No problem" and its kin are a yes. */
const YES_DESPITE_NO = /\bno (?:problem|issue|issues|worries|objection)s?\b|没问题|不成问题|不介意|没意见/u;
const NO_WORDS = /不同意|不行|不要|不愿意|拒绝|不对|不是|有误|错了|\bno\b|\bnot\b|don't|do not|disagree|decline|refuse|wrong|change/u;
const YES_WORDS = /同意|可以|没问题|确认|提交|好的|行|对的|是的|就这样|没错|正确|\bok\b|okay|\bsure\b|\byes\b|\byep\b|yeah|agree|go ahead|\bfine\b|alright|looks good|looks right|correct|submit|confirm|that's right|all good/u;

/**
 * A dialogue act in the middle of a check: asking for a person starts the request for one,
 * frustration gets an apology and the offer of a person, greetings, thanks, goodbyes and
 * "what can you do" get a short answer — and the same question again.
 *
 * @returns true when the message was an act and was answered
 */
function respondToActInFlow(turn: Turn, flow: Flow, text: string): boolean {
  const match = turn.understanding.acts(text);
  if (!match || match.rest) return false;
  const texts = ENGINE_TEXTS[turn.language];
  const acts = turn.knowledge.content.dialogueActs?.acts ?? {};
  const words = acts[match.act]?.reply?.[turn.language];
  const state = turn.state.flow;
  if (!state) return false;
  switch (match.act) {
    case 'human': {
      const handoff = flow.id !== HANDOFF_FLOW_ID ? turn.flows.get(HANDOFF_FLOW_ID) : undefined;
      if (!handoff) return false;
      if (words) turn.replies.push({ text: words, buttons: [], sources: [], fallback: false, language: turn.language, act: 'human', offersPerson: true });
      startFlowTurn(turn, handoff.id);
      return true;
    }
    case 'frustration': {
      const handoff = flow.id !== HANDOFF_FLOW_ID ? turn.flows.get(HANDOFF_FLOW_ID) : undefined;
      turn.replies.push({
        text: words ?? texts.offerPerson,
        buttons: [
          ...(handoff ? [{ label: handoff.startLabel[turn.language], action: FLOW_ACTIONS.start(handoff.id) }] : [{ label: texts.askPerson, action: `topic:${HUMAN_CONTACT_TOPIC}` }]),
          { label: texts.continueFlow, action: FLOW_ACTIONS.resume },
        ],
        sources: [],
        fallback: false,
        language: turn.language,
        act: 'frustration',
        offersPerson: true,
      });
      return true;
    }
    case 'greeting':
    case 'thanks':
    case 'help':
    case 'apply':
    case 'resume':
      ask(turn, promptStep(flow, state, contextOf(turn)), [words, texts.backToQuestion].filter(Boolean).join('\n'));
      turn.replies.at(-1)!.act = match.act;
      return true;
    case 'goodbye':
      turn.replies.push({ text: [words, texts.flowKept].filter(Boolean).join('\n'), buttons: [{ label: texts.continueFlow, action: FLOW_ACTIONS.resume }], sources: [], fallback: false, language: turn.language, act: 'goodbye' });
      return true;
    default:
      return false;
  }
}
