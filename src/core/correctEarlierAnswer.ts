/**
 * Correcting an earlier answer in words, later in the check ("actually scratch that, yes we will
 * come", "不对，我想好了，决定过来", "sorry, correction: we do have one invention patent"):
 * a correction marker plus an answer that reads as a different value for a question already
 * answered updates that question, says so ("已更新：…"), and asks the first open question — a
 * question that now applies (the year, once the intention is yes) or the one being asked.
 */
import { conditionFields } from '../flows/evaluateCondition.js';
import type { Flow, QuestionStep } from '../flows/flowSchema.js';
import { fillAnswers } from '../flows/fillAnswers.js';
import { plainText } from '../flows/plainText.js';
import { readAnswers } from '../flows/readAnswers.js';
import { validateAnswer } from '../flows/validateAnswer.js';
import { promptStep } from '../flows/runFlow.js';
import { ask, contextOf, describeField, HALF_YEAR_MS, yearOf } from './flowTurnParts.js';
import { ENGINE_TEXTS } from './texts.js';
import type { Turn } from './turn.js';

/** Words that say an earlier answer is being corrected. */
export const CORRECTION =
  /\bactually\b|\bshould be\b|\bwait\b|应该是|scratch that|\bcorrection\b|\bi meant\b|\bmake that\b|\boops\b|\bi forgot\b|\bsorry\b(?=[^?]*\d)|change (?:that|it|my answer)|made a mistake|\bwrong\b|on second thought|changed my mind|不对|说错了|填错了|选错了|写错了|搞错了|弄错了|答错了|我想好了|想好了|更正|改成|改为|纠正|重新考虑|改主意/iu;

/**
 * Updates the answers a correction in `text` changes, then asks the first open question.
 *
 * @param force - the message is already known to go back or correct (the `back` act), so no marker is needed
 * @returns true when an earlier answer was changed (the reply is added)
 */
export function correctEarlierAnswer(turn: Turn, flow: Flow, text: string, force = false): boolean {
  const state = turn.state.flow;
  if (!state?.consent || (!force && !CORRECTION.test(plainText(text)))) return false;
  const readable = (s: QuestionStep) => s.validate.type === 'choice' || s.validate.type === 'integer' || s.validate.type === 'year';
  const steps = flow.steps.filter((s): s is QuestionStep => s.kind === 'question' && readable(s));
  const ctx = contextOf(turn);
  const soonYear = yearOf(turn.now + HALF_YEAR_MS, turn.profile.timeZone);
  let read = readAnswers(steps, text, undefined, ctx.currentYear, false, soonYear);
  const differs = (values: Record<string, string>) => Object.keys(values).filter((field) => state.answers[field] !== undefined && String(state.answers[field]) !== values[field]);
  let changed = differs(read);
  // "Actually the phone number is wrong, it's +81 90 1234 8765": a new contact replaces the one given.
  const contactStep = flow.steps.find((s): s is QuestionStep => s.kind === 'question' && s.validate.type === 'contact' && state.answers[s.field] !== undefined);
  const contact = changed.length === 0 && contactStep ? validateAnswer(contactStep.validate, text, ctx.currentYear) : undefined;
  if (contactStep && contact?.ok && String(contact.value) !== String(state.answers[contactStep.field])) {
    read = { [contactStep.field]: String(contact.value) };
    changed = [contactStep.field];
  }
  if (changed.length === 0) {
    // "sorry I meant 2027", "oops, 6 people": a bare number is read as the answer of each answered number or year question; it corrects the one it fits.
    const bare = steps.filter((s) => (s.validate.type === 'year' || s.validate.type === 'integer') && state.answers[s.field] !== undefined);
    const fits = bare.flatMap((s) => {
      const value = readAnswers([s], text, s.id, ctx.currentYear, false, soonYear)[s.field];
      return value !== undefined && String(state.answers[s.field]) !== value && validateAnswer(s.validate, value, ctx.currentYear).ok ? [[s.field, value] as const] : [];
    });
    if (fits.length !== 1) return false;
    read = Object.fromEntries(fits);
    changed = [fits[0]![0]];
  }
  return applyCorrection(turn, flow, read, changed);
}

/**
 * At a question asked only because of an earlier answer (the year, once the intention was yes),
 * a message that answers that earlier question otherwise, in the words it is answered with
 * ("no, we just want to compete", "算了 不打算来了"), changes it — no correction marker needed:
 * it cannot be an answer to the question asked. The first open question follows.
 *
 * @returns true when the earlier answer was changed (the reply is added)
 */
export function reconsiderCondition(turn: Turn, flow: Flow, text: string): boolean {
  const state = turn.state.flow;
  const step = flow.steps.find((s) => s.id === state?.stepId);
  if (!state?.consent || step?.kind !== 'question' || !step.when) return false;
  const fields = new Set(conditionFields(step.when));
  const ctx = contextOf(turn);
  const soonYear = yearOf(turn.now + HALF_YEAR_MS, turn.profile.timeZone);
  const earlier = flow.steps.filter((s): s is QuestionStep => s.kind === 'question' && fields.has(s.field) && state.answers[s.field] !== undefined && s.validate.type === 'choice');
  const read: Record<string, string> = {};
  for (const s of earlier) {
    // Read as if asked again, but never as the question's catch-all choice: only what the words say.
    const value = readAnswers([s], text, s.id, ctx.currentYear, false, soonYear)[s.field];
    if (value !== undefined && String(state.answers[s.field]) !== value) read[s.field] = value;
  }
  const changed = Object.keys(read);
  return changed.length > 0 && applyCorrection(turn, flow, read, changed);
}

/** Fills the corrected answers (and what else the message answers), says so, and asks the first open question. */
function applyCorrection(turn: Turn, flow: Flow, read: Record<string, string>, changed: string[]): boolean {
  const state = turn.state.flow;
  if (!state) return false;
  const ctx = contextOf(turn);
  // What the same message answers of the open questions is taken too ("correction: one patent, and we are five").
  const { state: next, filled } = fillAnswers(flow, state, read, ctx, new Set(changed));
  if (filled.length === 0) return false;
  turn.state.flow = next;
  const texts = ENGINE_TEXTS[turn.language];
  const describe = (fields: string[]) => fields.map((f) => describeField(flow, f, next.answers[f], turn.language)).join(turn.language === 'zh' ? '；' : '; ');
  const updated = filled.filter((f) => changed.includes(f));
  const noted = filled.filter((f) => !changed.includes(f));
  const before = [updated.length ? `${texts.updated}${describe(updated)}` : '', noted.length ? `${texts.noted}${describe(noted)}` : ''].filter(Boolean).join('\n');
  ask(turn, promptStep(flow, next, ctx), before);
  const last = turn.replies.at(-1);
  if (last) last.act = 'back';
  return true;
}
