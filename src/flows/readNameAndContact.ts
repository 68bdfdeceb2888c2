/**
 * The name and the contact a message gives while it answers another question of a check
 * ("Any event is fine. My name is David Chen, email david.chen@example.com"): the name only
 * after a lead-in the name question declares and never a role or a description in the flow's own
 * words, the contact only when it is a valid phone number or e-mail address. Read only after
 * consent, beside {@link readAnswers}' other facts, and filled the same way (`fillAnswers`).
 */
import type { Flow, QuestionStep } from './flowSchema.js';
import { containsWord, normalisedWord } from './plainText.js';
import type { ReadValues } from './readAnswers.js';
import { readPersonName } from './readPersonName.js';
import { parseContact } from './validateAnswer.js';

/**
 * Values for the name and contact questions among `steps` that `text` gives.
 *
 * @param flow - the flow (its choices' words are never a name)
 * @param steps - the questions still open
 * @param text - what the applicant wrote
 */
export function readNameAndContact(flow: Flow, steps: readonly QuestionStep[], text: string): ReadValues {
  const values: ReadValues = {};
  for (const step of steps) {
    if (step.validate.type === 'contact') {
      const contact = parseContact(text);
      if (contact) values[step.field] = 'phone' in contact ? contact.phone : contact.email;
    } else if (step.validate.type === 'text' && step.validate.nameLeadIns) {
      const words = choiceWords(flow);
      const name = readPersonName(text, step.validate.nameLeadIns, (plain) => words.some((w) => containsWord(plain, w)));
      if (name) values[step.field] = name;
    }
  }
  return values;
}

const wordsOfFlow = new WeakMap<Flow, string[]>();

/** Every choice's label, aliases and keywords of two characters or more ("博士", "founder"), once per loaded flow. */
function choiceWords(flow: Flow): string[] {
  let words = wordsOfFlow.get(flow);
  if (!words) {
    const all = flow.steps.flatMap((s) => (s.kind === 'question' && s.validate.type === 'choice' ? s.validate.choices.flatMap((c) => [c.label.zh, c.label.en, ...c.aliases, ...c.keywords]) : []));
    words = [...new Set(all.map((w) => normalisedWord(w)).filter((w) => [...w].length >= 2))];
    wordsOfFlow.set(flow, words);
  }
  return words;
}
