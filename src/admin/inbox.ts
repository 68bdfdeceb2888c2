/**
 * The inbox of unanswered questions. The engine records every fallback and low-confidence
 * answer ({@link InboxRecorder.record}); questions are stripped of personal data first, then
 * grouped with earlier ones of similar wording: the same normalised text, or sharing at
 * least half of their terms (Chinese character pairs, English words without plural endings
 * and filler words). Each group has its wordings with counts, a total count, first and last
 * seen, the topic retrieval guessed most often, and a status staff set
 * (open → attached to an entry / new entry / saved to the regression set / dismissed).
 *
 * One document in the state store (`admin:inbox`), changed atomically; at most
 * {@link MAX_GROUPS} groups (the least recently seen closed, then open, groups go first).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../core/clock.js';
import { silentLogger, type Logger } from '../core/logger.js';
import type { Language } from '../knowledge/schema.js';
import type { Store } from '../store/contract.js';
import { stripPersonalData } from './stripPersonalData.js';

/** What the engine reports. */
export interface InboxQuestion {
  /** The question as typed; personal data is removed before anything is stored. */
  question: string;
  language: Language;
  /** The topic the bot answered with, or retrieval's best guess for a fallback (a hint for staff). */
  topic?: string;
  /** True when the bot gave the fallback. */
  fallback: boolean;
  /** How much of the question the best entry covered (0–1), when known. */
  coverage?: number;
}

/**
 * Answers whose best entry covers less of the question than this are "low confidence" and
 * worth recording even though the bot answered (the retriever answers from 0.45 on).
 */
export const LOW_CONFIDENCE_COVERAGE = 0.6;

/** Records unanswered questions. Never throws: a failure is logged and the conversation goes on. */
export interface InboxRecorder {
  record(question: InboxQuestion): Promise<void>;
}

/** The status of a group. */
export const inboxStatusSchema = z.enum(['open', 'attached', 'new_entry', 'saved', 'dismissed']);
/** The status of a group. */
export type InboxStatus = z.infer<typeof inboxStatusSchema>;

const wordingSchema = z.object({ text: z.string(), count: z.number().int(), lastSeen: z.number() });
/** A group of similar questions. */
export const inboxGroupSchema = z.object({
  id: z.string(),
  language: z.enum(['zh', 'en']),
  /** Normalised text of the first wording. */
  key: z.string(),
  terms: z.array(z.string()),
  wordings: z.array(wordingSchema),
  count: z.number().int(),
  fallbacks: z.number().int(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  topics: z.record(z.string(), z.number().int()).default({}),
  status: inboxStatusSchema.default('open'),
  /** What staff did: the entry slug, the saved topic. */
  resolution: z.string().optional(),
  resolvedBy: z.string().optional(),
  resolvedAt: z.number().optional(),
});
/** A group of similar questions. */
export type InboxGroup = z.infer<typeof inboxGroupSchema>;

const documentSchema = z.object({ version: z.literal(1), groups: z.array(inboxGroupSchema) });
type InboxDocument = z.infer<typeof documentSchema>;

const KEY = 'admin:inbox';
/** Most groups kept. */
export const MAX_GROUPS = 500;
/** Most wordings kept per group. */
const MAX_WORDINGS = 20;
/** Share of terms two questions must have in common to share a group. */
const SIMILARITY = 0.5;

const EN_FILLER = new Set(
  'a an the is are was be do does did i you we my me your it its of to in on for at by and or can could would will there any how what which who when where why please about with get'.split(' '),
);
const ZH_FILLER = /[的了吗呢吧啊呀么嘛哦请问我你您们是有在和与及或]/gu;

/** Lower case, full-width folded, punctuation and spaces removed. */
export function normaliseQuestion(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}[\]]+/gu, '');
}

/** The terms grouping compares: Chinese character pairs and English words. */
export function questionTerms(text: string): string[] {
  const terms = new Set<string>();
  const lower = text.normalize('NFKC').toLowerCase().replace(/\[[a-z]+\]/g, ' ');
  for (const run of lower.match(/\p{Script=Han}+/gu) ?? []) {
    const chars = [...run.replace(ZH_FILLER, '')];
    if (chars.length === 1) terms.add(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) terms.add(chars[i]! + chars[i + 1]!);
  }
  for (const word of lower.match(/[a-z0-9]+/g) ?? []) {
    if (EN_FILLER.has(word)) continue;
    terms.add(word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word);
  }
  return [...terms].sort();
}

function similarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const set = new Set(a);
  const shared = b.filter((t) => set.has(t)).length;
  return shared / (a.length + b.length - shared);
}

/** Reads the inbox document. */
export function readInbox(value: unknown): InboxDocument {
  return value === undefined ? { version: 1, groups: [] } : documentSchema.parse(value);
}

