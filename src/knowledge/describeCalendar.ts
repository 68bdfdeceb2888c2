/**
 * Answers "when is the next competition?" from the calendar data, relative to the clock.
 * Only dates the calendar states are shown; events without dates are described as such. The
 * wording is in `locales/<language>/calendar.json` (`answer`, `dates`).
 */
import { localeView, type LocaleView, type Namespaces } from '../i18n/locales.js';
import type { Calendar, CalendarEvent } from './schema.js';
import type { Language } from '../shared/language.js';
import { dateIn } from '../shared/zonedTime.js';

const UPCOMING_STATUSES = new Set(['planned', 'open', 'tba']);

/** The last date on which an event is still ahead of the applicant (deadline, start or end). */
function lastRelevantDate(event: CalendarEvent): string | undefined {
  return event.end ?? event.start ?? event.registrationDeadline;
}

/** Events still to come on `today`, dated ones first by date, then undated announced ones. */
export function upcomingEvents(calendar: Calendar, today: string): CalendarEvent[] {
  const dated = calendar.events
    .filter((e) => e.status !== 'cancelled' && e.status !== 'held')
    .filter((e) => {
      const last = lastRelevantDate(e);
      return last !== undefined ? last >= today : UPCOMING_STATUSES.has(e.status);
    });
  const key = (e: CalendarEvent) => e.registrationDeadline ?? e.start ?? '9999-99-99';
  return dated.sort((a, b) => key(a).localeCompare(key(b)));
}

type CalendarView = LocaleView<Namespaces['calendar']>;

/** One upcoming event as a line of the answer, its dates in words. */
function describeEvent(event: CalendarEvent, language: Language, view: CalendarView): string {
  const { all, t } = view;
  const parts: string[] = [];
  if (event.start) parts.push(event.end && event.end !== event.start ? t('dates.startToEnd', { start: event.start, end: event.end }) : t('dates.start', { start: event.start }));
  if (event.registrationDeadline) parts.push(t('dates.deadline', { deadline: event.registrationDeadline }));
  if (!event.start && !event.registrationDeadline) parts.push(all.answer.datesTba);
  return t('answer.eventLine', { name: event.name[language], region: event.region[language], dates: parts.join(all.dates.separator) });
}

/**
 * Writes the calendar answer for `now`.
 *
 * @param calendar - the calendar content
 * @param now - the current time, epoch milliseconds
 * @param language - the reply language
 * @param timeZone - the district's IANA time zone, in which "today" is counted
 */
export function describeCalendar(calendar: Calendar, now: number, language: Language, timeZone: string): string {
  const today = dateIn(now, timeZone);
  const view = localeView(language, 'calendar');
  const { all, t } = view;
  const upcoming = upcomingEvents(calendar, today);
  const lines: string[] = [];
  if (upcoming.length > 0) {
    lines.push(t('answer.upcoming', { today }));
    for (const event of upcoming.slice(0, 5)) lines.push(describeEvent(event, language, view));
  } else {
    lines.push(t('answer.none', { today }));
  }
  const held = calendar.events.filter((e) => e.status === 'held');
  if (held.length > 0) {
    const years = [...new Set(held.map((e) => e.year).filter((y): y is number => y !== undefined))].sort();
    lines.push('');
    lines.push(years.length ? t('answer.heldInYears', { years: years.join(all.answer.yearSeparator) }) : all.answer.heldBefore);
    for (const event of held) lines.push(t('answer.heldLine', { name: event.name[language], region: event.region[language] }));
  }
  lines.push('', calendar.howToHear[language]);
  return lines.join('\n');
}
