/**
 * The calendar as iCalendar (RFC 5545), written by `ical-generator`: one all-day event per
 * dated event (its dates are the district's own calendar days, as the content states them),
 * and each registration deadline as an all-day event of its own with a reminder alarm.
 * Events without dates are left out: there is nothing to put in a calendar.
 *
 * See https://www.rfc-editor.org/rfc/rfc5545 and https://github.com/sebbo2002/ical-generator
 */
import ical, { ICalAlarmType } from 'ical-generator';
import { localeView } from '../i18n/locales.js';
import type { CalendarEvent } from '../knowledge/schema.js';
import type { Language } from '../shared/language.js';
import { addDays } from '../shared/zonedTime.js';

/** What the feed is written with. */
export interface IcsOptions {
  language: Language;
  /** The district's IANA time zone, named in the feed (`X-WR-TIMEZONE`). */
  timeZone: string;
  /** Written as every event's DTSTAMP, epoch milliseconds. */
  now: number;
  /** The host part of every UID (the deployment's host name). */
  uidDomain: string;
  /** The feed's name. */
  name: string;
  /** Days before a registration deadline the alarm rings. */
  reminderDays: number;
}

/** A `YYYY-MM-DD` date as a Date at UTC midnight, which the all-day events write as that date. */
function asDay(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

const REGISTRATION = { zh: localeView('zh', 'calendar').all.icsRegistration, en: localeView('en', 'calendar').all.icsRegistration } as const;

/**
 * Writes the feed of the given events (those without dates are skipped).
 *
 * @param events - the events to include (all of them for the feed, one for a per-event link)
 * @param options - see {@link IcsOptions}
 */
export function buildCalendarIcs(events: readonly CalendarEvent[], options: IcsOptions): string {
  const feed = ical({ name: options.name, prodId: { company: 'talentbot', product: 'calendar', language: options.language.toUpperCase() } });
  feed.x([{ key: 'X-WR-TIMEZONE', value: options.timeZone }]);
  const stamp = new Date(options.now);
  const { language } = options;
  for (const event of events) {
    const title = `${event.name[language]} (${event.region[language]})`;
    const description = [event.note?.[language], `${event.source.publisher}, ${event.source.date}`].filter(Boolean).join('\n');
    if (event.start) {
      const last = event.end ?? event.start;
      feed.createEvent({ id: `${event.id}@${options.uidDomain}`, start: asDay(event.start), end: asDay(addDays(last, 1)), allDay: true, stamp, summary: title, description });
    }
    if (event.registrationDeadline) {
      feed.createEvent({
        id: `${event.id}-registration@${options.uidDomain}`,
        start: asDay(event.registrationDeadline),
        end: asDay(addDays(event.registrationDeadline, 1)),
        allDay: true,
        stamp,
        summary: `${REGISTRATION[language]}: ${title}`,
        description,
        alarms: [{ type: ICalAlarmType.display, trigger: options.reminderDays * 86_400, description: `${REGISTRATION[language]}: ${title}` }],
      });
    }
  }
  return feed.toString();
}
