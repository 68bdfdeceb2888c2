/**
 * What the Telegram channel sends: the engine's replies as HTML messages with inline
 * keyboards, short notices, answers to button presses and removing a message's buttons.
 * Every call has a time limit; a failure is logged, never thrown (the user's turn is over).
 *
 * Throttled and never dropped: each message takes one unit of Telegram's sending budget (one
 * a second per chat, 30 a second in all, `platformSendLimits.ts`), waiting in the turn when
 * the wait is short. What cannot go out in the turn — a 429 whose `retry_after` is beyond
 * `TELEGRAM_MAX_RETRY_DELAY_SECONDS` (auto-retry gives up on it), no answer after auto-retry's
 * attempts, or a budget used up for longer than a turn waits — is handed, with the rest of
 * the reply, to the reply outbox (`telegramReplyOutbox.ts`), which sends it in order when it
 * is due. A 403 (the user blocked the bot) or another 4xx is permanent and only logged.
 */
import { GrammyError, type Api } from 'grammy';
import type { Logger } from '../../shared/logger.js';
import type { Reply } from '../../core/messages.js';
import type { SendRateLimiter } from '../../core/sendRateLimiter.js';
import { PlatformError } from '../../shared/errors.js';
import { telegramSendRules } from '../../leads/deliveries/platformSendLimits.js';
import type { ActionTable } from './actionTable.js';
import { escapeTelegramHtml } from './formatTelegramHtml.js';
import { feedbackActionsOf } from './feedbackButtons.js';
import { renderTelegramReply, type CallbackButton } from './renderTelegramReply.js';
import type { TelegramQueuedMessage, TelegramReplyOutbox } from './telegramReplyOutbox.js';

/** The abort signal type grammY's API methods declare. */
export type ApiSignal = NonNullable<Parameters<Api['getMe']>[0]>;

/**
 * A new abort signal for one Bot API call, firing after `ms` milliseconds. grammY types
 * signals with its abort-controller shim; at run time it takes Node's own.
 *
 * @param ms - the call's time limit, retries included
 */
export function callSignal(ms: number): ApiSignal {
  return AbortSignal.timeout(ms) as unknown as ApiSignal;
}

/** What {@link createTelegramSender} needs. */
export interface TelegramSenderOptions {
  /** Turns a button's action into its `callback_data` (short actions as they are, long ones through the store). */
  actions: ActionTable;
  logger: Logger;
  /** An error as one line for logs, without the token. */
  describe: (error: unknown) => string;
  /** A fresh abort signal for each call. */
  signal: () => ApiSignal;
  /** A grammY failure as our error class, without the token (`toTelegramError`). */
  toError: (error: unknown) => Error;
  /** Telegram's sending budgets (shared with the lead deliveries and other processes through the store). */
  limits: SendRateLimiter;
  /** Where the rest of a reply waits when it cannot go out in the turn. */
  outbox: Pick<TelegramReplyOutbox, 'hasBacklog' | 'queue'>;
  /** Waits `ms` milliseconds for the sending budget; default a timer. Tests pass one that moves the manual clock. */
  wait?: (ms: number) => Promise<void>;
  /** Most time one turn's replies wait for the sending budget, in milliseconds; beyond it the rest is queued. Default {@link DEFAULT_TURN_WAIT_MS}. */
  maxTurnWaitMs?: number;
}

/** Default most waiting for the sending budget within one turn's replies: 5 seconds. */
export const DEFAULT_TURN_WAIT_MS = 5_000;

/** True for a refusal Telegram will repeat: a 4xx other than 408 and 429 (403: the user blocked the bot). */
function isPermanentTelegramError(error: unknown): boolean {
  if (!(error instanceof GrammyError)) return false;
  const code = error.error_code;
  return code >= 400 && code < 500 && code !== 408 && code !== 429;
}

