/**
 * What a calendar notification keeps in the store's reply outbox (`store.replies`): the
 * subscription's random id (never a chat id), the event, the change and the text already
 * written in the subscriber's language. The id is the idempotency key — one per subscriber,
 * event and change — so working out the same change twice queues it once.
 */
import { z } from 'zod';
import type { QueuedReply } from '../store/contract.js';
import { queuedReplyFields } from '../store/queuedReplyFields.js';

/** The current version of a notification item. */
export const NOTIFICATION_ITEM_VERSION = 1;

/** The outbox conversations of calendar notifications start with this (one conversation per subscriber). */
export const CALENDAR_CONVERSATION_PREFIX = 'calendar:';

/** A queued notification. */
export const notificationItemSchema = z.object({
  ...queuedReplyFields,
  conversation: z.string().startsWith(CALENDAR_CONVERSATION_PREFIX),
  v: z.literal(NOTIFICATION_ITEM_VERSION),
  kind: z.literal('calendar_notice'),
  subscriptionId: z.string(),
  eventId: z.string(),
  change: z.enum(['dates', 'status', 'deadline']),
  text: z.string(),
  /**
   * Set (and saved) just before the platform is called, cleared when the call fails: an item
   * claimed with it set belongs to a process that died mid-send, which the platform may have
   * delivered — it is not sent again, so that nobody gets a notification twice.
   */
  sending: z.boolean().optional(),
  lastError: z.string().optional(),
});
/** A queued notification. */
export type NotificationItem = z.infer<typeof notificationItemSchema>;

/** The stored item read back; undefined when it is not a notification this code can read. */
export function readNotificationItem(raw: QueuedReply): NotificationItem | undefined {
  const parsed = notificationItemSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The item id of one notification.
 *
 * @param subscriptionId - the subscription
 * @param eventId - the event
 * @param changeKey - the change's fingerprint, or `deadline-<date>` for a reminder
 */
export function notificationItemId(subscriptionId: string, eventId: string, changeKey: string): string {
  return `${CALENDAR_CONVERSATION_PREFIX}${subscriptionId}:${eventId}:${changeKey}`;
}
