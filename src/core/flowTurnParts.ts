/**
 * What the engine's flow handling shares: the turn's flow context (language, time, years),
 * the flow in progress, and how a flow message becomes a reply that says what it expects.
 */
import type { Flow, QuestionStep } from '../flows/flowSchema.js';
import { describeAnswer } from '../flows/describeAnswer.js';
import { promptStep, startFlow, type FlowContext, type FlowMessage, type FlowTurn } from '../flows/runFlow.js';
import type { Language } from '../shared/language.js';
import { yearIn } from '../shared/zonedTime.js';
import { ENGINE_TEXTS } from './texts.js';
import { say, type Turn } from './turn.js';

/** Half a year, for "三个月内" and "within six months". */
export const HALF_YEAR_MS = 183 * 24 * 3600_000;
/** The calendar year at `at` in the district's time zone (an IANA name from the profile). */
export const yearOf = (at: number, timeZone: string) => yearIn(at, timeZone);

/** The flow context of a turn: language, time, this year, placeholder values. */
export function contextOf(turn: Turn): FlowContext {
  return {
    language: turn.language,
    now: turn.now,
    currentYear: yearOf(turn.now, turn.profile.timeZone),
    values: turn.promptValues,
  };
}

/** The flow in progress, or undefined (and the state cleared) when it no longer exists. */
export function activeFlow(turn: Turn): Flow | undefined {
  const flow = turn.state.flow ? turn.flows.get(turn.state.flow.flowId) : undefined;
  if (!flow) turn.state.flow = undefined;
  return flow;
}

/** Adds a flow turn's messages to the replies. */
export function pushMessages(turn: Turn, result: FlowTurn): void {
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

/** Re-asks the current question of the flow in progress. */
export function resumeFlow(turn: Turn): void {
  const flow = activeFlow(turn);
  if (!flow || !turn.state.flow) return;
  ask(turn, promptStep(flow, turn.state.flow, contextOf(turn)));
}

/** "所在领域：新能源" — a question's label and an answer's display text. */
export function describeField(flow: Flow, field: string, value: string | number | undefined, language: Language): string {
  const step = flow.steps.find((s): s is QuestionStep => s.kind === 'question' && s.field === field);
  return `${step?.label[language] ?? field}${language === 'zh' ? '：' : ': '}${describeAnswer(flow, field, value, language)}`;
}

/** Starts a flow (replacing one in progress) and asks its first step. */
export function startFlowTurn(turn: Turn, flowId: string): void {
  turn.state.pausedFlow = undefined;
  const flow = turn.flows.get(flowId);
  if (!flow) return say(turn, ENGINE_TEXTS[turn.language].unknownAction);
  turn.state.flow = startFlow(flow, turn.now);
  if (flow.onConfirm === 'qualify_and_submit') void turn.funnel?.count('eligibility_started', turn.now);
  ask(turn, promptStep(flow, turn.state.flow, contextOf(turn)));
}
