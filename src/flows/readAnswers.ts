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
import { conditionFields } from './evaluateCondition.js';
import { containsWord, isLatinWordChar, normalisedWord, plainText } from './plainText.js';
import { readNumber, readYear } from './readNumbers.js';
import { createPinyinReader, type PinyinReader } from '../knowledge/readPinyin.js';

/**
 * How strongly `text` names `choice`: its longest word found counts most ("never lived
 * abroad" beats "abroad"), the number of its words found breaks ties; 0 for none.
 */
function choiceStrength(choice: Choice, text: string, current: boolean): { strength: number; first: number } {
  const words = current ? [choice.label.zh, choice.label.en, ...choice.aliases, ...choice.keywords] : choice.keywords;
  let longest = 0;
  let found = 0;
  let first = Number.POSITIVE_INFINITY;
  for (const word of words) {
    if (!containsWord(text, word)) continue;
    const at = firstUnnegated(text, normalisedWord(word));
    if (at < 0) continue;
    longest = Math.max(longest, [...normalisedWord(word)].length);
    found += 1;
    first = Math.min(first, at);
  }
  for (const pattern of compiledPatterns(choice)) {
    const match = pattern.exec(text);
    if (!match) continue;
    longest = Math.max(longest, [...match[0]].length);
    found += 1;
    first = Math.min(first, match.index);
  }
  return { strength: longest === 0 ? 0 : longest * 100 + found, first };
}

