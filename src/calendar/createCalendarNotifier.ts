/**
 * Calendar notifications end to end: a watch that checks the published calendar every few
 * seconds (`fanOutNotifications`) and the shared reply worker (`src/core/createReplyWorker.ts`)
 * on the calendar conversations of the reply outbox, which sends each queued notification —
 * leased, retried with backoff, idempotent, one at a time per subscriber.
 *
 * Sending: a channel with a sender (Telegram, the WeCom app) gets the message at once; a
 * subscription that ended before its notification went out (stop, forget me) gets nothing; a
 * channel without one (web, 微信客服 outside its window) keeps the notice for the subscriber's
 * next message. At most once: a process that dies in the middle of a platform call leaves the
 * item marked as sending, and it is not sent again (the platform may have delivered it). Throttled: at most `batchSize` notifications per `tickMs` in all (default 20
 * per second, under Telegram's 30 per second), one at a time per chat, a platform's
 * retry-after honoured.
 */
import type { Clock } from '../shared/clock.js';
import { createReplyWorker, type ReplyWorkerTuning } from '../core/createReplyWorker.js';
import type { Logger } from '../shared/logger.js';
import { createPollingLoop, describeError } from '../core/pollingLoop.js';
import type { KnowledgeSource } from '../knowledge/knowledgeBase.js';
import { PlatformError } from '../shared/errors.js';
import { isPermanentDeliveryError } from '../leads/isPermanentDeliveryError.js';
import type { Store } from '../store/contract.js';
import { fanOutNotifications, type FanOutParts } from './fanOutNotifications.js';
import { CALENDAR_CONVERSATION_PREFIX, readNotificationItem, type NotificationItem } from './notificationItem.js';
import type { SubscriptionBook } from './subscriptionBook.js';
import type { Subscription } from './subscriptionSchema.js';

/**
 * Sends one notification text to a subscriber on their channel, or returns false when the
 * channel cannot take it now (the notice is then kept for their next message).
 *
 * @throws PlatformError or NetworkError when the platform refused or did not answer (retried, or dead when permanent)
 */
export type NotificationSender = (subscription: Subscription, text: string) => Promise<boolean>;

/** True when the platform says the person can never be written to (Telegram 403: the bot was blocked, the account deleted). */
function isPersonGone(error: unknown): boolean {
  return error instanceof PlatformError && error.platform === 'telegram' && error.code === 403;
}

/** What the notifier is built from. */
export interface CalendarNotifierOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  knowledge: KnowledgeSource;
  book: SubscriptionBook;
  /** Senders by channel name; a channel without one keeps notices for the next message. */
  senders: Readonly<Record<string, NotificationSender>>;
  timeZone: string;
  /** Days before a registration deadline the reminder goes out (`CALENDAR_REMINDER_DAYS`). */
  reminderDays: number;
  publicBaseUrl: string;
  /** How often the calendar is checked, in milliseconds. Default 5,000. */
  checkEveryMs?: number;
  /** The sending worker's tunables; default 20 per poll, a poll a second. */
  worker?: ReplyWorkerTuning;
}

/** The running notifier. */
export interface CalendarNotifier {
  start(): void;
  stop(): Promise<void>;
  /** Checks the calendar now; resolves to how many notifications were queued. */
  check(): Promise<number>;
  /** Checks the calendar and sends everything due now: the "drained" signal. Returns how many items were worked on. */
  drain(): Promise<number>;
}

/**
 * Creates the notifier; nothing runs until `start()`.
 *
 * @param options - see {@link CalendarNotifierOptions}
 */
export function createCalendarNotifier(options: CalendarNotifierOptions): CalendarNotifier {
  const { store, clock, logger, book } = options;
  const parts: FanOutParts = { store, clock, logger, book, timeZone: options.timeZone, reminderDays: options.reminderDays, publicBaseUrl: options.publicBaseUrl };
  const check = () => fanOutNotifications(parts, options.knowledge.current().content.calendar);

  async function work(item: NotificationItem, save: (item: NotificationItem) => Promise<void>): Promise<void> {
    if (item.sending) {
      logger.warn({ event: item.eventId, change: item.change }, 'calendar: a process stopped while sending this notification; not sent again, so that nobody gets it twice');
      return;
    }
    const subscription = await book.get(item.subscriptionId);
    if (!subscription) {
      logger.info({ event: item.eventId, change: item.change }, 'calendar: subscription ended before its notification; nothing sent');
      return;
    }
    const sender = options.senders[subscription.channel];
    let sent = false;
    if (sender) {
      await save({ ...item, sending: true });
      try {
        sent = await sender(subscription, item.text);
      } catch (error) {
        await save({ ...item, sending: false });
        if (!isPersonGone(error)) throw error;
        // The person blocked the bot or left: the subscription cannot be used again.
        await book.unsubscribe(subscription);
        logger.warn({ event: item.eventId, change: item.change, channel: subscription.channel }, 'calendar: the platform says the subscriber is gone; subscription ended');
        return;
      }
    }
    if (!sent) await book.keepNotice(subscription.id, { id: item.id, text: item.text, language: subscription.language });
    logger.info({ event: item.eventId, change: item.change, channel: subscription.channel, sent: sent ? 'now' : 'next message' }, 'calendar: notification delivered');
  }

  const worker = createReplyWorker<NotificationItem>({
    tickMs: 1_000,
    batchSize: 20,
    ...options.worker,
    store,
    clock,
    logger,
    name: 'calendar',
    noun: 'notification',
    conversationPrefix: CALENDAR_CONVERSATION_PREFIX,
    read: readNotificationItem,
    work,
    isPermanent: isPermanentDeliveryError,
    describe: (item) => ({ event: item.eventId, change: item.change }),
  });
  const watch = createPollingLoop({ poll: async () => (await check(), 0), tickMs: options.checkEveryMs ?? 5_000, batchSize: 1, logger, failureMessage: 'calendar: checking the calendar failed; will retry' });

  return {
    start() {
      watch.start();
      worker.start();
    },
    async stop() {
      await watch.stop();
      await worker.stop();
    },
    check,
    async drain() {
      await check().catch((error: unknown) => logger.error({ error: describeError(error) }, 'calendar: checking the calendar failed'));
      return worker.drain();
    },
  };
}
