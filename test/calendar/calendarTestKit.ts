/**
 * Shared parts of the calendar tests: the real engine with subscriptions on over the shipped
 * content, a knowledge source whose calendar the test publishes new dates into (as staff do),
 * and the real notifier. Nothing of ours is mocked; senders talk to the local fake APIs.
 */
import { createCalendarNotifier, type CalendarNotifier, type NotificationSender } from '../../src/calendar/createCalendarNotifier.js';
import { createSubscriptionBook, type SubscriptionBook } from '../../src/calendar/subscriptionBook.js';
import { createEngine, type Engine } from '../../src/core/engine.js';
import type { Reply } from '../../src/core/messages.js';
import { buildKnowledgeBase, type KnowledgeBase } from '../../src/knowledge/knowledgeBase.js';
import type { CalendarEvent } from '../../src/knowledge/schema.js';
import { recordingLogger } from '../leads/leadTestKit.js';
import { createTestBot, type TestBot } from '../helpers/testApp.js';

/** The public URL the tests' links use. */
export const TEST_BASE_URL = 'https://talent.example.test';

/** The event the tests publish dates for. */
export const GBA_EVENT = 'greater-bay-area-invitational-2024';

/** A knowledge source whose content the test replaces, as a publish does. */
export interface PublishableKnowledge {
  current(): KnowledgeBase;
  /** Publishes the calendar with `change` applied to the event `id`. */
  publishEvent(id: string, change: Partial<CalendarEvent>): void;
}

/** A knowledge source over `initial` that the test can publish into. */
export function publishableKnowledge(initial: KnowledgeBase): PublishableKnowledge {
  let current = initial;
  return {
    current: () => current,
    publishEvent(id, change) {
      const content = current.content;
      const events = content.calendar.events.map((e) => (e.id === id ? { ...e, ...change } : e));
      current = buildKnowledgeBase({ ...content, calendar: { ...content.calendar, events } });
    },
  };
}

/** Everything a calendar test drives. */
export interface CalendarBed extends TestBot {
  engine: Engine;
  book: SubscriptionBook;
  knowledgeSource: PublishableKnowledge;
  notifier: CalendarNotifier;
  logger: ReturnType<typeof recordingLogger>;
  /** Sends a message or presses a button as `userId` on `channel`. */
  say(channel: string, userId: string, input: { text?: string; action?: string }): Promise<Reply[]>;
}

/**
 * The bed.
 *
 * @param makeSenders - the notification senders by channel (talking to the fake APIs), made with the bed's store and clock
 * @param reminderDays - days before a deadline the reminder goes out
 */
export async function createCalendarBed(makeSenders: (bot: TestBot) => Record<string, NotificationSender> = () => ({}), reminderDays = 7): Promise<CalendarBed> {
  const bot = await createTestBot();
  const senders = makeSenders(bot);
  const logger = recordingLogger();
  const knowledgeSource = publishableKnowledge(bot.knowledge);
  const book = createSubscriptionBook(bot.store.state, bot.clock);
  const engine = createEngine({
    clock: bot.clock,
    store: bot.store,
    knowledge: knowledgeSource,
    profile: bot.profile,
    subscriptions: { book, keepDays: 365, publicBaseUrl: TEST_BASE_URL },
  });
  const notifier = createCalendarNotifier({
    store: bot.store,
    clock: bot.clock,
    logger,
    knowledge: knowledgeSource,
    book,
    senders,
    timeZone: bot.profile.timeZone,
    reminderDays,
    publicBaseUrl: TEST_BASE_URL,
    worker: { random: () => 0.5, retryBaseMs: 1000 },
  });
  let n = 0;
  const say = (channel: string, userId: string, input: { text?: string; action?: string }) => engine.handle({ channel, userId, messageId: `m${++n}`, ...input });
  return { ...bot, engine, book, knowledgeSource, notifier, logger, say };
}

/** All reply texts of a turn, joined. */
export function textOf(replies: readonly Reply[]): string {
  return replies.map((r) => r.text).join('\n');
}
