/**
 * With the optional model, an answer in the applicant's own words that the rules could not
 * read is read for all open questions (after consent, never for names or contacts); each
 * value is validated like a typed answer and shown back for confirmation, and only the
 * confirmed ones are kept. The confirmation button carries the values; pressing it
 * validates them again.
 */
import { localeView } from '../i18n/locales.js';
import type { Flow, QuestionStep } from '../flows/flowSchema.js';
import { describeAnswer } from '../flows/describeAnswer.js';
import { FLOW_ACTIONS, pressFlowButton, promptStep } from '../flows/runFlow.js';
import { validateAnswer } from '../flows/validateAnswer.js';
import type { ExtractionOutcome } from '../llm/llmAssistant.js';
import { ask, contextOf, resumeFlow } from './flowTurnParts.js';
import { actionSchema } from './messages.js';
import { say, type Turn } from './turn.js';

/** The action of the button that confirms answers read from free text: `flow:extracted:<field>=<value>;…`. */
export const EXTRACTED_ANSWERS_ACTION = 'flow:extracted:';
/** Longest button action a channel sends back. */
const MAX_ACTION_CHARS = actionSchema.maxLength ?? 200;
/** Validators whose answers the model may read from free text (never names or contacts). */
const EXTRACTABLE_VALIDATORS: ReadonlySet<string> = new Set(['choice', 'integer', 'year']);

/** What the check says about answers the model read (`locales/<language>/engine.json`, `extraction`). */
const EXTRACTION_TEXTS = { zh: localeView('zh', 'engine').all.extraction, en: localeView('en', 'engine').all.extraction } as const;

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
export async function proposeExtractedAnswers(turn: Turn, flow: Flow, text: string): Promise<'proposed' | 'nothing' | 'not_asked'> {
  const state = turn.state.flow;
  const step = flow.steps.find((s) => s.id === state?.stepId);
  if (!turn.llm || !state?.consent || step?.kind !== 'question' || !EXTRACTABLE_VALIDATORS.has(step.validate.type)) return 'not_asked';
  const questions = extractableQuestions(flow, turn);
  const ctx = contextOf(turn);
  let outcome: ExtractionOutcome;
  try {
    outcome = await turn.llm.extract({
      text,
      persona: turn.profile.persona,
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
export async function applyExtractedAnswers(turn: Turn, flow: Flow, payload: string): Promise<void> {
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
