/**
 * Judges an application by the flow's declared qualification rules: the first matching
 * outcome rule (or the default), and every matching reason, in plain language.
 */
import type { LeadOutcome, LeadReason } from '../leads/leadRecord.js';
import type { Answers } from './evaluateCondition.js';
import { evaluateCondition } from './evaluateCondition.js';
import type { Flow, Qualification } from './flowSchema.js';
import { describeAnswer } from './describeAnswer.js';

/**
 * Applies the rules.
 *
 * @param rules - the flow's `qualification`
 * @param flow - the flow, to name answers in reasons
 * @param answers - the confirmed answers
 */
export function qualifyApplication(rules: Qualification, flow: Flow, answers: Answers): { outcome: LeadOutcome; reasons: LeadReason[] } {
  const outcome = rules.outcomes.find((rule) => evaluateCondition(rule.when, answers))?.outcome ?? rules.default;
  const fill = (text: string, language: 'zh' | 'en') => text.replace(/\{(\w+)\}/g, (_m, field: string) => describeAnswer(flow, field, answers[field], language));
  const reasons = rules.reasons
    .filter((rule) => evaluateCondition(rule.when, answers))
    .map((rule) => ({ code: rule.code, zh: fill(rule.text.zh, 'zh'), en: fill(rule.text.en, 'en') }));
  return { outcome, reasons };
}
