/**
 * What in the calendar is news for subscribers: events whose dates were announced or
 * changed, or whose status changed, since the fingerprints last notified; and registration
 * deadlines that are a given number of days away or nearer. Pure functions of the calendar,
 * the fingerprints and the time.
 */
import { createHash } from 'node:crypto';
import type { Calendar, CalendarEvent } from '../knowledge/schema.js';
import { addDays, dateIn } from '../shared/zonedTime.js';
import type { Subscription } from './subscriptionSchema.js';

/** What subscribers were last told about, per event id: the fingerprint of its status and dates, and its status. */
export type EventFingerprints = Record<string, { fingerprint: string; status: string }>;

/** One event that is news. */
export interface CalendarChange {
  event: CalendarEvent;
  change: 'dates' | 'status';
  /** Short hash of the event's dates and status: one notification per subscriber per change. */
  fingerprint: string;
}

/** One registration deadline to remind subscribers of. */
export interface DueReminder {
  event: CalendarEvent;
  /** The deadline, `YYYY-MM-DD`. */
  deadline: string;
  daysLeft: number;
}

const facts = (event: CalendarEvent) => ({ status: event.status, start: event.start ?? null, end: event.end ?? null, deadline: event.registrationDeadline ?? null });
const isDated = (event: CalendarEvent) => event.start !== undefined || event.registrationDeadline !== undefined;

/** The fingerprint of an event's status and dates. */
export function fingerprintOf(event: CalendarEvent): string {
  return createHash('sha256').update(JSON.stringify(facts(event))).digest('hex').slice(0, 16);
}

/** The fingerprints of every event of the calendar. */
export function fingerprintsOf(calendar: Calendar): EventFingerprints {
  return Object.fromEntries(calendar.events.map((e) => [e.id, { fingerprint: fingerprintOf(e), status: e.status }]));
}

/**
 * The events that are news against `seen` (what the last check recorded): a new event with
 * dates, dates announced or moved, or a changed status. Dates taken away and new undated
 * events are not news.
 *
 * @param calendar - the calendar now
 * @param seen - the fingerprints of the last check
 */
export function detectCalendarChanges(calendar: Calendar, seen: EventFingerprints): CalendarChange[] {
  const changes: CalendarChange[] = [];
  for (const event of calendar.events) {
    const fingerprint = fingerprintOf(event);
    if (seen[event.id]?.fingerprint === fingerprint) continue;
    const before = seen[event.id]?.status;
    const statusChanged = before !== undefined && before !== event.status;
    if (statusChanged && !isDated(event)) changes.push({ event, change: 'status', fingerprint });
    else if (isDated(event)) changes.push({ event, change: statusChanged && event.status === 'cancelled' ? 'status' : 'dates', fingerprint });
  }
  return changes;
}

/**
 * The registration deadlines `leadDays` or fewer days ahead on the district's today, of
 * events still open to registration.
 *
 * @param calendar - the calendar
 * @param now - epoch milliseconds
 * @param timeZone - the district's time zone, in which days are counted
 * @param leadDays - how many days before the deadline the reminder is due
 */
export function dueReminders(calendar: Calendar, now: number, timeZone: string, leadDays: number): DueReminder[] {
  const today = dateIn(now, timeZone);
  const due: DueReminder[] = [];
  for (const event of calendar.events) {
    const deadline = event.registrationDeadline;
    if (!deadline || ['closed', 'held', 'cancelled'].includes(event.status)) continue;
    if (deadline < today || addDays(deadline, -leadDays) > today) continue;
    let daysLeft = 0;
    while (addDays(today, daysLeft) < deadline) daysLeft += 1;
    due.push({ event, deadline, daysLeft });
  }
  return due;
}

/** True when the subscription follows the event (all events, this event, or its region). */
export function followsEvent(subscription: Subscription, event: CalendarEvent): boolean {
  return subscription.follows.some((f) => f.kind === 'all' || (f.kind === 'event' && f.eventId === event.id) || (f.kind === 'region' && f.region === event.region.zh));
}
