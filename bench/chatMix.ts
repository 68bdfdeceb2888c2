/**
 * The traffic of the load benchmark and the soak: many distinct web users, each holding one
 * short conversation, then the connection moves on to a new user. Eight users in nine ask
 * four policy questions each (by default the diverse set: every question of the evaluation
 * files in `test/fixtures/`, ≈ 1,050 distinct questions in Chinese and English, a quarter
 * of them out of scope); the ninth goes through the whole eligibility check to a confirmed lead
 * (random answers, a unique phone number), then asks a question or two. That makes about
 * 70 % questions and 30 % eligibility steps; 70 % of users write Chinese. The eligibility
 * mix ({@link ChatMix}) sends only users going through the check.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AutocannonRequestSpec } from 'autocannon';
import { PROJECT_ROOT } from '../src/config/projectRoot.js';

/** One `POST /api/chat` body without the user. */
export interface ChatTurn {
  text?: string;
  action?: string;
  lang: 'zh' | 'en';
  /** When set, the reply's text must contain one of these (checked by the soak). */
  expect?: string[];
  /** This turn confirms an application: a lead is created. */
  confirms?: boolean;
}

/** Distinct questions by language. */
export interface QuestionSet {
  zh: string[];
  en: string[];
  /** How many of them the content does not answer (expected to fall back). */
  outOfScope: number;
}

/**
 * Which questions: `diverse` (default) every distinct question of `test/fixtures/*-questions.jsonl`
 * and `holdout-eval.jsonl`; `holdout` only the 120 of `holdout-eval.jsonl` (the earlier
 * benchmarks' set, and the retrieval benchmark's).
 */
export type QuestionChoice = 'diverse' | 'holdout';

/** The traffic: `faq` (eight users in nine ask questions) or `eligibility` (every user goes through the check). */
export type ChatMix = 'faq' | 'eligibility';

/** Every Nth block of traffic is one user going through the eligibility check. */
export const ELIGIBILITY_EVERY = 3;
/** Questions a question-only user asks. */
const QUESTIONS_PER_USER = 4;

/**
 * The evaluation questions shipped with the tests, each distinct text once.
 *
 * @param which - see {@link QuestionChoice}; default `diverse`
 */
