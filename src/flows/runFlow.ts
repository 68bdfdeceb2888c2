/**
 * The flow interpreter: given a flow, where a conversation stands in it and what the user
 * sent, it says what to reply, where the conversation stands next and what the engine must
 * do (submit, end, offer a person). It does no I/O; the engine stores the state and runs
 * the effects.
 *
 * Order of steps: the consent step, then every question whose `when` holds and which has no
 * answer yet, in file order, then the summary. Going back or editing re-asks one question;
 * afterwards the conversation again goes to the first unanswered question or the summary.
 */
import { z } from 'zod';
import { localeView } from '../i18n/locales.js';
import type { Language } from '../shared/language.js';
import { describeAnswer } from './describeAnswer.js';
import { evaluateCondition } from './evaluateCondition.js';
import type { Flow, FlowStep, QuestionStep } from './flowSchema.js';
import { validateAnswer } from './validateAnswer.js';

/** Where a conversation stands in a flow. Kept in the conversation state. */
export const flowStateSchema = z.object({
  flowId: z.string(),
  stepId: z.string(),
  answers: z.record(z.string(), z.union([z.string(), z.number()])),
  /** Invalid answers in a row to the current question. */
  misses: z.number().int().nonnegative(),
  consent: z.object({ noticeVersion: z.string(), at: z.number() }).optional(),
  /** Answered question ids, most recent last, for "back". */
  answered: z.array(z.string()),
  /** True after "edit" on the summary, while the applicant picks what to change. */
  choosingEdit: z.boolean(),
  startedAt: z.number(),
  updatedAt: z.number(),
});
/** Where a conversation stands in a flow. */
export type FlowState = z.infer<typeof flowStateSchema>;

/** What kind of answer a flow message waits for (the engine's `Reply.expects`). */
export interface FlowExpects {
  kind: 'choice' | 'text' | 'contact' | 'number' | 'year' | 'consent' | 'confirm';
  flowId: string;
  stepId: string;
  /** The answer options, in the order a channel numbers them. */
  options: Array<{ label: string; action: string }>;
}

/** A message of the flow to the user. */
export interface FlowMessage {
  text: string;
  buttons: Array<{ label: string; action: string }>;
  /** Set when the message asks a step. */
  expects?: FlowExpects;
}

const EXPECTS_BY_VALIDATOR = { choice: 'choice', text: 'text', contact: 'contact', integer: 'number', year: 'year' } as const;

/** What the engine must do after a flow turn. */
export type FlowEffect =
  | { kind: 'continue' }
  /** The answer did not fit the question: the engine may treat the text as a policy question. */
  | { kind: 'invalid'; misses: number }
  | { kind: 'declined' }
  | { kind: 'cancelled' }
  | { kind: 'submit' };

/** The result of one flow turn. */
export interface FlowTurn {
  state: FlowState | undefined;
  messages: FlowMessage[];
  effect: FlowEffect;
}

/** Values for `{placeholders}` in prompts: the same in both languages, or one per language. */
export type PromptValues = Readonly<Record<string, string | number | { zh: string; en: string }>>;

/** Context of a turn: language, time and placeholder values. */
export interface FlowContext {
  language: Language;
  now: number;
  currentYear: number;
  values: PromptValues;
}

/** Button actions the interpreter understands. */
export const FLOW_ACTIONS = {
  start: (flowId: string) => `flow:start:${flowId}`,
  answer: (stepId: string, choiceId: string) => `answer:${stepId}:${choiceId}`,
  confirm: 'flow:confirm',
  edit: 'flow:edit',
  editStep: (stepId: string) => `flow:edit:${stepId}`,
  back: 'flow:back',
  cancel: 'flow:cancel',
  resume: 'flow:resume',
} as const;

/** The interpreter's own words (`locales/<language>/engine.json`, `flow`); the questions are the flow file's. */
const UI = { zh: localeView('zh', 'engine').all.flow, en: localeView('en', 'engine').all.flow } as const;

/** Fills `{placeholders}`; an unknown one is left as it is, so a content mistake shows. */
const fill = (text: string, values: PromptValues, language: Language) =>
  text.replace(/\{(\w+)\}/g, (m, key: string) => {
    const value = values[key];
    if (value === undefined) return m;
    return typeof value === 'object' ? value[language] : String(value);
  });

/** The step with this id. */
function stepById(flow: Flow, id: string): FlowStep | undefined {
  return flow.steps.find((s) => s.id === id);
}

