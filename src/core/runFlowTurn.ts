/**
 * The engine's side of flows: starting one, passing buttons and typed answers to the
 * interpreter (`src/flows/runFlow.ts`), answering a policy question asked in the middle and
 * resuming at the same question, offering a person after repeated misses, and submitting
 * the confirmed application to the leads layer.
 */
import type { Flow } from '../flows/flowSchema.js';
import { qualifyApplication } from '../flows/qualifyApplication.js';
import {
  answerFlowText,
  FLOW_ACTIONS,
  pressFlowButton,
  promptStep,
  startFlow,
  type FlowContext,
  type FlowTurn,
} from '../flows/runFlow.js';
import { parseContact } from '../flows/validateAnswer.js';
import type { AnswerValue, LeadOutcome, LeadReason } from '../leads/leadRecord.js';
import { answerFromEntry, HUMAN_CONTACT_TOPIC } from './answer.js';
import type { Reply } from './messages.js';
import { ENGINE_TEXTS } from './texts.js';
import { say, type Turn } from './turn.js';

/** Invalid answers in a row after which the bot offers a person. */
export const MISSES_BEFORE_OFFERING_A_PERSON = 3;
/** The flow that hands an applicant to a person. */
export const HANDOFF_FLOW_ID = 'handoff';

const QUESTION_LIKE = /[?？]\s*$|[吗呢么嘛]\s*$|什么|怎么|多少|哪些|哪里|哪个|是否|能否|有没有|可不可以|^(?:what|how|when|where|which|who|why|is|are|can|could|do|does|will|should)\b/iu;

function contextOf(turn: Turn): FlowContext {
  return {
    language: turn.language,
    now: turn.now,
    currentYear: new Date(turn.now + 8 * 3600_000).getUTCFullYear(),
    values: turn.promptValues,
  };
}

function activeFlow(turn: Turn): Flow | undefined {
  const flow = turn.state.flow ? turn.flows.get(turn.state.flow.flowId) : undefined;
  if (!flow) turn.state.flow = undefined;
  return flow;
}

function pushMessages(turn: Turn, result: FlowTurn): void {
  for (const message of result.messages) say(turn, message.text, message.buttons);
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
  const prompt = promptStep(flow, turn.state.flow, contextOf(turn));
  say(turn, prompt.text, prompt.buttons);
}

/** Re-asks the current question of the flow in progress. */
export function resumeFlow(turn: Turn): void {
  const flow = activeFlow(turn);
  if (!flow || !turn.state.flow) return;
  const prompt = promptStep(flow, turn.state.flow, contextOf(turn));
  say(turn, prompt.text, prompt.buttons);
}

/**
 * Handles a flow button, or a typed steering word (`flowCancel`, `flowBack`, `flowResume`).
 */
export async function pressButtonInFlow(turn: Turn, action: string): Promise<void> {
  const flow = activeFlow(turn);
  if (!flow || !turn.state.flow) return;
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
  // A free-text question accepts almost anything, so a policy question is recognised first.
  if (freeText && QUESTION_LIKE.test(text) && answerPolicyQuestion(turn, flow, text)) return;

  const result = answerFlowText(flow, state, text, contextOf(turn));
  if (result.effect.kind !== 'invalid') return applyFlowTurn(turn, flow, result);
  if (!freeText && answerPolicyQuestion(turn, flow, text)) return;

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

/** Answers `text` from the knowledge when retrieval is confident, then asks the flow's question again. */
function answerPolicyQuestion(turn: Turn, flow: Flow, text: string): boolean {
  const retrieval = turn.knowledge.retriever.search(text);
  const best = retrieval.hits[0];
  if (!retrieval.confident || !best || !turn.state.flow) return false;
  turn.replies.push(answerFromEntry(turn.knowledge, best.entry, turn.language, turn.now));
  turn.state.lastTopic = best.entry.topic;
  const prompt = promptStep(flow, turn.state.flow, contextOf(turn));
  say(turn, `${ENGINE_TEXTS[turn.language].answeredInFlow}\n${prompt.text}`, prompt.buttons);
  return true;
}

async function applyFlowTurn(turn: Turn, flow: Flow, result: FlowTurn): Promise<void> {
  if (result.effect.kind === 'submit') return submitApplication(turn, flow);
  turn.state.flow = result.state;
  pushMessages(turn, result);
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
    const prompt = promptStep(flow, state, contextOf(turn));
    return say(turn, `${texts.leadsUnavailable}\n\n${prompt.text}`, prompt.buttons);
  }

  turn.state.flow = undefined;
  turn.state.leadIds = [...new Set([...turn.state.leadIds, submitted.lead.id])];
  turn.state.lastLeadId = submitted.lead.id;
  const outcome = flow.outcomes[judged.outcome];
  const lines = [outcome?.message[turn.language] ?? texts.stored];
  if (judged.reasons.length) lines.push('', texts.reasonsHeading, ...judged.reasons.map((r) => `- ${r[turn.language]}`));
  if (!submitted.created) lines.push('', flow.updated[turn.language]);
  if (submitted.partner) lines.push('', submitted.delivers ? texts.sentTo(submitted.partner.name) : texts.stored);
  say(turn, lines.join('\n'), (outcome?.buttons ?? []).map((b) => ({ label: b.label[turn.language], action: b.action })));
}
