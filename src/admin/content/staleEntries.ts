/**
 * Stale content: an entry whose as-of date is more than `CONTENT_STALE_DAYS` days before today
 * (in the district's time zone) may no longer say what its source says. The console flags it in
 * the content list and lists it on its home page, so that staff check it against the source and
 * give it a new as-of date.
 */
import type { KnowledgeEntry } from '../../knowledge/schema.js';
import { dateIn } from '../../shared/zonedTime.js';

/** An entry whose as-of date is too old. */
export interface StaleEntry {
  /** The slug of the entry's pair (`housing-subsidy`). */
  slug: string;
  /** The language file that is stale. */
  id: string;
  title: string;
  asOf: string;
  /** Whole days from the as-of date to today. */
  ageDays: number;
}

/** Whole days from `from` to `to`, both `YYYY-MM-DD`. */
export function daysBetween(from: string, to: string): number {
  const utc = (d: string) => {
    const [y, m, day] = d.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, day);
  };
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}

/**
 * The entries whose as-of date is more than `maxAgeDays` days old, the oldest first.
 *
 * @param entries - the content's entries (both languages)
 * @param now - the current instant
 * @param timeZone - the district's IANA time zone: what "today" is
 * @param maxAgeDays - `CONTENT_STALE_DAYS`
 */
export function findStaleEntries(entries: readonly KnowledgeEntry[], now: number, timeZone: string, maxAgeDays: number): StaleEntry[] {
  const today = dateIn(now, timeZone);
  return entries
    .map((e) => ({ slug: e.id.replace(/\.(zh|en)$/, ''), id: e.id, title: e.title, asOf: e.asOf, ageDays: daysBetween(e.asOf, today) }))
    .filter((e) => e.ageDays > maxAgeDays)
    .sort((a, b) => b.ageDays - a.ageDays || (a.id < b.id ? -1 : 1));
}
