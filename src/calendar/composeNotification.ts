/**
 * The text of one calendar notification in one language: what changed about the event, its
 * dates as the calendar states them, a link to add it to one's calendar when it has dates,
 * and how to stop. Used for the messages sent and for the console's preview.
 */
import type { CalendarEvent } from '../knowledge/schema.js';
import type { Language } from '../shared/language.js';
import { CALENDAR_TEXTS, type NotificationChange, type NoticeEvent } from './calendarTexts.js';

/** What a notification is about, with what it needs to say it. */
export interface NotificationSubject {
  event: CalendarEvent;
  change: NotificationChange;
  /** For `deadline`: days left until registration closes. */
  daysLeft?: number;
}

/** The per-event `.ics` address under `publicBaseUrl`. */
export function eventIcsUrl(publicBaseUrl: string, eventId: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/calendar/${encodeURIComponent(eventId)}.ics`;
}

/**
 * Writes the notification.
 *
 * @param subject - the event and the change
 * @param language - the subscriber's language
 * @param publicBaseUrl - the deployment's external URL, for the `.ics` link
 */
export function composeNotification(subject: NotificationSubject, language: Language, publicBaseUrl: string): string {
  const texts = CALENDAR_TEXTS[language];
  const { event } = subject;
  const shown: NoticeEvent = {
    name: event.name[language],
    region: event.region[language],
    status: event.status,
    start: event.start,
    end: event.end,
    registrationDeadline: event.registrationDeadline,
  };
  const head =
    subject.change === 'dates' ? texts.datesOut(shown) : subject.change === 'status' ? texts.statusChanged(shown) : texts.deadlineSoon(shown, subject.daysLeft ?? 0);
  const dated = event.start !== undefined || event.registrationDeadline !== undefined;
  return [head, ...(dated ? [texts.addToCalendar(eventIcsUrl(publicBaseUrl, event.id))] : []), texts.stopHint].join('\n');
}