/** Words that deny what follows them ("no revenue", "not a founder", "I quit the PhD", "还没有营收", "不是老板"); one word may come between in English ("no real revenue"). */
const NEGATED = /(?:(?<![\p{L}\p{N}'])(?:no|not|without|zero|never|nor|quit|dropped out of|dropped|abandoned|didn't finish|did not finish|never finished)\s+(?:[\p{L}'-]+\s+)?|(?:没有|没|无|暂无|尚无|未|不是|并非|不太|不怎么|不大|不)\s*)$/u;

/**
 * Where `word` first occurs in `text` without a denial right before it, or -1: "a sample, no
 * revenue" names no revenue. A word that holds its own denial ("no patents") is found as usual.
 */
function firstUnnegated(text: string, word: string): number {
  const han = /\p{Script=Han}/u.test(word);
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const whole = han || (!isLatinWordChar(text[at - 1] ?? ' ') && !isLatinWordChar(text[at + word.length] ?? ' '));
    if (whole && !NEGATED.test(text.slice(Math.max(0, at - 24), at))) return at;
  }
  return -1;
}

const patternCache = new WeakMap<Choice, RegExp[]>();

/** A choice's patterns, compiled once per loaded flow. */
function compiledPatterns(choice: Choice): RegExp[] {
  let compiled = patternCache.get(choice);
  if (!compiled) {
    compiled = choice.patterns.map((source) => new RegExp(source, 'iu'));
    patternCache.set(choice, compiled);
  }
  return compiled;
}

const pinyinReaders = new WeakMap<QuestionStep, PinyinReader>();

/**
 * The text with pinyin typed for a choice's Chinese words added in characters ("boshi，在德国读的"
 * → "… 博士"), read against the step's own words only.
 */
function withPinyinRead(step: QuestionStep, plain: string): string {
  const latin = plain.match(/[a-z]+/g);
  if (!latin || step.validate.type !== 'choice') return plain;
  let reader = pinyinReaders.get(step);
  if (!reader) {
    const words = step.validate.choices.flatMap((c) => [c.label.zh, ...c.aliases, ...c.keywords]).filter((w) => /^\p{Script=Han}{2,6}$/u.test(w));
    reader = createPinyinReader(new Map(words.map((w) => [w, w])));
    pinyinReaders.set(step, reader);
  }
  const read = reader(latin).map((r) => r.word);
  return read.length ? `${plain} ${read.join(' ')}` : plain;
}

/** The choice a sentence names, or undefined when none or two equally strong ones do. */
export function readChoice(step: QuestionStep, text: string, current: boolean, allowOtherwise = true): Choice | undefined {
  const validator = step.validate;
  if (validator.type !== 'choice') return undefined;
  const plain = withPinyinRead(step, plainText(text));
  let scored = validator.choices.map((choice) => ({ choice, ...choiceStrength(choice, plain, current) })).filter((s) => s.strength > 0);
  if (scored.some((s) => !s.choice.yields)) scored = scored.filter((s) => !s.choice.yields);
  if (scored.length === 0) return current && allowOtherwise && validator.otherwise && isDescription(plain) ? validator.choices.find((c) => c.id === validator.otherwise) : undefined;
  if (validator.prefer === 'first') return scored[0]!.choice;
  // Equally strong: what is said first is the answer ("已经有样机了，正在找客户试用" → prototype).
  scored.sort((a, b) => b.strength - a.strength || a.first - b.first);
  if (scored.length > 1 && scored[0]!.strength === scored[1]!.strength && scored[0]!.first === scored[1]!.first) return undefined;
  return scored[0]!.choice;
}

/** A short statement that could describe a field ("生物医药，做抗体药的"), not a question or a single character. */
function isDescription(plain: string): boolean {
  const compact = plain.replace(/[\s\p{P}]/gu, '');
  return (
    [...compact].length >= 2 &&
    [...compact].length <= 120 &&
    !/[?？吗呢]$|什么|怎么|多少|哪|\b(?:what|how|which|why|when|where)\b/u.test(plain) &&
    !/不知道|不清楚|不确定|不懂|不明白|没想好|说不好|不好说|难讲|难说|不好讲|讲唔清|你猜|随便|hard to (?:say|explain|describe)|difficult to (?:say|explain)|\bnot sure\b|don'?t know|no idea|\bhmm+\b|what do you mean|\bidk\b|\bdunno\b/u.test(plain)
  );
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
 * @param soonYear - the year half a year from now ("三个月内")
 * @param allowOtherwise - whether a statement that names no choice may mean the question's `otherwise` choice (off when a model reads it first)
 * @returns typed answers by field (a choice id, a number, a year), to be validated by each step
 */
export function readAnswers(steps: readonly QuestionStep[], text: string, currentStepId: string | undefined, currentYear: number, allowOtherwise = true, soonYear = currentYear): ReadValues {
  const values: ReadValues = {};
  const asked = steps.find((s) => s.id === currentStepId);
  for (const step of steps) {
    const current = step.id === currentStepId;
    // A question that follows from the one asked (its `when` names it) needs no context words.
    const follows = asked !== undefined && step.when !== undefined && conditionFields(step.when).includes(asked.field);
    const value = readStep(step, text, current, currentYear, allowOtherwise, follows, soonYear);
    if (value !== undefined) values[step.field] = value;
  }
  impliedByYear(steps, values, currentYear);
  return values;
}

/** A choice a year read from the same message means (`yearsAhead`), for a question the message left open. */
function impliedByYear(steps: readonly QuestionStep[], values: ReadValues, currentYear: number): void {
  const year = steps.find((s) => s.validate.type === 'year' && values[s.field] !== undefined);
  if (!year) return;
  const ahead = Number(values[year.field]) - currentYear;
  for (const step of steps) {
    if (step.validate.type !== 'choice' || values[step.field] !== undefined) continue;
    const meant = step.validate.choices.find((c) => c.yearsAhead && ahead >= c.yearsAhead[0] && ahead <= c.yearsAhead[1]);
    if (meant) values[step.field] = meant.id;
  }
}

function readStep(step: QuestionStep, text: string, current: boolean, currentYear: number, allowOtherwise: boolean, follows: boolean, soonYear: number): string | undefined {
  if (!current && !follows && 'contextWords' in step.validate && step.validate.contextWords.length > 0) {
    const plain = plainText(text);
    if (!step.validate.contextWords.some((w) => containsWord(plain, w))) return undefined;
  }
  switch (step.validate.type) {
    case 'choice':
      return readChoice(step, text, current, allowOtherwise)?.id;
    case 'integer': {
      const n = readNumber(text, current);
      return n === undefined ? undefined : String(n);
    }
    case 'year': {
      const year = readYear(text, currentYear, current, soonYear);
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
