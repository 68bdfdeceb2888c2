/**
 * Searching the conversation logs for the console: the filters of the logs page (dates in
 * the district's time zone, channel, topic, fallback, rating, text), read from its query
 * string by one zod schema, and the search itself — the store filters by time and channel,
 * the rest is filtered here while paging through the store, newest first, within the
 * retention (older turns not yet pruned are never shown).
 */
import { z } from 'zod';
import { addDays, startOfDateIn } from '../../shared/zonedTime.js';
import type { Store } from '../../store/contract.js';
import { LOG_SCAN_PAGE, readLogRecord, type LogRecord } from './conversationLog.js';

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)));
/** Empty (no filter) when the value is missing or not valid. */
const optional = <T extends z.ZodType<string>>(schema: T) => z.union([schema, z.literal('')]).catch('').default('');

/** The filters of the logs page, as its query string gives them; an invalid value means no filter. */
export const logFilterSchema = z.object({
  /** The first and last day shown, `YYYY-MM-DD` in the district's time zone. */
  from: optional(dateSchema),
  to: optional(dateSchema),
  channel: optional(z.string().max(32)),
  topic: optional(z.string().max(64)),
  fallback: optional(z.enum(['yes', 'no'])),
  rating: optional(z.enum(['up', 'down', 'none'])),
  /** Words the question or a reply contains. */
  q: optional(z.string().max(100)),
  /** The id of the last turn of the previous page. */
  after: optional(z.string().max(100)),
});
/** The filters of the logs page. */
export type LogFilter = z.infer<typeof logFilterSchema>;

/**
 * The filters in a query string.
 *
 * @param query - the request's parsed query
 */
export function readLogFilter(query: unknown): LogFilter {
  const raw = typeof query === 'object' && query !== null ? (query as Record<string, unknown>) : {};
  const strings = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : '']));
  return logFilterSchema.parse(strings);
}

/** Most turns looked at for one page, by default. */
export const DEFAULT_MAX_SCANNED = 5000;

/** What a search needs besides the filters. */
export interface LogSearchContext {
  now: number;
  /** How long turns are kept (older ones are not shown). */
  retentionMs: number;
  /** The district's time zone, for the filter's days. */
  timeZone: string;
  /** Most turns on a page. Default 50. */
  limit?: number;
  /** Most turns looked at for one page. Default {@link DEFAULT_MAX_SCANNED}. */
  maxScanned?: number;
}

/** A page of results. */
export interface LogPage {
  turns: LogRecord[];
  /** The `after` of the next page; absent when there is none. */
  next?: string;
  /** True when the page stopped at `maxScanned` turns looked at, so more matches may lie further back. */
  partial: boolean;
}

const folded = (text: string) => text.normalize('NFKC').toLowerCase();

/** True when a turn matches the filters the store does not apply. */
export function matchesLogFilter(turn: LogRecord, filter: LogFilter): boolean {
  const q = folded(filter.q);
  return (
    (!filter.topic || turn.topic === filter.topic) &&
    (!filter.fallback || turn.fallback === (filter.fallback === 'yes')) &&
    (!filter.rating || (filter.rating === 'none' ? turn.rating === undefined : turn.rating === filter.rating)) &&
    (!q || folded(turn.asked).includes(q) || turn.replies.some((r) => folded(r.text).includes(q)))
  );
}

/**
 * One page of turns matching `filter`, newest first.
 *
 * @param store - where the logs are kept
 * @param filter - the page's filters
 * @param context - the time, retention and time zone; see {@link LogSearchContext}
 */
export async function searchLogs(store: Store, filter: LogFilter, context: LogSearchContext): Promise<LogPage> {
  const limit = context.limit ?? 50;
  const maxScanned = context.maxScanned ?? DEFAULT_MAX_SCANNED;
  const kept = context.now - context.retentionMs;
  const from = Math.max(kept, filter.from ? startOfDateIn(filter.from, context.timeZone) : kept);
  const to = filter.to ? startOfDateIn(addDays(filter.to, 1), context.timeZone) : undefined;
  const turns: LogRecord[] = [];
  let after = filter.after || undefined;
  let scanned = 0;
  for (;;) {
    const requested = Math.min(LOG_SCAN_PAGE, maxScanned - scanned);
    if (requested <= 0) return { turns, ...(after ? { next: after } : {}), partial: true };
    const page = await store.logs.query({
      limit: requested,
      from,
      ...(to !== undefined ? { to } : {}),
      ...(filter.channel ? { channel: filter.channel } : {}),
      ...(after ? { after } : {}),
    });
    for (const stored of page) {
      scanned += 1;
      after = stored.id;
      const turn = readLogRecord(stored);
      if (turn && matchesLogFilter(turn, filter)) turns.push(turn);
      if (turns.length >= limit) return { turns, next: stored.id, partial: false };
    }
    if (page.length < requested) return { turns, partial: false };
  }
}

/**
 * Every kept turn of one conversation, oldest first.
 *
 * @param store - where the logs are kept
 * @param conversation - its reference
 * @param kept - turns before this time are not shown (the retention)
 */
export async function readConversationLog(store: Store, conversation: string, kept: number): Promise<LogRecord[]> {
  const stored = await store.logs.query({ conversation, from: kept, limit: 1000 });
  return stored
    .map(readLogRecord)
    .filter((t): t is LogRecord => t !== undefined)
    .reverse();
}
