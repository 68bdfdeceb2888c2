/**
 * The inbox of unanswered questions. The engine records every fallback and low-confidence
 * answer ({@link InboxRecorder.record}); questions are stripped of personal data first, then
 * grouped with earlier ones of similar wording: the same normalised text, or sharing at
 * least half of their terms (Chinese character pairs, English words without plural endings
 * and filler words). Each group has its wordings with counts, a total count, first and last
 * seen, the topic retrieval guessed most often, what the bot answered (the entry or the
 * fallback, with the answer's opening words and how often), and a status staff set
 * (open → attached to an entry / new entry / saved to the regression set / dismissed).
 *
 * Append-only: each question is its own key (`admin:inbox:q:<time>:<random>`, kept
 * {@link INBOX_QUESTION_TTL_MS}), so recording is one small write whatever the inbox holds;
 * groups are built when staff read the inbox ({@link aggregateInbox}), and staff decisions
 * are one small document (`admin:inbox:status`). At most {@link MAX_GROUPS} groups are shown
 * (the least recently seen closed, then open, groups go first). An inbox of the older
 * one-document form (`admin:inbox`) is converted on first read.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import { silentLogger, type Logger } from '../../shared/logger.js';
import type { Language } from '../../shared/language.js';
import type { Store } from '../../store/contract.js';
import { stripPersonalData } from '../shared/stripPersonalData.js';
import { normaliseQuestion, questionTerms, similarity } from './questionTerms.js';

export { normaliseQuestion, questionTerms } from './questionTerms.js';

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
  /** The entry the bot answered with (a low-confidence answer); absent for the fallback. */
  entryId?: string;
  /** What the bot answered; its opening {@link ANSWER_EXCERPT_CHARS} characters are kept, stripped like the question. */
  answer?: string;
}

/** How much of an answer is kept with a question, in characters. */
export const ANSWER_EXCERPT_CHARS = 160;

/** What the bot answered the questions of a group: one entry (or the fallback, no entry), how often, and its opening words. */
export const inboxAnswerSchema = z.object({ entryId: z.string().optional(), text: z.string(), count: z.number().int() });
/** What the bot answered the questions of a group. */
export type InboxAnswer = z.infer<typeof inboxAnswerSchema>;

/**
 * Answers whose best entry covers less of the question than this are "low confidence" and
 * worth recording even though the bot answered (the retriever answers from 0.45 on).
 */
export const LOW_CONFIDENCE_COVERAGE = 0.6;

/** Records unanswered questions. Never throws: a failure is logged and the conversation goes on. */
export interface InboxRecorder {
  record(question: InboxQuestion): Promise<void>;
  /** Removes the recorded wordings that contain any of `values` (an erased person's name or contact); returns how many. */
  forget(values: readonly string[]): Promise<number>;
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
  /** What the bot answered, the most frequent first (questions recorded before this was kept have none). */
  answers: z.array(inboxAnswerSchema).default([]),
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

/** The inbox document of the older form, converted on first read. */
const LEGACY_KEY = 'admin:inbox';
/** Each recorded question is a key under this prefix. */
const QUESTION_PREFIX = 'admin:inbox:q:';
/** What staff decided about groups, by group id. */
const STATUS_KEY = 'admin:inbox:status';
/** How long a recorded question is kept: 180 days. */
export const INBOX_QUESTION_TTL_MS = 180 * 24 * 3600_000;
/** How many of the newest questions are grouped when the inbox is read. */
export const MAX_QUESTIONS_READ = 10_000;
/** Most groups kept. */
export const MAX_GROUPS = 500;
/** Most wordings kept per group. */
const MAX_WORDINGS = 20;
/** Share of terms two questions must have in common to share a group. */
const SIMILARITY = 0.5;

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
      answers: [],
      status: 'open',
    });
  }
  if (groups.length > MAX_GROUPS) {
    groups.sort((a, b) => Number(a.status === 'open') - Number(b.status === 'open') || a.lastSeen - b.lastSeen);
    groups.splice(0, groups.length - MAX_GROUPS);
  }
  return { version: 1, groups };
}

/** One recorded question, as stored (already stripped of personal data). */
export const inboxQuestionRecordSchema = z.object({
  text: z.string(),
  language: z.enum(['zh', 'en']),
  topic: z.string().optional(),
  fallback: z.boolean(),
  at: z.number(),
  entryId: z.string().optional(),
  /** The opening words of the bot's answer, stripped of personal data. */
  answer: z.string().optional(),
});
/** One recorded question, as stored. */
export type InboxQuestionRecord = z.infer<typeof inboxQuestionRecordSchema>;

const decisionSchema = z.object({
  status: inboxStatusSchema,
  resolution: z.string().optional(),
  resolvedBy: z.string().optional(),
  resolvedAt: z.number().optional(),
});
const decisionsSchema = z.record(z.string(), decisionSchema);
type Decisions = z.infer<typeof decisionsSchema>;

