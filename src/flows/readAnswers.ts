/**
 * Reads answers to a flow's questions from what an applicant wrote in their own words,
 * without a model: "我们是做光伏逆变器的" → new energy, "博士毕业" → PhD, "五个人" → 5,
 * "打算明年过来" → within a year and next year, "在德国读的博士" → PhD and overseas.
 *
 * For the question being asked, every word a choice declares counts (label, aliases,
 * keywords), as do yes/no forms, numbers in words and relative years. For the other open
 * questions only the choices' keywords and unmistakable number and year patterns count,
 * so one message can fill several steps without guessing. Every value is checked by the
 * question's own validator afterwards, like a typed answer.
 */
import type { Choice, Flow, QuestionStep } from './flowSchema.js';
import { containsWord, plainText } from './plainText.js';
import { readNumber, readYear } from './readNumbers.js';

/** How strongly `text` names `choice`: the summed length of its words found, 0 for none. */
function choiceStrength(choice: Choice, text: string, current: boolean): number {
  const words = current ? [choice.label.zh, choice.label.en, ...choice.aliases, ...choice.keywords] : choice.keywords;
  let strength = 0;
  for (const word of words) if (containsWord(text, word)) strength += [...plainText(word)].length;
  return strength;
}

/** The choice a sentence names, or undefined when none or two equally strong ones do. */
export function readChoice(step: QuestionStep, text: string, current: boolean): Choice | undefined {
  if (step.validate.type !== 'choice') return undefined;
  const plain = plainText(text);
  const scored = step.validate.choices.map((choice) => ({ choice, strength: choiceStrength(choice, plain, current) })).filter((s) => s.strength > 0);
  if (scored.length === 0) return undefined;
  if (step.validate.prefer === 'first') return scored[0]!.choice;
  scored.sort((a, b) => b.strength - a.strength);
  if (scored.length > 1 && scored[0]!.strength === scored[1]!.strength) return undefined;
  return scored[0]!.choice;
}

/** What {@link readAnswers} found: values by field, as typed answers the validators accept. */
export type ReadValues = Record<string, string>;

/**
 * Reads values for `steps` from `text`.
 *
 * @param steps - the questions to read for
 * @param text - what the applicant wrote
 * @param currentStepId - the question being asked (read with all its words), if any
 * @param currentYear - this year, for "明年" / "next year"
 * @returns typed answers by field (a choice id, a number, a year), to be validated by each step
 */
export function readAnswers(steps: readonly QuestionStep[], text: string, currentStepId: string | undefined, currentYear: number): ReadValues {
  const values: ReadValues = {};
  for (const step of steps) {
    const current = step.id === currentStepId;
    const value = readStep(step, text, current, currentYear);
    if (value !== undefined) values[step.field] = value;
  }
  return values;
}

function readStep(step: QuestionStep, text: string, current: boolean, currentYear: number): string | undefined {
  if (!current && 'contextWords' in step.validate && step.validate.contextWords.length > 0) {
    const plain = plainText(text);
    if (!step.validate.contextWords.some((w) => containsWord(plain, w))) return undefined;
  }
  switch (step.validate.type) {
    case 'choice':
      return readChoice(step, text, current)?.id;
    case 'integer': {
      const n = readNumber(text, current);
      return n === undefined ? undefined : String(n);
    }
    case 'year': {
      const year = readYear(text, currentYear, current);
      return year === undefined ? undefined : String(year);
    }
    default:
      return undefined;
  }
}

/** The questions of `flow` still open for these answers (no answer yet), in order. */
export function openQuestions(flow: Flow, answers: Record<string, string | number>): QuestionStep[] {
  return flow.steps.filter((s): s is QuestionStep => s.kind === 'question' && answers[s.field] === undefined);
}