/** Adds one question to the inbox document (pure; exported for tests). */
export function addToInbox(doc: InboxDocument, question: InboxQuestion, now: number): InboxDocument {
  const text = stripPersonalData(question.question);
  const key = normaliseQuestion(text);
  if (!key) return doc;
  const terms = questionTerms(text);
  const groups = doc.groups.map((g) => ({ ...g }));
  let best: { group: InboxGroup; score: number } | undefined;
  for (const group of groups) {
    if (group.language !== question.language) continue;
    const score = group.key === key || group.wordings.some((w) => normaliseQuestion(w.text) === key) ? 1 : similarity(group.terms, terms);
    if (score >= SIMILARITY && (!best || score > best.score)) best = { group, score };
  }
  const topics = (g: InboxGroup) => (question.topic ? { ...g.topics, [question.topic]: (g.topics[question.topic] ?? 0) + 1 } : g.topics);
  if (best) {
    const g = best.group;
    const wordings = g.wordings.map((w) => (normaliseQuestion(w.text) === key ? { ...w, count: w.count + 1, lastSeen: now } : w));
    if (!wordings.some((w) => normaliseQuestion(w.text) === key)) wordings.push({ text, count: 1, lastSeen: now });
    wordings.sort((a, b) => b.count - a.count || b.lastSeen - a.lastSeen);
    Object.assign(g, {
      wordings: wordings.slice(0, MAX_WORDINGS),
      count: g.count + 1,
      fallbacks: g.fallbacks + (question.fallback ? 1 : 0),
      lastSeen: now,
      topics: topics(g),
      terms: [...new Set([...g.terms, ...terms])].sort().slice(0, 200),
    });
  } else {
    const id = createHash('sha256').update(`${question.language}\0${key}`).digest('hex').slice(0, 12);
    groups.push({
      id: groups.some((g) => g.id === id) ? `${id}-${now.toString(36)}` : id,
      language: question.language,
      key,
      terms,
      wordings: [{ text, count: 1, lastSeen: now }],
      count: 1,
      fallbacks: question.fallback ? 1 : 0,
      firstSeen: now,
      lastSeen: now,
      topics: question.topic ? { [question.topic]: 1 } : {},
      status: 'open',
    });
  }
  if (groups.length > MAX_GROUPS) {
    groups.sort((a, b) => Number(a.status === 'open') - Number(b.status === 'open') || a.lastSeen - b.lastSeen);
    groups.splice(0, groups.length - MAX_GROUPS);
  }
  return { version: 1, groups };
}

/**
 * Creates the recorder the engine calls.
 *
 * @param store - where the inbox is kept
 * @param clock - stamps counts
 * @param logger - where failures are logged (they never reach the conversation)
 */
export function createInboxRecorder(store: Store, clock: Clock, logger: Logger = silentLogger): InboxRecorder {
  return {
    async record(question) {
      try {
        if (!question.question.trim()) return;
        const now = clock.now();
        await store.state.update(KEY, (current) => ({ action: 'set', value: addToInbox(readInbox(current), question, now) }));
      } catch (error) {
        logger.warn({ err: error }, 'could not record an unanswered question in the inbox');
      }
    },
  };
}

/** What the console does with the inbox. */
export interface Inbox {
  list(): Promise<InboxGroup[]>;
  get(id: string): Promise<InboxGroup | undefined>;
  /** Sets a group's status; false when there is no such group. */
  resolve(id: string, status: InboxStatus, by: string, resolution?: string): Promise<boolean>;
}

/** The console's view of the inbox. */
export function createInbox(store: Store, clock: Clock): Inbox {
  return {
    async list() {
      return readInbox(await store.state.get(KEY)).groups.sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || b.count - a.count || b.lastSeen - a.lastSeen);
    },
    async get(id) {
      return readInbox(await store.state.get(KEY)).groups.find((g) => g.id === id);
    },
    async resolve(id, status, by, resolution) {
      const now = clock.now();
      return (await store.state.update(KEY, (current) => {
        const doc = readInbox(current);
        const group = doc.groups.find((g) => g.id === id);
        if (!group) return { action: 'keep', result: false };
        const groups = doc.groups.map((g) =>
          g.id === id ? { ...g, status, ...(resolution !== undefined ? { resolution } : {}), resolvedBy: by, resolvedAt: now } : g,
        );
        return { action: 'set', value: { version: 1, groups }, result: true };
      })) as boolean;
    },
  };
}

/** The topic retrieval guessed most often for a group. */
export function likelyTopic(group: InboxGroup): string | undefined {
  return Object.entries(group.topics).sort((a, b) => b[1] - a[1])[0]?.[0];
}