/** Questions that apply to these answers, in order. */
function applicableQuestions(flow: Flow, answers: FlowState['answers']): QuestionStep[] {
  return flow.steps.filter((s): s is QuestionStep => s.kind === 'question' && (!s.when || evaluateCondition(s.when, answers)));
}

/** The first applicable unanswered question, or the summary. */
function nextStepId(flow: Flow, answers: FlowState['answers']): string {
  const open = applicableQuestions(flow, answers).find((q) => answers[q.field] === undefined);
  return open?.id ?? flow.steps.at(-1)!.id;
}

/** Answers of questions that no longer apply (a branch changed) are dropped. */
function pruneAnswers(flow: Flow, answers: FlowState['answers']): FlowState['answers'] {
  const kept: FlowState['answers'] = {};
  const fields = new Set(applicableQuestions(flow, answers).map((q) => q.field));
  const implied = new Set(
    flow.steps.flatMap((s) => (s.kind === 'question' && s.validate.type === 'choice' ? s.validate.choices.flatMap((c) => Object.keys(c.sets ?? {})) : [])),
  );
  for (const [field, value] of Object.entries(answers)) if (fields.has(field) || implied.has(field)) kept[field] = value;
  return kept;
}

/** Starts a flow at its consent step. */
export function startFlow(flow: Flow, now: number): FlowState {
  return { flowId: flow.id, stepId: flow.steps[0]!.id, answers: {}, misses: 0, answered: [], choosingEdit: false, startedAt: now, updatedAt: now };
}

/** The message that asks the current step, saying what kind of answer it waits for. */
export function promptStep(flow: Flow, state: FlowState, ctx: FlowContext): FlowMessage {
  const message = promptText(flow, state, ctx);
  const step = stepById(flow, state.stepId);
  if (!step) return message;
  const kind = step.kind === 'consent' ? 'consent' : step.kind === 'summary' ? (state.choosingEdit ? 'choice' : 'confirm') : EXPECTS_BY_VALIDATOR[step.validate.type];
  const options = message.buttons.filter((b) => b.action.startsWith('answer:') || b.action.startsWith('flow:edit:') || b.action === FLOW_ACTIONS.confirm);
  return { ...message, expects: { kind, flowId: flow.id, stepId: step.id, options } };
}

function promptText(flow: Flow, state: FlowState, ctx: FlowContext): FlowMessage {
  const lang = ctx.language;
  const step = stepById(flow, state.stepId);
  const navigation = [
    ...(state.answered.length ? [{ label: UI[lang].back, action: FLOW_ACTIONS.back }] : []),
    { label: UI[lang].cancel, action: FLOW_ACTIONS.cancel },
  ];
  if (!step) return { text: UI[lang].cancelled, buttons: [] };
  if (step.kind === 'consent') {
    return {
      text: fill(step.prompt[lang], ctx.values, lang),
      buttons: [
        { label: step.accept[lang], action: FLOW_ACTIONS.answer(step.id, 'accept') },
        { label: step.decline[lang], action: FLOW_ACTIONS.answer(step.id, 'decline') },
      ],
    };
  }
  if (step.kind === 'summary') {
    if (state.choosingEdit) {
      return {
        text: UI[lang].chooseEdit,
        buttons: applicableQuestions(flow, state.answers).map((q) => ({ label: q.label[lang], action: FLOW_ACTIONS.editStep(q.id) })),
      };
    }
    const lines = applicableQuestions(flow, state.answers)
      .filter((q) => state.answers[q.field] !== undefined)
      .map((q) => `- ${q.label[lang]}：${describeAnswer(flow, q.field, state.answers[q.field], lang)}`.replace('：', lang === 'en' ? ': ' : '：'));
    return {
      text: [fill(step.prompt[lang], ctx.values, lang), ...lines].join('\n'),
      buttons: [
        { label: step.confirm[lang], action: FLOW_ACTIONS.confirm },
        { label: step.edit[lang], action: FLOW_ACTIONS.edit },
        { label: UI[lang].cancel, action: FLOW_ACTIONS.cancel },
      ],
    };
  }
  const choices = step.validate.type === 'choice' ? step.validate.choices.map((c) => ({ label: c.label[lang], action: FLOW_ACTIONS.answer(step.id, c.id) })) : [];
  const skip = step.optional ? [{ label: UI[lang].skip, action: FLOW_ACTIONS.answer(step.id, '__skip') }] : [];
  return { text: fill(step.prompt[lang], ctx.values, lang), buttons: [...choices, ...skip, ...navigation] };
}

