/**
 * Scores the bot against an evaluation file in the format of `shared/eval/TOPICS.md`:
 * one JSON object per line with the question, its language, what is expected (a topic or
 * the fallback), strings the answer must contain and patterns it must not match.
 * The CLI (`npm run eval`) and the test suite use it.
 */
import { z } from 'zod';
import { parseJsonLines } from './readJsonLines.js';
import type { Reply } from '../core/messages.js';
import { languageSchema, type Language } from '../shared/language.js';
import { checkReplyLanguage } from './checkReplyLanguage.js';
import { forbidPatternSchema } from './patternSchema.js';

/** One evaluation question. */
export const evalCaseSchema = z.object({
  id: z.string().min(1),
  lang: languageSchema,
  q: z.string().min(1),
  expect: z.union([
    z.object({ topic: z.string().min(1) }).strict(),
    z.object({ fallback: z.literal(true) }).strict(),
  ]),
  require: z.array(z.string()).default([]),
  forbid: z.array(forbidPatternSchema).default([]),
});
/** One evaluation question. */
export type EvalCase = z.infer<typeof evalCaseSchema>;

/** The verdict on one question. */
export interface EvalResult {
  id: string;
  lang: Language;
  question: string;
  pass: boolean;
  /** Why it failed; empty when it passed. */
  reasons: string[];
  /** The topic of the answer's first source, or null for the fallback. */
  answeredTopic: string | null;
  /** The entry of the answer's first source (`housing-subsidy.zh`), or null for the fallback. */
  answeredEntry: string | null;
  /** The opening of what the bot answered (at most 200 characters). */
  answer: string;
  fallback: boolean;
  /** Whether the question expected the fallback. */
  expectedFallback: boolean;
  /** The topic the question expected, or null when it expected the fallback. */
  expectedTopic: string | null;
  /** The `require` strings the answer lacks. */
  missing: string[];
  /** How many replies were not in the question's language. */
  wrongLanguage: number;
  /** How many `forbid` patterns the answer matched. */
  forbiddenMatches: number;
}

/** Accuracy of a group of questions. */
export interface Accuracy {
  passed: number;
  total: number;
  accuracy: number;
}

/** The whole evaluation. */
export interface EvalReport {
  results: EvalResult[];
  overall: Accuracy;
  byLanguage: Record<Language, Accuracy>;
  /** Of the questions the bot answered with the fallback, the share that expected it. */
  fallbackPrecision: Accuracy;
  /** Of the questions that expected the fallback, the share that got it. */
  fallbackRecall: Accuracy;
  /** Replies not in their question's language, over all questions. */
  wrongLanguageReplies: number;
  /** Matches of `forbid` patterns (forbidden figures), over all questions. */
  forbiddenFigures: number;
}

/**
 * Parses an evaluation file.
 *
 * @param text - the JSON Lines text
 * @param label - the file name, for error messages
 * @throws InputError naming the line at fault
 */
export function parseEvalFile(text: string, label: string): EvalCase[] {
  return parseJsonLines(text, label, () => evalCaseSchema);
}

/** Judges one question's replies. */
export function judgeCase(testCase: EvalCase, replies: readonly Reply[]): EvalResult {
  const first = replies.find((r) => r.sources.length > 0 || r.fallback) ?? replies[0];
  const fallback = replies.some((r) => r.fallback);
  const answeredTopic = fallback ? null : (first?.sources[0]?.topic ?? null);
  const answeredEntry = fallback ? null : (first?.sources[0]?.id ?? null);
  const text = replies.map((r) => r.text).join('\n');
  const missing = testCase.require.filter((needle) => !text.includes(needle));
  const reasons: string[] = [];
  if ('topic' in testCase.expect) {
    if (fallback) reasons.push(`expected topic ${testCase.expect.topic}, got the fallback`);
    else if (answeredTopic !== testCase.expect.topic) reasons.push(`expected topic ${testCase.expect.topic}, got ${answeredTopic ?? 'no source'}`);
  } else {
    if (!fallback) reasons.push(`expected the fallback, got topic ${answeredTopic ?? 'no source'}`);
    if (replies.some((r) => r.sources.length > 0)) reasons.push('the fallback claims a knowledge entry');
  }
  for (const needle of missing) reasons.push(`answer lacks "${needle}"`);
  const forbidden = testCase.forbid.filter((pattern) => new RegExp(pattern, 'u').test(text));
  for (const pattern of forbidden) reasons.push(`answer matches forbidden /${pattern}/`);
  const language = checkReplyLanguage(replies, testCase.lang);
  reasons.push(...language);
  return {
    id: testCase.id,
    lang: testCase.lang,
    question: testCase.q,
    pass: reasons.length === 0,
    reasons,
    answeredTopic,
    answeredEntry,
    answer: (first?.text ?? '').slice(0, 200),
    fallback,
    expectedFallback: 'fallback' in testCase.expect,
    expectedTopic: 'topic' in testCase.expect ? testCase.expect.topic : null,
    missing,
    wrongLanguage: language.length,
    forbiddenMatches: forbidden.length,
  };
}

/** The share of passed results. */
export function accuracyOf(results: ReadonlyArray<{ pass: boolean }>): Accuracy {
  const passed = results.filter((r) => r.pass).length;
  return { passed, total: results.length, accuracy: results.length ? passed / results.length : 1 };
}

/**
 * Summarises verdicts — of one file, or of several files together.
 *
 * @param results - the verdicts, in order
 */
export function summarizeQuestions(results: readonly EvalResult[]): EvalReport {
  const gaveFallback = results.filter((r) => r.fallback);
  const precise = gaveFallback.filter((r) => r.expectedFallback).length;
  const expected = results.filter((r) => r.expectedFallback);
  const recalled = expected.filter((r) => r.fallback).length;
  return {
    results: [...results],
    overall: accuracyOf(results),
    byLanguage: { zh: accuracyOf(results.filter((r) => r.lang === 'zh')), en: accuracyOf(results.filter((r) => r.lang === 'en')) },
    fallbackPrecision: { passed: precise, total: gaveFallback.length, accuracy: gaveFallback.length ? precise / gaveFallback.length : 1 },
    fallbackRecall: { passed: recalled, total: expected.length, accuracy: expected.length ? recalled / expected.length : 1 },
    wrongLanguageReplies: results.reduce((n, r) => n + r.wrongLanguage, 0),
    forbiddenFigures: results.reduce((n, r) => n + r.forbiddenMatches, 0),
  };
}

/**
 * Asks every question and scores the answers.
 *
 * @param cases - the questions
 * @param ask - asks the bot one question, in a fresh conversation, and returns its replies
 */
export async function evaluate(cases: readonly EvalCase[], ask: (testCase: EvalCase) => Promise<Reply[]>): Promise<EvalReport> {
  const results: EvalResult[] = [];
  for (const testCase of cases) results.push(judgeCase(testCase, await ask(testCase)));
  return summarizeQuestions(results);
}
