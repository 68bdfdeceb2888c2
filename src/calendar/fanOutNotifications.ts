/**
 * Works out what the calendar owes subscribers now and queues it: compares the calendar with
 * what the last check recorded (`calendar:seen` in the state store) and with the reminders
 * already queued, and puts one notification per subscriber and change into the reply outbox.
 * Queuing is idempotent by item id and the record is written after the queuing, so a crash in
 * between only makes the next check queue the same items again, which changes nothing.
 *
 * The first check on a store records the calendar as it is and queues nothing: what was
 * published before the feature ran is not news.
 */
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { Calendar } from '../knowledge/schema.js';
import type { Store } from '../store/contract.js';
import { composeNotification, type NotificationSubject } from './composeNotification.js';
import { detectCalendarChanges, dueReminders, fingerprintsOf, followsEvent, type EventFingerprints } from './detectCalendarChanges.js';
import { CALENDAR_CONVERSATION_PREFIX, NOTIFICATION_ITEM_VERSION, notificationItemId, type NotificationItem } from './notificationItem.js';
import type { SubscriptionBook } from './subscriptionBook.js';

/** The state key of what the last check recorded. */
export const CALENDAR_SEEN_KEY = 'calendar:seen';
const REMINDED_PREFIX = 'calendar:reminded:';
/** How long a "reminder queued" marker is kept: longer than any lead time. */
const REMINDED_TTL_MS = 400 * 24 * 3600_000;

/** What a check needs. */
export interface FanOutParts {
  store: Store;
  clock: Clock;
  logger: Logger;
  book: SubscriptionBook;
  /** The district's time zone, in which deadline days are counted. */
  timeZone: string;
  /** How many days before a registration deadline subscribers are reminded. */
  reminderDays: number;
  publicBaseUrl: string;
}

/**
 * One check: queues the notifications owed now and returns how many were queued.
 *
 * @param parts - see {@link FanOutParts}
 * @param calendar - the published calendar
 */
export async function fanOutNotifications(parts: FanOutParts, calendar: Calendar): Promise<number> {
  const { store, clock } = parts;
  const seen = (await store.state.get(CALENDAR_SEEN_KEY)) as EventFingerprints | undefined;
  if (seen === undefined || typeof seen !== 'object') {
    await store.state.set(CALENDAR_SEEN_KEY, fingerprintsOf(calendar));
    return 0;
  }
  const subjects: Array<NotificationSubject & { key: string; marker?: string }> = [];
  for (const change of detectCalendarChanges(calendar, seen)) subjects.push({ event: change.event, change: change.change, key: change.fingerprint });
  for (const reminder of dueReminders(calendar, clock.now(), parts.timeZone, parts.reminderDays)) {
    const marker = `${REMINDED_PREFIX}${reminder.event.id}:${reminder.deadline}`;
    if ((await store.state.get(marker)) !== undefined) continue;
    // Dates published this close to the deadline: their own message says it; no second one.
    if (subjects.some((s) => s.event.id === reminder.event.id)) await store.state.set(marker, true, { ttlMs: REMINDED_TTL_MS });
    else subjects.push({ event: reminder.event, change: 'deadline', daysLeft: reminder.daysLeft, key: `deadline-${reminder.deadline}`, marker });
  }
  let queued = 0;
  if (subjects.length > 0) {
    const subscriptions = await parts.book.list();
    for (const subject of subjects) {
      let forEvent = 0;
      for (const subscription of subscriptions.filter((s) => followsEvent(s, subject.event))) {
        const now = clock.now();
        const item: NotificationItem = {
          id: notificationItemId(subscription.id, subject.event.id, subject.key),
          conversation: `${CALENDAR_CONVERSATION_PREFIX}${subscription.id}`,
          status: 'pending',
          dueAt: now,
          attempts: 0,
          createdAt: now,
          v: NOTIFICATION_ITEM_VERSION,
          kind: 'calendar_notice',
          subscriptionId: subscription.id,
          eventId: subject.event.id,
          change: subject.change,
          text: composeNotification(subject, subscription.language, parts.publicBaseUrl),
        };
        if (await store.replies.enqueue(item)) forEvent += 1;
      }
      if (subject.marker) await store.state.set(subject.marker, true, { ttlMs: REMINDED_TTL_MS });
      // Counts only: who was told is not logged.
      parts.logger.info({ event: subject.event.id, change: subject.change, queued: forEvent }, 'calendar: notifications queued');
      queued += forEvent;
    }
  }
  const now = fingerprintsOf(calendar);
  if (JSON.stringify(now) !== JSON.stringify(seen)) await store.state.set(CALENDAR_SEEN_KEY, now);
  return queued;
}
