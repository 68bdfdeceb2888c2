/**
 * Names a stored answer for people: the label of a choice, or the value itself.
 */
import type { Language } from '../shared/language.js';
import type { Flow } from './flowSchema.js';

/** The display text of `field`'s answer in `language`; empty when unanswered. */
export function describeAnswer(flow: Flow, field: string, value: string | number | undefined, language: Language): string {
  if (value === undefined) return '';
  for (const step of flow.steps) {
    if (step.kind !== 'question' || step.field !== field || step.validate.type !== 'choice') continue;
    const choice = step.validate.choices.find((c) => c.id === value);
    if (choice) return choice.label[language];
  }
  return String(value);
}
