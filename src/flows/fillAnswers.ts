/**
 * Fills several questions of a flow at once — from answers read in an applicant's own
 * words, or from what they said about themselves before the check — as if each question's
 * button had been pressed in turn, so every value passes that question's validator.
 */
import type { Flow } from './flowSchema.js';
import { FLOW_ACTIONS, pressFlowButton, type FlowContext, type FlowState } from './runFlow.js';

/** The outcome of {@link fillAnswers}. */
export interface FilledAnswers {
  state: FlowState;
  /** The fields that were filled, in flow order. */
  filled: string[];
}

/**
 * Fills the questions named in `values` (by field).
 *
 * @param flow - the active flow
 * @param state - where the conversation stands (after consent)
 * @param values - typed answers by field (choice ids, numbers, years)
 * @param ctx - the turn's context
 * @param overwrite - fields that may replace an earlier answer (the question being asked); others fill only unanswered questions
 */
export function fillAnswers(flow: Flow, state: FlowState, values: Readonly<Record<string, string>>, ctx: FlowContext, overwrite: ReadonlySet<string> = new Set()): FilledAnswers {
  let current = state;
  const filled: string[] = [];
  const askedStep = state.stepId;
  for (const step of flow.steps) {
    if (step.kind !== 'question') continue;
    const value = values[step.field];
    if (value === undefined || (current.answers[step.field] !== undefined && !overwrite.has(step.field))) continue;
    const result = pressFlowButton(flow, { ...current, stepId: step.id }, FLOW_ACTIONS.answer(step.id, value), ctx);
    // An invalid value leaves the answer as it was.
    if (!result.state || result.state.answers[step.field] === undefined || result.state === current) continue;
    current = result.state;
    filled.push(step.field);
  }
  // Nothing filled: the conversation stays where it was.
  return filled.length ? { state: current, filled } : { state: { ...state, stepId: askedStep }, filled };
}
