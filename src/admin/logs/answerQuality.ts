/**
 * Answer quality for staff, per entry and per week (weeks start on Monday in the district's
 * time zone): how often an entry answered (hits), how often the bot gave the fallback — per
 * entry, those where it was the nearest — and the 👍 / 👎 it got. Hits and fallbacks come from
 * the conversation logs; ratings from the ratings of answers (`answerFeedbackLog.ts`, which
 * also counts conversations that were not logged), both over the logs' retention. Weeks with
 * nothing in them are left out.
 */
import type { Store } from '../../store/contract.js';
import type { FeedbackRecord } from '../feedback/answerFeedbackLog.js';
import { readAnswerFeedback } from '../feedback/answerFeedbackLog.js';
import { weekOf } from '../leads/funnel.js';
import { LOG_SCAN_PAGE, readLogRecord, type LogRecord } from './conversationLog.js';

/** The counts of one entry. */
export interface EntryQuality {
  entryId: string;
  hits: number;
  /** Fallbacks for which this entry was the nearest. */
  fallbacks: number;
  up: number;
  down: number;
  /** The mean confidence of its hits (0–1), when known. */
  meanConfidence?: number;
}

/** The counts of one week. */
export interface WeekQuality {
  /** The Monday that starts it, `YYYY-MM-DD`. */
  week: string;
  /** Logged turns that asked something (typed or pressed). */
  turns: number;
  hits: number;
  fallbacks: number;
  up: number;
  down: number;
}

/** The whole report. */
export interface AnswerQuality {
  /** The most 👎 first, then the most fallbacks, then the most hits. */
  byEntry: EntryQuality[];
  /** Newest first; weeks with nothing are left out. */
  byWeek: WeekQuality[];
}

/**
 * Counts the report (pure).
 *
 * @param turns - the logged turns
 * @param ratings - the ratings of answers
 * @param timeZone - the district's time zone, in which weeks begin
 */
export function buildAnswerQuality(turns: readonly LogRecord[], ratings: readonly FeedbackRecord[], timeZone: string): AnswerQuality {
  const entries = new Map<string, EntryQuality & { confidenceSum: number; confidenceCount: number }>();
  const weeks = new Map<string, WeekQuality>();
  const entry = (entryId: string) => {
    let e = entries.get(entryId);
    if (!e) entries.set(entryId, (e = { entryId, hits: 0, fallbacks: 0, up: 0, down: 0, confidenceSum: 0, confidenceCount: 0 }));
    return e;
  };
  const week = (at: number) => {
    const name = weekOf(at, timeZone);
    let w = weeks.get(name);
    if (!w) weeks.set(name, (w = { week: name, turns: 0, hits: 0, fallbacks: 0, up: 0, down: 0 }));
    return w;
  };
  for (const turn of turns) {
    const w = week(turn.at);
    w.turns += 1;
    if (turn.fallback) {
      w.fallbacks += 1;
      if (turn.nearEntryId) entry(turn.nearEntryId).fallbacks += 1;
    } else if (turn.entryId) {
      w.hits += 1;
      const e = entry(turn.entryId);
      e.hits += 1;
      if (turn.confidence !== undefined) {
        e.confidenceSum += turn.confidence;
        e.confidenceCount += 1;
      }
    }
  }
  for (const rating of ratings) {
    entry(rating.entryId)[rating.rating] += 1;
    week(rating.at)[rating.rating] += 1;
  }
  const byEntry = [...entries.values()]
    .map(({ confidenceSum, confidenceCount, ...e }) => ({ ...e, ...(confidenceCount ? { meanConfidence: confidenceSum / confidenceCount } : {}) }))
    .sort((a, b) => b.down - a.down || b.fallbacks - a.fallbacks || b.hits - a.hits || a.entryId.localeCompare(b.entryId));
  const byWeek = [...weeks.values()].filter((w) => w.turns + w.up + w.down > 0).sort((a, b) => b.week.localeCompare(a.week));
  return { byEntry, byWeek };
}

/**
 * Reads the logged turns and ratings of the retention and counts the report.
 *
 * @param store - where the logs and ratings are kept
 * @param context - the time, the logs' retention and the district's time zone
 */
export async function readAnswerQuality(store: Store, context: { now: number; retentionMs: number; timeZone: string }): Promise<AnswerQuality> {
  const from = context.now - context.retentionMs;
  const turns: LogRecord[] = [];
  for (let after: string | undefined; ; ) {
    const page = await store.logs.query({ limit: LOG_SCAN_PAGE, from, ...(after ? { after } : {}) });
    for (const stored of page) {
      const turn = readLogRecord(stored);
      if (turn) turns.push(turn);
    }
    if (page.length < LOG_SCAN_PAGE) break;
    after = page[page.length - 1]!.id;
  }
  const ratings = (await readAnswerFeedback(store)).filter((r) => r.at >= from);
  return buildAnswerQuality(turns, ratings, context.timeZone);
}
