/**
 * The ratings of answers (👍 / 👎) the engine records, and their counts per entry for the
 * console. Each rating is its own key (`admin:feedback:<time>:<random>`, kept
 * {@link FEEDBACK_TTL_MS}), so recording is one small write; counts are built when staff read
 * them. A record holds the question with personal data stripped, the entry id, the channel,
 * the rating and the time — no user id. Stored records carry a `version`.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import type { AnswerFeedbackRecorder } from '../../core/engine.js';
import { answerFeedbackSchema } from '../../core/answerFeedback.js';
import { silentLogger, type Logger } from '../../shared/logger.js';
import type { Store } from '../../store/contract.js';
import { stripPersonalData } from '../shared/stripPersonalData.js';

/** The prefix of every rating's key. */
export const FEEDBACK_PREFIX = 'admin:feedback:';
/** How long a rating is kept: one year. */
export const FEEDBACK_TTL_MS = 365 * 24 * 3600_000;
/** The current version of a stored rating. */
export const FEEDBACK_RECORD_VERSION = 1;

/** A stored rating, version 1. */
export const feedbackRecordSchema = answerFeedbackSchema.extend({ version: z.literal(FEEDBACK_RECORD_VERSION) });
/** A stored rating. */
export type FeedbackRecord = z.infer<typeof feedbackRecordSchema>;

/** The ratings of one entry. */
export interface EntryFeedbackCount {
  entryId: string;
  up: number;
  down: number;
  /** When it was last rated, epoch milliseconds. */
  lastAt: number;
}

/**
 * Creates the recorder the engine calls.
 *
 * @param store - where ratings are kept
 * @param clock - for the keys' order
 * @param logger - where failures are logged (they never reach the conversation)
 */
export function createAnswerFeedbackRecorder(store: Store, clock: Clock, logger: Logger = silentLogger): AnswerFeedbackRecorder {
  return {
    async record(feedback) {
      try {
        const record: FeedbackRecord = { version: FEEDBACK_RECORD_VERSION, ...feedback, question: stripPersonalData(feedback.question) };
        const key = `${FEEDBACK_PREFIX}${String(clock.now()).padStart(15, '0')}:${randomBytes(6).toString('hex')}`;
        await store.state.set(key, record, { ttlMs: FEEDBACK_TTL_MS });
      } catch (error) {
        logger.warn({ err: error }, 'could not record the rating of an answer');
      }
    },
    async forget(values) {
      const needles = values.map((v) => v.normalize('NFKC').toLowerCase()).filter((v) => v.length > 0);
      if (needles.length === 0) return 0;
      let removed = 0;
      for (const { key, value } of await store.state.listPrefix(FEEDBACK_PREFIX)) {
        const parsed = feedbackRecordSchema.safeParse(value);
        const question = parsed.success ? parsed.data.question.normalize('NFKC').toLowerCase() : '';
        if (needles.some((n) => question.includes(n))) {
          await store.state.delete(key);
          removed += 1;
        }
      }
      return removed;
    },
  };
}

/**
 * Reads every kept rating, oldest first; unreadable records are left out.
 *
 * @param store - where ratings are kept
 */
export async function readAnswerFeedback(store: Store): Promise<FeedbackRecord[]> {
  const records: FeedbackRecord[] = [];
  for (const { value } of await store.state.listPrefix(FEEDBACK_PREFIX)) {
    const parsed = feedbackRecordSchema.safeParse(value);
    if (parsed.success) records.push(parsed.data);
  }
  return records.sort((a, b) => a.at - b.at);
}

/**
 * Counts ratings per entry, the most 👎 first (then the most rated).
 *
 * @param records - the ratings
 */
export function countFeedbackByEntry(records: readonly FeedbackRecord[]): EntryFeedbackCount[] {
  const counts = new Map<string, EntryFeedbackCount>();
  for (const r of records) {
    const count = counts.get(r.entryId) ?? { entryId: r.entryId, up: 0, down: 0, lastAt: 0 };
    count[r.rating] += 1;
    count.lastAt = Math.max(count.lastAt, r.at);
    counts.set(r.entryId, count);
  }
  return [...counts.values()].sort((a, b) => b.down - a.down || b.up + b.down - (a.up + a.down) || a.entryId.localeCompare(b.entryId));
}