/** The hint and the question again, after an invalid answer. */
export function repromptStep(flow: Flow, state: FlowState, ctx: FlowContext): FlowMessage {
  const step = stepById(flow, state.stepId);
  const prompt = promptStep(flow, state, ctx);
  const options =
    step?.kind === 'question' && step.validate.type === 'choice'
      ? `\n${UI[ctx.language].options}${step.validate.choices.map((c) => c.label[ctx.language]).join(ctx.language === 'zh' ? '、' : ' · ')}`
      : '';
  const hint = step?.kind === 'question' ? `${step.hint[ctx.language]}${options}` : step?.kind === 'consent' ? UI[ctx.language].invalidConsent : '';
  return { ...prompt, text: hint ? `${hint}\n\n${prompt.text}` : prompt.text };
}

/** Moves on after an accepted answer: to the first open question or the summary. */
function advance(flow: Flow, state: FlowState, ctx: FlowContext): FlowTurn {
  const answers = pruneAnswers(flow, state.answers);
  const next: FlowState = { ...state, answers, stepId: nextStepId(flow, answers), misses: 0, choosingEdit: false, updatedAt: ctx.now };
  return { state: next, messages: [promptStep(flow, next, ctx)], effect: { kind: 'continue' } };
}

/**
 * Handles a pressed button of the flow (`answer:…` and `flow:…` actions).
 *
 * @param flow - the active flow
 * @param state - where the conversation stands
 * @param action - the button's action
 * @param ctx - language, time, placeholder values
 */
export function pressFlowButton(flow: Flow, state: FlowState, action: string, ctx: FlowContext): FlowTurn {
  const lang = ctx.language;
  const [kind, first, second] = action.split(':');
  if (kind === 'answer' && first !== undefined && second !== undefined) {
    if (first !== state.stepId) {
      const prompt = promptStep(flow, state, ctx);
      return { state, messages: [{ ...prompt, text: `${UI[lang].stale}\n\n${prompt.text}` }], effect: { kind: 'continue' } };
    }
    return answerStep(flow, state, second, ctx, true);
  }
  switch (action) {
    case FLOW_ACTIONS.cancel:
      return { state: undefined, messages: [{ text: UI[lang].cancelled, buttons: [] }], effect: { kind: 'cancelled' } };
    case FLOW_ACTIONS.resume:
      return { state, messages: [promptStep(flow, state, ctx)], effect: { kind: 'continue' } };
    case FLOW_ACTIONS.back: {
      const previous = state.answered.at(-1);
      if (!previous) return { state, messages: [promptStep(flow, state, ctx)], effect: { kind: 'continue' } };
      const next = { ...state, stepId: previous, answered: state.answered.slice(0, -1), misses: 0, choosingEdit: false, updatedAt: ctx.now };
      return { state: next, messages: [promptStep(flow, next, ctx)], effect: { kind: 'continue' } };
    }
    case FLOW_ACTIONS.edit: {
      if (stepById(flow, state.stepId)?.kind !== 'summary') return { state, messages: [promptStep(flow, state, ctx)], effect: { kind: 'continue' } };
      const next = { ...state, choosingEdit: true, updatedAt: ctx.now };
      return { state: next, messages: [promptStep(flow, next, ctx)], effect: { kind: 'continue' } };
    }
    case FLOW_ACTIONS.confirm:
      if (stepById(flow, state.stepId)?.kind !== 'summary' || state.choosingEdit || !state.consent) {
        return { state, messages: [promptStep(flow, state, ctx)], effect: { kind: 'continue' } };
      }
      return { state, messages: [], effect: { kind: 'submit' } };
  }
  if (kind === 'flow' && first === 'edit' && second) {
    const step = stepById(flow, second);
    if (step?.kind !== 'question' || stepById(flow, state.stepId)?.kind !== 'summary') {
      return { state, messages: [promptStep(flow, state, ctx)], effect: { kind: 'continue' } };
    }
    const next = { ...state, stepId: step.id, choosingEdit: false, misses: 0, updatedAt: ctx.now };
    return { state: next, messages: [promptStep(flow, next, ctx)], effect: { kind: 'continue' } };
  }
  return { state, messages: [promptStep(flow, state, ctx)], effect: { kind: 'continue' } };
}

