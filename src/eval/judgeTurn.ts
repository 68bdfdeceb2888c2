/**
 * Judges one turn of a dialogue: what the bot replied and what its conversation state and
 * leads show after the turn, against the turn's expectations (`docs/eval-format.md`).
 */
import type { Reply } from '../core/messages.js';
import type { Language } from '../shared/language.js';
import { checkReplyLanguage } from './checkReplyLanguage.js';
import type { DialogueTurn } from './dialogueSchema.js';

/** What a turn produced, as the player saw it. */
export interface TurnObservation {
  replies: Reply[];
  /** The answers in the flow state after the turn; undefined when no flow is in progress. */
  flowAnswers?: Readonly<Record<string, unknown>>;
  /** Whether a lead was saved for this conversation during the turn. */
  submitted: boolean;
}

/** The verdict on one turn. */
export interface TurnVerdict {
  /** 1-based position of the turn in its dialogue. */
  turn: number;
  /** What the applicant did: `text "…"`, `press "…"` or `action …`. */
  input: string;
  /** Whether the turn counts in turn accuracy: it has `expect`, is a press, or failed anyway. */
  scored: boolean;
  pass: boolean;
  /** Why it failed; empty when it passed. */
  reasons: string[];
  /** The topic of the turn's first sourced reply, or null. */
  topic: string | null;
  fallback: boolean;
  /** The flow and step the last reply asks for (its `expects`), or null. */
  flow: string | null;
  step: string | null;
  /** How many replies were not in the dialogue's language. */
  wrongLanguage: number;
  /** How many `forbid` patterns the turn's text matched. */
  forbiddenMatches: number;
}

const show = (value: unknown) => (value === null || value === undefined ? 'none' : String(value));

/** Describes what the applicant did in a turn, for reports. */
export function describeTurnInput(turn: DialogueTurn): string {
  if (turn.text !== undefined) return `text ${JSON.stringify(turn.text)}`;
  if (turn.press !== undefined) return `press ${JSON.stringify(turn.press)}`;
  return `action ${turn.action ?? ''}`;
}

/**
 * Judges one turn.
 *
 * @param turn - the turn with its expectations
 * @param index - its 1-based position
 * @param seen - what it produced; a string when it could not be played (a missing button)
 * @param lang - the dialogue's language, which every reply must be in
 */
export function judgeTurn(turn: DialogueTurn, index: number, seen: TurnObservation | string, lang: Language): TurnVerdict {
  const base = { turn: index, input: describeTurnInput(turn) };
  if (typeof seen === 'string') {
    return { ...base, scored: true, pass: false, reasons: [seen], topic: null, fallback: false, flow: null, step: null, wrongLanguage: 0, forbiddenMatches: 0 };
  }
  const { replies } = seen;
  const fallback = replies.some((r) => r.fallback);
  const topic = fallback ? null : (replies.find((r) => r.sources.length > 0)?.sources[0]?.topic ?? null);
  const expects = replies.at(-1)?.expects;
  const flow = expects?.flowId ?? null;
  const step = expects?.stepId ?? null;
  const text = replies.map((r) => r.text).join('\n');
  const expect = turn.expect ?? {};
  const reasons: string[] = [];
  if (expect.topic !== undefined && topic !== expect.topic) reasons.push(`expected topic ${expect.topic}, got ${fallback ? 'the fallback' : show(topic)}`);
  if (expect.fallback !== undefined && fallback !== expect.fallback) reasons.push(expect.fallback ? `expected the fallback, got topic ${show(topic)}` : 'expected an answer, got the fallback');
  if (expect.act !== undefined && !replies.some((r) => r.act === expect.act)) {
    reasons.push(`expected act ${expect.act}, got ${show(replies.map((r) => r.act).filter(Boolean).join(', ') || null)}`);
  }
  if (expect.flow !== undefined && flow !== expect.flow) reasons.push(`expected flow ${show(expect.flow)}, got ${show(flow)}`);
  if (expect.step !== undefined && step !== expect.step) reasons.push(`expected step ${show(expect.step)}, got ${show(step)}`);
  const missing = (expect.answered ?? []).filter((field) => seen.flowAnswers?.[field] === undefined);
  if (missing.length) reasons.push(`expected answers for ${missing.join(', ')}${seen.flowAnswers ? '' : ' (no flow in progress)'}`);
  if (expect.submitted !== undefined && seen.submitted !== expect.submitted) reasons.push(expect.submitted ? 'expected the application to be submitted' : 'expected no submission, but a lead was saved');
  const offers = replies.some((r) => r.offersPerson === true);
  if (expect.offersPerson !== undefined && offers !== expect.offersPerson) reasons.push(expect.offersPerson ? 'expected an offer of a person' : 'expected no offer of a person');
  for (const needle of [...(expect.require ?? []), ...turn.require]) if (!text.includes(needle)) reasons.push(`reply lacks "${needle}"`);
  const forbidden = [...(expect.forbid ?? []), ...turn.forbid].filter((pattern) => new RegExp(pattern, 'u').test(text));
  for (const pattern of forbidden) reasons.push(`reply matches forbidden /${pattern}/`);
  const language = checkReplyLanguage(replies, lang);
  reasons.push(...language);
  const scored = turn.expect !== undefined || turn.press !== undefined || reasons.length > 0 || turn.require.length > 0 || turn.forbid.length > 0;
  return { ...base, scored, pass: reasons.length === 0, reasons, topic, fallback, flow, step, wrongLanguage: language.length, forbiddenMatches: forbidden.length };
}