/** The wait a 429 asks for, in milliseconds, or undefined for other errors. */
function rateLimitWaitMs(error: unknown): number | undefined {
  if (!(error instanceof GrammyError) || error.error_code !== 429) return undefined;
  const seconds = error.parameters.retry_after;
  return typeof seconds === 'number' && seconds >= 0 ? seconds * 1000 : undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The sending half of the Telegram channel. */
export interface TelegramSender {
  /** Sends each reply as one or more HTML messages in order, within the sending budget; what cannot go now waits in the outbox (a permanent refusal is logged). */
  sendReplies(api: Api, chatId: number, replies: readonly Reply[], messageId: string): Promise<void>;
  /**
   * Sends one message of a queued rest (the outbox worker's step), within the sending budget.
   *
   * @throws PlatformError (with `retry_after`) or NetworkError, for the worker to retry or give up
   */
  sendQueued(api: Api, chatId: number, message: TelegramQueuedMessage): Promise<void>;
  /** Sends a plain notice (escaped); a failure is logged. */
  sendText(api: Api, chatId: number, text: string): Promise<void>;
  /** Answers a button press, with a toast when `text` is given; a failure (an old press) is logged at debug. */
  answerButton(api: Api, queryId: string, text?: string): Promise<void>;
  /** Removes the inline keyboard of a sent message; a failure is logged at debug. */
  removeButtons(api: Api, chatId: number, messageId: number, leadId: string): Promise<void>;
  /** Replaces the inline keyboard of a sent message (the feedback row taken out); a failure is logged at debug. */
  replaceButtons(api: Api, chatId: number, messageId: number, keyboard: CallbackButton[][]): Promise<void>;
}

/**
 * Creates the sender.
 *
 * @param options - see {@link TelegramSenderOptions}
 */
export function createTelegramSender(options: TelegramSenderOptions): TelegramSender {
  const { actions, logger, describe, signal } = options;
  const wait = options.wait ?? sleep;
  const maxTurnWaitMs = options.maxTurnWaitMs ?? DEFAULT_TURN_WAIT_MS;
  const { limits, outbox } = options;

  /** One `sendMessage` of a rendered message, links without previews. */
  async function post(api: Api, chatId: number, message: TelegramQueuedMessage): Promise<void> {
    await api.sendMessage(
      chatId,
      message.html,
      {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(message.keyboard ? { reply_markup: { inline_keyboard: message.keyboard } } : {}),
      },
      signal(),
    );
  }

  /** Sends `messages` in order; queues the rest when it must wait longer than the turn may. */
  async function sendInOrder(api: Api, chatId: number, messages: readonly TelegramQueuedMessage[], messageId: string): Promise<void> {
    let waitedMs = 0;
    for (let index = 0; index < messages.length; ) {
      const budgetWaitMs = await limits.take(telegramSendRules(chatId));
      if (budgetWaitMs > 0) {
        if (waitedMs + budgetWaitMs > maxTurnWaitMs) return outbox.queue(chatId, messageId, messages.slice(index), budgetWaitMs);
        waitedMs += budgetWaitMs;
        await wait(budgetWaitMs);
        continue;
      }
      try {
        await post(api, chatId, messages[index]!);
        index++;
      } catch (error) {
        const fields = { chatId, messageId, unsent: messages.length - index, of: messages.length, error: describe(error) };
        if (isPermanentTelegramError(error)) {
          logger.error(fields, 'Telegram refused the reply for good (blocked or a bad request); the rest is not sent');
          return;
        }
        // A long 429 or no answer: the rest waits in the outbox (retry_after honoured).
        logger.warn(fields, 'Telegram reply could not be sent now; the rest waits in the outbox');
        return outbox.queue(chatId, messageId, messages.slice(index), rateLimitWaitMs(error) ?? 0);
      }
    }
  }

  return {
    async sendReplies(api, chatId, replies, messageId) {
      let messages: ReturnType<typeof renderTelegramReply>;
      try {
        messages = [];
        for (const reply of replies) {
          const data = new Map<string, string>();
          for (const action of [...reply.buttons.map((b) => b.action), ...feedbackActionsOf(reply)]) data.set(action, await actions.encode(action));
          messages.push(...renderTelegramReply(reply, (action) => data.get(action)!));
        }
        if (await outbox.hasBacklog(chatId)) return await outbox.queue(chatId, messageId, messages, 0);
      } catch (error) {
        logger.error({ chatId, messageId, error: describe(error) }, 'Telegram reply not delivered');
        return;
      }
      try {
        await sendInOrder(api, chatId, messages, messageId);
      } catch (error) {
        logger.error({ chatId, messageId, error: describe(error) }, 'Telegram reply not delivered: the store failed while it waited');
      }
    },

    async sendQueued(api, chatId, message) {
      for (let budgetWaitMs = await limits.take(telegramSendRules(chatId)); budgetWaitMs > 0; budgetWaitMs = await limits.take(telegramSendRules(chatId))) {
        if (budgetWaitMs > maxTurnWaitMs) throw new PlatformError('telegram', 'sendMessage', 429, 'the bot\'s own sending limit is used up', Math.ceil(budgetWaitMs / 1000));
        await wait(budgetWaitMs);
      }
      try {
        await post(api, chatId, message);
      } catch (error) {
        throw options.toError(error);
      }
    },

    async sendText(api, chatId, text) {
      await api.sendMessage(chatId, escapeTelegramHtml(text), { parse_mode: 'HTML' }, signal()).catch((error: unknown) => {
        logger.error({ chatId, error: describe(error) }, 'Telegram notice not delivered');
      });
    },

    async answerButton(api, queryId, text) {
      // A press left unanswered spins on the user's screen; an old one cannot be answered any more.
      await api.answerCallbackQuery(queryId, text ? { text } : {}, signal()).catch((error: unknown) => {
        logger.debug({ error: describe(error) }, 'could not answer a button press');
      });
    },

    async replaceButtons(api, chatId, messageId, keyboard) {
      await api.editMessageReplyMarkup(chatId, messageId, { reply_markup: { inline_keyboard: keyboard } }, signal()).catch((error: unknown) => {
        logger.debug({ chatId, error: describe(error) }, 'could not take the feedback buttons off an answer');
      });
    },

    async removeButtons(api, chatId, messageId, leadId) {
      await api.editMessageReplyMarkup(chatId, messageId, { reply_markup: { inline_keyboard: [] } }, signal()).catch((error: unknown) => {
        logger.debug({ leadId, error: describe(error) }, 'could not remove the acknowledge button');
      });
    },
  };
}
