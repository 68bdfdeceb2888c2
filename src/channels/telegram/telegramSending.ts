/**
 * What the Telegram channel sends: the engine's replies as HTML messages with inline
 * keyboards, short notices, answers to button presses and removing a message's buttons.
 * Every call has a time limit; a failure is logged, never thrown (the user's turn is over).
 *
 * A reply in several messages loses nothing to a long rate limit: auto-retry gives up on a
 * 429 whose `retry_after` is beyond `TELEGRAM_MAX_RETRY_DELAY_SECONDS`, and then the sender
 * itself waits `retry_after` and sends the same message again, then the rest in order (up to
 * `maxReplyWaitMs` of waiting per reply). The chat's later updates wait meanwhile, so the
 * order of messages holds.
 */
import { GrammyError, type Api } from 'grammy';
import type { Logger } from '../../core/logger.js';
import type { Reply } from '../../core/messages.js';
import type { ActionTable } from './actionTable.js';
import { escapeTelegramHtml } from './formatTelegramHtml.js';
import { feedbackActionsOf } from './feedbackButtons.js';
import { renderTelegramReply, type CallbackButton } from './renderTelegramReply.js';

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
  /** Waits `ms` milliseconds; default a timer. Tests pass one that resolves when they say so. */
  wait?: (ms: number) => Promise<void>;
  /** Most time spent waiting for Telegram's 429s within one turn's replies, in milliseconds. Default {@link DEFAULT_REPLY_WAIT_MS}. */
  maxReplyWaitMs?: number;
}

/** Default most waiting for 429s within one turn's replies: 10 minutes. */
export const DEFAULT_REPLY_WAIT_MS = 10 * 60_000;

/** The wait a 429 asks for, in milliseconds, or undefined for other errors. */
function rateLimitWaitMs(error: unknown): number | undefined {
  if (!(error instanceof GrammyError) || error.error_code !== 429) return undefined;
  const seconds = error.parameters.retry_after;
  return typeof seconds === 'number' && seconds >= 0 ? seconds * 1000 : undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The sending half of the Telegram channel. */
export interface TelegramSender {
  /** Sends each reply as one or more HTML messages in order, waiting out long 429s; stops at another failure and logs how much was not sent. */
  sendReplies(api: Api, chatId: number, replies: readonly Reply[], messageId: string): Promise<void>;
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
  const maxReplyWaitMs = options.maxReplyWaitMs ?? DEFAULT_REPLY_WAIT_MS;
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
      } catch (error) {
        logger.error({ chatId, messageId, error: describe(error) }, 'Telegram reply not delivered');
        return;
      }
      let waitedMs = 0;
      for (let index = 0; index < messages.length; ) {
        const message = messages[index]!;
        try {
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
          index++;
        } catch (error) {
          const waitMs = rateLimitWaitMs(error);
          if (waitMs !== undefined && waitedMs + waitMs <= maxReplyWaitMs) {
            waitedMs += waitMs;
            logger.warn({ chatId, messageId, retryInMs: waitMs, unsent: messages.length - index }, 'Telegram asked to wait before the rest of a reply; waiting, then sending it');
            await wait(waitMs);
            continue;
          }
          logger.error({ chatId, messageId, unsent: messages.length - index, of: messages.length, error: describe(error) }, 'Telegram reply not delivered');
          return;
        }
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