/**
 * Handles typed text as the answer to the current step.
 *
 * @returns an `invalid` effect (with the hint and the question again) when the text does
 *   not answer the step; the engine decides whether it was a policy question instead
 */
export function answerFlowText(flow: Flow, state: FlowState, text: string, ctx: FlowContext): FlowTurn {
  const step = stepById(flow, state.stepId);
  if (step?.kind === 'summary') {
    const typed = text.normalize('NFKC').trim().toLowerCase();
    if (['确认', '确认提交', '提交', 'confirm', 'submit', 'yes', 'ok'].includes(typed)) return pressFlowButton(flow, state, FLOW_ACTIONS.confirm, ctx);
    if (!state.choosingEdit) return invalid(flow, state, ctx);
    const target = applicableQuestions(flow, state.answers).find((q) => [q.label.zh, q.label.en, q.id].some((n) => n.toLowerCase() === typed));
    return target ? pressFlowButton(flow, state, FLOW_ACTIONS.editStep(target.id), ctx) : invalid(flow, state, ctx);
  }
  if (step?.kind === 'consent') {
    const typed = text.normalize('NFKC').trim().toLowerCase().replace(/[。.!！]+$/u, '');
    if (['同意', '同意并继续', '我同意', '好', '好的', '可以', 'agree', 'i agree', 'yes', 'ok', '1'].includes(typed)) return answerStep(flow, state, 'accept', ctx, true);
    if (['不同意', '不', '不要', 'no', 'disagree', 'i do not agree', '2'].includes(typed)) return answerStep(flow, state, 'decline', ctx, true);
    return invalid(flow, state, ctx);
  }
  return answerStep(flow, state, text, ctx, false);
}

function invalid(flow: Flow, state: FlowState, ctx: FlowContext, why?: string): FlowTurn {
  const next = { ...state, misses: state.misses + 1, updatedAt: ctx.now };
  const message = repromptStep(flow, next, ctx);
  return { state: next, messages: [why ? { ...message, text: `${why}\n${message.text}` } : message], effect: { kind: 'invalid', misses: next.misses } };
}

/** A year typed before this one ("2025年" in 2026), which a planned-year question cannot take: said so, before the hint. */
function pastYear(step: FlowStep, input: string, ctx: FlowContext): string | undefined {
  if (step.kind !== 'question' || step.validate.type !== 'year') return undefined;
  const years = [...input.matchAll(/(?<!\d)(19\d\d|20\d\d)(?!\d)/g)].map((m) => Number(m[1]));
  return years.length > 0 && years.every((y) => y < ctx.currentYear) ? UI[ctx.language].yearPassed : undefined;
}

function answerStep(flow: Flow, state: FlowState, input: string, ctx: FlowContext, pressed: boolean): FlowTurn {
  const step = stepById(flow, state.stepId);
  if (!step) return { state: undefined, messages: [], effect: { kind: 'cancelled' } };
  if (step.kind === 'consent') {
    if (input === 'decline') return { state: undefined, messages: [{ text: step.declined[ctx.language], buttons: [] }], effect: { kind: 'declined' } };
    if (input !== 'accept') return invalid(flow, state, ctx);
    return advance(flow, { ...state, consent: { noticeVersion: step.noticeVersion, at: ctx.now } }, ctx);
  }
  if (step.kind === 'summary') return invalid(flow, state, ctx);
  if (input === '__skip' && step.optional) {
    const answers = { ...state.answers };
    delete answers[step.field];
    return advance(flow, { ...state, answers, answered: [...state.answered.filter((s) => s !== step.id), step.id] }, ctx);
  }
  // A pressed choice button carries the choice id; typed text is matched by the validator.
  const result = validateAnswer(step.validate, input, ctx.currentYear);
  if (!result.ok) return pressed ? { state, messages: [promptStep(flow, state, ctx)], effect: { kind: 'continue' } } : invalid(flow, state, ctx, pastYear(step, input, ctx));
  // Facts implied by an earlier choice of this question (an event's region) are replaced.
  const answers = { ...state.answers };
  if (step.validate.type === 'choice') for (const choice of step.validate.choices) for (const key of Object.keys(choice.sets ?? {})) delete answers[key];
  Object.assign(answers, { [step.field]: result.value }, result.sets ?? {});
  return advance(flow, { ...state, answers, answered: [...state.answered.filter((s) => s !== step.id), step.id] }, ctx);
}