/**
 * Groups recorded questions, oldest first, the way {@link addToInbox} does one at a time, in
 * one pass: an exact wording finds its group through a map and similar wordings through an
 * index of terms, so reading thousands of questions stays fast.
 *
 * @param records - the questions, in any order
 * @param decisions - staff decisions by group id
 */
export function aggregateInbox(records: readonly InboxQuestionRecord[], decisions: Readonly<Decisions> = {}): InboxGroup[] {
  const groups: InboxGroup[] = [];
  const byKey = new Map<string, InboxGroup>();
  const byTerm = new Map<string, Set<InboxGroup>>();
  const index = (group: InboxGroup, terms: readonly string[]) => {
    for (const term of terms) {
      const set = byTerm.get(`${group.language}\0${term}`) ?? new Set<InboxGroup>();
      set.add(group);
      byTerm.set(`${group.language}\0${term}`, set);
    }
  };
  const ids = new Set<string>();
  for (const record of [...records].sort((a, b) => a.at - b.at)) {
    const key = normaliseQuestion(record.text);
    if (!key) continue;
    const terms = questionTerms(record.text);
    let group = byKey.get(`${record.language}\0${key}`);
    if (!group) {
      const shared = new Map<InboxGroup, number>();
      for (const term of terms) for (const g of byTerm.get(`${record.language}\0${term}`) ?? []) shared.set(g, (shared.get(g) ?? 0) + 1);
      let best = 0;
      for (const [g, n] of shared) {
        const score = n / (g.terms.length + terms.length - n);
        if (score >= SIMILARITY && score > best) [group, best] = [g, score];
      }
    }
    if (group) {
      const wording = group.wordings.find((w) => normaliseQuestion(w.text) === key);
      if (wording) Object.assign(wording, { count: wording.count + 1, lastSeen: record.at });
      else group.wordings.push({ text: record.text, count: 1, lastSeen: record.at });
      group.count += 1;
      group.fallbacks += record.fallback ? 1 : 0;
      group.lastSeen = record.at;
      if (record.topic) group.topics[record.topic] = (group.topics[record.topic] ?? 0) + 1;
      countAnswer(group, record);
      const added = terms.filter((t) => !group!.terms.includes(t));
      if (added.length && group.terms.length < 200) {
        group.terms = [...group.terms, ...added].sort().slice(0, 200);
        index(group, added);
      }
    } else {
      const hash = createHash('sha256').update(`${record.language}\0${key}`).digest('hex').slice(0, 12);
      const id = ids.has(hash) ? `${hash}-${record.at.toString(36)}` : hash;
      ids.add(id);
      group = {
        id,
        language: record.language,
        key,
        terms,
        wordings: [{ text: record.text, count: 1, lastSeen: record.at }],
        count: 1,
        fallbacks: record.fallback ? 1 : 0,
        firstSeen: record.at,
        lastSeen: record.at,
        topics: record.topic ? { [record.topic]: 1 } : {},
        answers: [],
        status: 'open',
      };
      countAnswer(group, record);
      groups.push(group);
      index(group, terms);
    }
    byKey.set(`${record.language}\0${key}`, group);
  }
  for (const group of groups) {
    group.wordings.sort((a, b) => b.count - a.count || b.lastSeen - a.lastSeen);
    group.wordings = group.wordings.slice(0, MAX_WORDINGS);
    group.answers.sort((a, b) => b.count - a.count);
    Object.assign(group, decisions[group.id] ?? {});
  }
  if (groups.length > MAX_GROUPS) {
    groups.sort((a, b) => Number(a.status === 'open') - Number(b.status === 'open') || a.lastSeen - b.lastSeen);
    groups.splice(0, groups.length - MAX_GROUPS);
  }
  return groups;
}

/** Counts what the bot answered a record into its group: the latest wording of an answer is kept. */
function countAnswer(group: InboxGroup, record: InboxQuestionRecord): void {
  if (record.answer === undefined) return;
  const found = group.answers.find((a) => a.entryId === record.entryId);
  if (found) Object.assign(found, { count: found.count + 1, text: record.answer });
  else group.answers.push({ ...(record.entryId ? { entryId: record.entryId } : {}), text: record.answer, count: 1 });
}

/** A new question key: time first (base 36, fixed width), then randomness. */
function questionKey(now: number): string {
  return `${QUESTION_PREFIX}${Math.max(0, now).toString(36).padStart(10, '0')}:${randomBytes(6).toString('hex')}`;
}

