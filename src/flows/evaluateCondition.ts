/**
 * Evaluates a flow condition against the answers given so far.
 */
import type { Condition } from './flowSchema.js';

/** Answers by field. */
export type Answers = Readonly<Record<string, string | number>>;

/**
 * True when `condition` holds for `answers`. A field test on an unanswered field is false
 * (except `answered: false`).
 */
export function evaluateCondition(condition: Condition, answers: Answers): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, answers));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, answers));
  if ('not' in condition) return !evaluateCondition(condition.not, answers);
  const value = answers[condition.field];
  if (condition.answered !== undefined && (value !== undefined) !== condition.answered) return false;
  if (value === undefined) return condition.answered === false;
  if (condition.in && !condition.in.includes(String(value))) return false;
  if (condition.notIn && condition.notIn.includes(String(value))) return false;
  if (condition.gte !== undefined && !(typeof value === 'number' && value >= condition.gte)) return false;
  if (condition.lte !== undefined && !(typeof value === 'number' && value <= condition.lte)) return false;
  return true;
}

/** The fields a condition tests. */
export function conditionFields(condition: Condition): string[] {
  if ('field' in condition) return [condition.field];
  if ('all' in condition) return condition.all.flatMap(conditionFields);
  if ('any' in condition) return condition.any.flatMap(conditionFields);
  return conditionFields(condition.not);
}
