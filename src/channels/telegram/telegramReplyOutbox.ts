/**
 * The rest of a Telegram reply that could not go out in the turn — Telegram asked to wait
 * longer than auto-retry waits (a 429 with `retry_after` above
 * `TELEGRAM_MAX_RETRY_DELAY_SECONDS`), did not answer, or the sending limit is used up for
 * longer than a turn waits — is kept in the store's reply outbox (`store.replies`, under
 * `telegram:<chat>`) and sent by the shared reply worker (`src/core/createReplyWorker.ts`):
 * leased, retried with backoff and `retry_after` honoured, one message at a time per chat and
 * in order, each message once (progress is saved after each). A 403 (the user blocked the bot)
 * or another 4xx is permanent: the rest is not retried.
 *
 * While a chat has such a backlog, its later replies queue behind it (the backlog mark lasts
 * until the queued part is due and two minutes after the worker's latest attempt), so nothing
 * overtakes what is waiting.
 */
import { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import { createReplyWorker, type ReplyWorker } from '../../core/createReplyWorker.js';
import type { Logger } from '../../shared/logger.js';
import { isPermanentDeliveryError } from '../../leads/isPermanentDeliveryError.js';
import type { QueuedReply, Store } from '../../store/contract.js';
import { queuedReplyFields } from '../../store/queuedReplyFields.js';

/** The conversations of the reply outbox that belong to Telegram replies. */
export const TELEGRAM_CONVERSATION_PREFIX = 'telegram:';
/** How long the backlog mark outlives the queued part's due time or the worker's latest attempt. */
const BACKLOG_MARGIN_MS = 2 * 60_000;

/** One rendered Telegram message: HTML and its inline keyboard (callback data already encoded). */
export const telegramQueuedMessageSchema = z.object({
  html: z.string(),
  keyboard: z.array(z.array(z.object({ text: z.string(), callback_data: z.string() }))).optional(),
});
/** One rendered Telegram message. */
export type TelegramQueuedMessage = z.infer<typeof telegramQueuedMessageSchema>;

/** A queued rest of a reply (version 1). */
export const telegramQueuedItemSchema = z.object({
  ...queuedReplyFields,
  lastError: z.string().optional(),
  v: z.literal(1),
  chatId: z.number(),
  messages: z.array(telegramQueuedMessageSchema).min(1),
  /** How many of `messages` Telegram accepted. */
  done: z.number().int().min(0),
});
/** A queued rest of a reply. */
export type TelegramQueuedItem = z.infer<typeof telegramQueuedItemSchema>;

/** Sends one queued message; throws our error classes (`toTelegramError`). */
export type SendQueuedMessage = (chatId: number, message: TelegramQueuedMessage) => Promise<void>;

/** The outbox of Telegram replies. */
export interface TelegramReplyOutbox {
  /** True while the chat has a backlog its new replies must queue behind. */
  hasBacklog(chatId: number): Promise<boolean>;
  /** Queues `messages` (the rest of the reply to `messageId`) for `chatId`, due in `dueInMs`. */
  queue(chatId: number, messageId: string, messages: readonly TelegramQueuedMessage[], dueInMs: number): Promise<void>;
  /** The worker that sends them. */
  worker: ReplyWorker;
}

/** What the outbox needs. */
export interface TelegramReplyOutboxOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  send: SendQueuedMessage;
}

const backlogKey = (chatId: number) => `telegram:backlog:${chatId}`;

/**
 * Creates the outbox and its worker (not started).
 *
 * @param options - see {@link TelegramReplyOutboxOptions}
 */
export function createTelegramReplyOutbox(options: TelegramReplyOutboxOptions): TelegramReplyOutbox {
  const { store, clock, logger } = options;
  const mark = (chatId: number, untilMs: number) => store.state.set(backlogKey(chatId), true, { ttlMs: Math.max(untilMs, 0) + BACKLOG_MARGIN_MS });

  const worker = createReplyWorker<TelegramQueuedItem>({
    store,
    clock,
    logger,
    name: 'telegram',
    noun: 'reply',
    conversationPrefix: TELEGRAM_CONVERSATION_PREFIX,
    // Flood waits can be long: retried for many hours (backoff capped at an hour apart).
    maxAttempts: 30,
    retryCapMs: 3600_000,
    read: (raw: QueuedReply) => {
      const parsed = telegramQueuedItemSchema.safeParse(raw);
      return parsed.success ? parsed.data : undefined;
    },
    isPermanent: isPermanentDeliveryError,
    describe: (item) => ({ id: item.id, chatId: item.chatId, done: item.done, of: item.messages.length }),
    async work(item, save) {
      await mark(item.chatId, 0);
      let current = item;
      while (current.done < current.messages.length) {
        await options.send(current.chatId, current.messages[current.done]!);
        current = { ...current, done: current.done + 1 };
        await save(current);
      }
    },
  });

  return {
    async hasBacklog(chatId) {
      return (await store.state.get(backlogKey(chatId))) === true;
    },
    async queue(chatId, messageId, messages, dueInMs) {
      if (messages.length === 0) return;
      const now = clock.now();
      const item: TelegramQueuedItem = {
        id: `telegram:${chatId}:${messageId}:${now}`,
        conversation: `${TELEGRAM_CONVERSATION_PREFIX}${chatId}`,
        status: 'pending',
        dueAt: now + dueInMs,
        attempts: 0,
        createdAt: now,
        v: 1,
        chatId,
        messages: [...messages],
        done: 0,
      };
      await mark(chatId, dueInMs);
      await store.replies.enqueue(item);
      logger.warn({ chatId, messageId, queued: messages.length, dueInMs }, 'Telegram: the rest of a reply waits in the outbox');
    },
    worker,
  };
}