/** The stored questions, newest {@link MAX_QUESTIONS_READ}, with their keys. */
async function readQuestions(store: Store): Promise<Array<{ key: string; record: InboxQuestionRecord }>> {
  const found: Array<{ key: string; record: InboxQuestionRecord }> = [];
  for (const { key, value } of await store.state.listPrefix(QUESTION_PREFIX)) {
    const parsed = inboxQuestionRecordSchema.safeParse(value);
    if (parsed.success) found.push({ key, record: parsed.data });
  }
  return found.sort((a, b) => b.record.at - a.record.at).slice(0, MAX_QUESTIONS_READ);
}

/**
 * Converts an inbox of the older one-document form into recorded questions and decisions
 * (each wording once per count, at most {@link MAX_WORDINGS} times), then removes it.
 */
async function convertLegacyInbox(store: Store): Promise<void> {
  const legacy = await store.state.get(LEGACY_KEY);
  if (legacy === undefined) return;
  const doc = readInbox(legacy);
  const decisions: Decisions = {};
  for (const group of doc.groups) {
    for (const wording of group.wordings) {
      for (let i = 0; i < Math.min(wording.count, MAX_WORDINGS); i++) {
        const at = i === 0 && wording === group.wordings[0] ? group.firstSeen : wording.lastSeen;
        await store.state.set(questionKey(at), { text: wording.text, language: group.language, fallback: group.fallbacks > 0, at }, { ttlMs: INBOX_QUESTION_TTL_MS });
      }
    }
    if (group.status !== 'open') {
      decisions[group.id] = { status: group.status, ...(group.resolution !== undefined ? { resolution: group.resolution } : {}), ...(group.resolvedBy ? { resolvedBy: group.resolvedBy } : {}), ...(group.resolvedAt ? { resolvedAt: group.resolvedAt } : {}) };
    }
  }
  await store.state.update(STATUS_KEY, (current) => ({ action: 'set', value: { ...decisions, ...readDecisions(current) } }));
  await store.state.delete(LEGACY_KEY);
}

function readDecisions(value: unknown): Decisions {
  const parsed = decisionsSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}

/**
 * Creates the recorder the engine calls.
 *
 * @param store - where the inbox is kept
 * @param clock - stamps questions
 * @param logger - where failures are logged (they never reach the conversation)
 */
export function createInboxRecorder(store: Store, clock: Clock, logger: Logger = silentLogger): InboxRecorder {
  return {
    async record(question) {
      try {
        const text = stripPersonalData(question.question);
        if (!normaliseQuestion(text)) return;
        const now = clock.now();
        const record: InboxQuestionRecord = {
          text,
          language: question.language,
          fallback: question.fallback,
          at: now,
          ...(question.topic ? { topic: question.topic } : {}),
          ...(question.entryId && !question.fallback ? { entryId: question.entryId } : {}),
          ...(question.answer ? { answer: stripPersonalData(question.answer, ANSWER_EXCERPT_CHARS) } : {}),
        };
        await store.state.set(questionKey(now), record, { ttlMs: INBOX_QUESTION_TTL_MS });
      } catch (error) {
        logger.warn({ err: error }, 'could not record an unanswered question in the inbox');
      }
    },
    async forget(values) {
      const needles = values.map((v) => v.normalize('NFKC').toLowerCase()).filter((v) => v.length > 0);
      if (needles.length === 0) return 0;
      await convertLegacyInbox(store);
      let removed = 0;
      for (const { key, value } of await store.state.listPrefix(QUESTION_PREFIX)) {
        const parsed = inboxQuestionRecordSchema.safeParse(value);
        const text = parsed.success ? `${parsed.data.text}\n${parsed.data.answer ?? ''}`.normalize('NFKC').toLowerCase() : '';
        if (needles.some((n) => text.includes(n))) {
          await store.state.delete(key);
          removed += 1;
        }
      }
      return removed;
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
  const groups = async () => {
    await convertLegacyInbox(store);
    const [questions, decisions] = await Promise.all([readQuestions(store), store.state.get(STATUS_KEY)]);
    return aggregateInbox(
      questions.map((q) => q.record),
      readDecisions(decisions),
    );
  };
  return {
    async list() {
      return (await groups()).sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || b.count - a.count || b.lastSeen - a.lastSeen);
    },
    async get(id) {
      return (await groups()).find((g) => g.id === id);
    },
    async resolve(id, status, by, resolution) {
      if (!(await groups()).some((g) => g.id === id)) return false;
      const now = clock.now();
      await store.state.update(STATUS_KEY, (current) => ({
        action: 'set',
        value: { ...readDecisions(current), [id]: { status, ...(resolution !== undefined ? { resolution } : {}), resolvedBy: by, resolvedAt: now } },
      }));
      return true;
    },
  };
}

/** The topic retrieval guessed most often for a group. */
export function likelyTopic(group: InboxGroup): string | undefined {
  return Object.entries(group.topics).sort((a, b) => b[1] - a[1])[0]?.[0];
}