export function loadQuestions(which: QuestionChoice = 'diverse'): QuestionSet {
  const folder = path.join(PROJECT_ROOT, 'test', 'fixtures');
  const files = which === 'holdout' ? ['holdout-eval.jsonl'] : ['holdout-eval.jsonl', ...readdirSync(folder).filter((f) => f.endsWith('-questions.jsonl')).sort()];
  const set: QuestionSet = { zh: [], en: [], outOfScope: 0 };
  const seen = new Set<string>();
  for (const file of files) {
    for (const line of readFileSync(path.join(folder, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { lang: 'zh' | 'en'; q: string; expect?: { fallback?: boolean } };
      if (seen.has(row.q)) continue;
      seen.add(row.q);
      set[row.lang].push(row.q);
      if (row.expect?.fallback) set.outOfScope++;
    }
  }
  return set;
}

/** A small deterministic random generator (mulberry32), so runs send the same traffic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const INDUSTRIES = ['new_energy', 'new_materials', 'high_end_equipment', 'electronic_information', 'synthetic_biology', 'integrated_circuits', 'other'];
const DEGREES = ['phd', 'master', 'bachelor', 'other'];
const ROLES = ['founder', 'researcher', 'enterprise', 'student', 'other'];
const STAGES = ['idea', 'prototype', 'revenue'];
const CORE_TECH = ['patents', 'core_tech', 'none'];
const INTENTIONS = ['within_1y', 'later', 'undecided', 'no'];
const EVENTS = ['city_stations', 'overseas_session', 'gba_invitational', 'yrd_invitational', 'any'];
const NAMES = { zh: ['王五', '李雷', '韩梅梅', '张伟', '陈静'], en: ['Alex Chen', 'Maria Rossi', 'Sam Lee', 'Priya Nair'] };

/**
 * The conversation of user number `n` (deterministic in `n` and `seed`): four questions,
 * or the eligibility check from start to confirmation.
 *
 * @param n - the user's number in this run; also makes the phone number unique
 * @param questions - what question users ask
 * @param seed - varies the answers between runs
 * @param eligibility - go through the eligibility check instead of asking questions
 */
export function conversationFor(n: number, questions: QuestionSet, seed: number, eligibility: boolean): ChatTurn[] {
  const random = seededRandom(seed * 1_000_003 + n);
  const lang: 'zh' | 'en' = random() < 0.7 ? 'zh' : 'en';
  const ask = (): ChatTurn => ({ text: pick(random, questions[lang]), lang });
  if (!eligibility) return Array.from({ length: QUESTIONS_PER_USER }, ask);

  const intention = pick(random, INTENTIONS);
  const year = new Date().getFullYear() + 1;
  const turns: ChatTurn[] = [
    { action: 'flow:start:eligibility', lang, expect: ['隐私', 'privacy'] },
    { action: 'answer:consent:accept', lang },
    { action: `answer:industry:${pick(random, INDUSTRIES)}`, lang },
    { action: `answer:degree:${pick(random, DEGREES)}`, lang },
    { action: `answer:role:${pick(random, ROLES)}`, lang },
    { action: `answer:stage:${pick(random, STAGES)}`, lang },
    { action: `answer:core_tech:${pick(random, CORE_TECH)}`, lang },
    { text: String(1 + Math.floor(random() * 30)), lang },
    { text: random() < 0.5 ? (lang === 'zh' ? '有' : 'yes') : lang === 'zh' ? '没有' : 'no', lang },
    { action: `answer:intention:${intention}`, lang },
    ...(intention === 'within_1y' || intention === 'later' ? [{ text: String(year), lang }] : []),
    { action: `answer:event:${pick(random, EVENTS)}`, lang },
    { text: pick(random, NAMES[lang]), lang },
    { text: `139${String(n % 100_000_000).padStart(8, '0')}`, lang, expect: ['请核对', 'Please check'] },
    { action: 'flow:confirm', lang, expect: ['初步判断', 'First assessment'], confirms: true },
  ];
  return turns;
}

/** What the traffic saw, for the soak's checks. */
export interface MixCounters {
  users: number;
  turns: number;
  /** Confirmations answered 200 with an assessment: leads created. */
  leadsConfirmed: number;
  /** Replies that did not contain what the step expects (the conversation went astray). */
  unexpected: number;
  /** Non-200 answers, by status. */
  statuses: Record<string, number>;
  /** A few examples of unexpected replies. */
  examples: string[];
}

/**
 * Turns per connection loop. autocannon resets a connection's context after each pass over
 * the request list, so conversations are packed into blocks of exactly this many turns:
 * four question-only users, or one eligibility user topped up with questions.
 */
export const TURNS_PER_BLOCK = 16;

/** One turn of a block, with its user. */
export interface BlockTurn {
  user: string;
  turn: ChatTurn;
}

/**
 * Block number `b`: every {@link ELIGIBILITY_EVERY}th block (every block in the eligibility
 * mix) is one eligibility user, topped up with a question or two; the others four
 * question-only users. Users are numbered so that the numbers never repeat.
 */
export function blockFor(b: number, runId: string, questions: QuestionSet, seed = 1, mix: ChatMix = 'faq'): BlockTurn[] {
  const turns: BlockTurn[] = [];
  if (mix === 'eligibility' || b % ELIGIBILITY_EVERY === ELIGIBILITY_EVERY - 1) {
    const n = b * 4;
    const user = `${runId}-u${n}`;
    const conversation = conversationFor(n, questions, seed, true);
    const random = seededRandom(seed * 7919 + n);
    while (conversation.length < TURNS_PER_BLOCK) conversation.push({ text: pick(random, questions[conversation[0]!.lang]), lang: conversation[0]!.lang });
    for (const turn of conversation.slice(0, TURNS_PER_BLOCK)) turns.push({ user, turn });
  } else {
    for (let k = 0; k < 4; k++) {
      const n = b * 4 + k;
      for (const turn of conversationFor(n, questions, seed, false)) turns.push({ user: `${runId}-u${n}`, turn });
    }
  }
  return turns;
}

/**
 * The autocannon request list: each connection takes the next block of
 * {@link TURNS_PER_BLOCK} turns and sends them in order, so one user's turns are never
 * sent at the same time.
 *
 * @param runId - put in every user id, so runs against one store never share users
 * @param questions - see {@link loadQuestions}
 * @param check - also check replies against each step's `expect` (costs load-generator CPU)
 * @param mix - see {@link ChatMix}; default `faq`
 */
export function createChatRequests(runId: string, questions: QuestionSet, check = false, mix: ChatMix = 'faq'): { requests: AutocannonRequestSpec[]; counters: MixCounters } {
  const counters: MixCounters = { users: 0, turns: 0, leadsConfirmed: 0, unexpected: 0, statuses: {}, examples: [] };
  let nextBlock = 0;
  interface BlockState {
    turns: BlockTurn[];
    step: number;
    sent?: ChatTurn;
  }
  const blocks = new WeakMap<Record<string, unknown>, BlockState>();
  const spec: AutocannonRequestSpec = {
    method: 'POST',
    path: '/api/chat',
    headers: { 'content-type': 'application/json' },
    setupRequest(raw, context) {
      let block = blocks.get(context);
      if (!block || block.step >= block.turns.length) {
        block = { turns: blockFor(nextBlock++, runId, questions, 1, mix), step: 0 };
        counters.users += new Set(block.turns.map((t) => t.user)).size;
        blocks.set(context, block);
      }
      const { user, turn } = block.turns[block.step++]!;
      block.sent = turn;
      counters.turns++;
      const body: Record<string, string> = { user, lang: turn.lang };
      if (turn.text !== undefined) body.text = turn.text;
      else body.action = turn.action ?? '';
      return { ...raw, body: JSON.stringify(body) };
    },
    onResponse(status, body, context) {
      const turn = blocks.get(context)?.sent;
      if (status !== 200) {
        counters.statuses[status] = (counters.statuses[status] ?? 0) + 1;
        if (counters.examples.length < 5) counters.examples.push(`${status}: ${body.slice(0, 200)}`);
        return;
      }
      if (!check || !turn?.expect) return;
      if (!turn.expect.some((want) => body.includes(want))) {
        counters.unexpected++;
        if (counters.examples.length < 5) counters.examples.push(`after ${turn.action ?? turn.text}: ${body.slice(0, 200)}`);
      } else if (turn.confirms) {
        counters.leadsConfirmed++;
      }
    },
  };
  return { requests: Array.from({ length: TURNS_PER_BLOCK }, () => spec), counters };
}
