/**
 * The conversation logs the console shows: every turn of a conversation whose applicant was
 * shown the welcome's notice, anonymised before it is stored — the question and the replies
 * with personal data removed by the inbox's rules (`stripPersonalData`) and every name,
 * contact or free-text answer the applicant gave in a check replaced by `[answer]` wherever it
 * appears; a typed answer to such a question is kept as the marker only. A record keeps the
 * entry that answered, its confidence, whether it was the fallback and a later 👍 / 👎, and
 * no user id: the conversation is a random reference kept in its state.
 *
 * Kept {@link ConversationLogOptions.retentionMs} (`CONVERSATION_LOG_DAYS`): older turns are
 * never shown, and pruned while recording (at most once an hour) and by {@link ConversationLog.prune},
 * which the server runs at start and every hour ({@link PRUNE_EVERY_MS}). "Forget me" deletes the
 * conversation's turns and any other conversation holding the person's name or contact.
 */
import { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import type { ConversationLogRecorder, TurnToLog } from '../../core/ports.js';
import { feedbackRatingSchema } from '../../core/answerFeedback.js';
import { silentLogger, type Logger } from '../../shared/logger.js';
import { languageSchema } from '../../shared/language.js';
import type { Store } from '../../store/contract.js';
import { stripPersonalData } from '../shared/stripPersonalData.js';

/** The current version of a logged turn. */
export const LOG_RECORD_VERSION = 1;
/** What replaces an applicant's personal answer. */
export const PERSONAL_ANSWER_MARKER = '[answer]';
/** Longest reply text kept, in characters. */
export const MAX_LOGGED_REPLY_CHARS = 1500;
/** How often old turns are pruned: once an hour. */
export const PRUNE_EVERY_MS = 3600_000;
/** Turns read per page when a search or an erasure scans the logs. */
export const LOG_SCAN_PAGE = 500;
const DAY_MS = 24 * 3600_000;

/** One reply of a logged turn. */
export const loggedReplySchema = z.object({
  text: z.string(),
  entryId: z.string().optional(),
  topic: z.string().optional(),
  fallback: z.boolean(),
  /** The buttons offered (their labels are the bot's words), so that a press is logged by its label. */
  buttons: z.array(z.object({ label: z.string(), action: z.string() })).default([]),
});

/** A logged turn, version 1, as stored (already anonymised). */
export const logRecordSchema = z.object({
  version: z.literal(LOG_RECORD_VERSION),
  id: z.string(),
  conversation: z.string(),
  at: z.number(),
  channel: z.string(),
  language: languageSchema,
  /** The turn's number in its conversation. */
  turn: z.number().int(),
  /** What the applicant sent, anonymised; the label of the button pressed (its action when unknown); or {@link PERSONAL_ANSWER_MARKER}. */
  asked: z.string(),
  /** The action of the button pressed. */
  action: z.string().optional(),
  askedKind: z.enum(['text', 'action', 'personal']),
  replies: z.array(loggedReplySchema),
  /** The entry that answered (the first reply's with a source), and its topic. */
  entryId: z.string().optional(),
  topic: z.string().optional(),
  /** How much of the question the best entry covered (0–1), when the turn searched the content. */
  confidence: z.number().optional(),
  fallback: z.boolean(),
  /** For a fallback: the entry retrieval found nearest (the answer quality counts it against that entry). */
  nearEntryId: z.string().optional(),
  rating: feedbackRatingSchema.optional(),
});
/** A logged turn. */
export type LogRecord = z.infer<typeof logRecordSchema>;

/** Options of {@link createConversationLogRecorder}. */
export interface ConversationLogOptions {
  /** `CONVERSATION_LOG_DAYS` in milliseconds: how long a turn is kept. */
  retentionMs: number;
  logger?: Logger;
}

/**
 * `text` without personal data: `values` (what the applicant gave as a name, contact or free
 * text), then what the inbox's rules recognise.
 *
 * @param text - a question or a reply
 * @param values - personal values, replaced wherever they appear (any case)
 * @param maxChars - the longest text kept
 */
export function anonymise(text: string, values: readonly string[], maxChars: number): string {
  let out = text;
  for (const value of [...values].sort((a, b) => b.length - a.length)) {
    if (value.length < 2) continue;
    out = out.replace(new RegExp(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'giu'), PERSONAL_ANSWER_MARKER);
  }
  return stripPersonalData(out, maxChars);
}

/**
 * The stored form of a turn the engine reported.
 *
 * @param turn - the turn
 * @param pressedLabel - the label of the button pressed, when the turn was a press and the button is known (the previous turn offered it)
 */
export function toLogRecord(turn: TurnToLog, pressedLabel?: string): LogRecord {
  const values = turn.personalValues;
  const asked =
    'action' in turn.asked
      ? { asked: anonymise(pressedLabel ?? turn.asked.action, values, MAX_LOGGED_REPLY_CHARS), action: turn.asked.action, askedKind: 'action' as const }
      : turn.personalAnswer
        ? { asked: PERSONAL_ANSWER_MARKER, askedKind: 'personal' as const }
        : { asked: anonymise(turn.asked.text, values, MAX_LOGGED_REPLY_CHARS), askedKind: 'text' as const };
  const answered = turn.replies.find((r) => r.entryId !== undefined);
  return {
    version: LOG_RECORD_VERSION,
    id: `${turn.conversation}:${turn.turn}`,
    conversation: turn.conversation,
    at: turn.at,
    channel: turn.channel,
    language: turn.language,
    turn: turn.turn,
    ...asked,
    replies: turn.replies.map((r) => ({
      ...r,
      text: anonymise(r.text, values, MAX_LOGGED_REPLY_CHARS),
      buttons: r.buttons.map((b) => ({ label: anonymise(b.label, values, 200), action: b.action })),
    })),
    ...(answered?.entryId ? { entryId: answered.entryId } : {}),
    ...(answered?.topic ? { topic: answered.topic } : {}),
    ...(turn.confidence !== undefined ? { confidence: Math.round(turn.confidence * 1000) / 1000 } : {}),
    fallback: turn.replies.some((r) => r.fallback),
    ...(turn.replies.some((r) => r.fallback) && turn.bestEntryId ? { nearEntryId: turn.bestEntryId } : {}),
  };
}

/** Reads a stored turn; undefined when unreadable (corrupt, or of a newer version). */
export function readLogRecord(value: unknown): LogRecord | undefined {
  const parsed = logRecordSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The recorder, and the pruning the server schedules. */
export interface ConversationLog extends ConversationLogRecorder {
  /** Removes the turns older than the retention now; returns how many. Never rejects (a failure is logged, and 0 returned). */
  prune(): Promise<number>;
}

/**
 * Creates the recorder the engine reports turns to.
 *
 * @param store - where turns are kept (`store.logs`)
 * @param clock - decides what is old enough to prune
 * @param options - the retention and a logger; see {@link ConversationLogOptions}
 */
export function createConversationLogRecorder(store: Store, clock: Clock, options: ConversationLogOptions): ConversationLog {
  const logger = options.logger ?? silentLogger;
  let prunedAt = Number.NEGATIVE_INFINITY;
  const pruneNow = async () => {
    const now = clock.now();
    prunedAt = now;
    const removed = await store.logs.purge(now - options.retentionMs);
    if (removed) logger.info({ removed }, 'pruned old conversation log turns');
    return removed;
  };
  const prune = async () => {
    if (clock.now() - prunedAt >= PRUNE_EVERY_MS) await pruneNow();
  };
  /** The label of the button with `action` among the conversation's last logged replies. */
  const pressedLabel = async (conversation: string, action: string) => {
    const [previous] = (await store.logs.query({ conversation, limit: 1 })).map(readLogRecord);
    return previous?.replies.flatMap((r) => r.buttons).find((b) => b.action === action)?.label;
  };
  return {
    async prune() {
      try {
        return await pruneNow();
      } catch (error) {
        logger.warn({ err: error }, 'could not prune the conversation logs');
        return 0;
      }
    },
    retentionDays: Math.max(1, Math.round(options.retentionMs / DAY_MS)),
    async record(turn) {
      try {
        await store.logs.append(toLogRecord(turn, 'action' in turn.asked ? await pressedLabel(turn.conversation, turn.asked.action) : undefined));
        await prune();
      } catch (error) {
        logger.warn({ err: error }, 'could not log a conversation turn');
      }
    },
    async rate(conversation, entryId, rating) {
      try {
        const turns = (await store.logs.query({ conversation, limit: 50 })).map(readLogRecord);
        const answer = turns.find((t) => t !== undefined && t.rating === undefined && t.replies.some((r) => r.entryId === entryId));
        if (answer) await store.logs.patch(answer.id, { rating });
      } catch (error) {
        logger.warn({ err: error }, 'could not add a rating to the conversation log');
      }
    },
    async forget(conversation, values) {
      let removed = conversation ? await store.logs.deleteConversation(conversation) : 0;
      const needles = values.map((v) => v.normalize('NFKC').toLowerCase().trim()).filter((v) => v.length > 1);
      if (needles.length === 0) return removed;
      const holding = new Set<string>();
      for (let after: string | undefined; ; ) {
        const page = await store.logs.query({ limit: LOG_SCAN_PAGE, ...(after ? { after } : {}) });
        for (const turn of page) {
          const text = JSON.stringify(turn).normalize('NFKC').toLowerCase();
          if (needles.some((n) => text.includes(n))) holding.add(turn.conversation);
        }
        if (page.length < LOG_SCAN_PAGE) break;
        after = page[page.length - 1]!.id;
      }
      for (const other of holding) removed += await store.logs.deleteConversation(other);
      return removed;
    },
  };
}
