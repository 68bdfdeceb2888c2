/**
 * What the Telegram channel sends: the engine's replies as HTML messages with inline
 * keyboards, short notices, answers to button presses and removing a message's buttons.
 * Every call has a time limit; a failure is logged, never thrown (the user's turn is over).
 */
import type { Api } from 'grammy';
import type { Logger } from '../../core/logger.js';
import type { Reply } from '../../core/messages.js';
import type { ActionTable } from './actionTable.js';
import { escapeTelegramHtml } from './formatTelegramHtml.js';
import { renderTelegramReply } from './renderTelegramReply.js';

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
}

/** The sending half of the Telegram channel. */
export interface TelegramSender {
  /** Sends each reply as one or more HTML messages; stops at the first failure and logs it. */
  sendReplies(api: Api, chatId: number, replies: readonly Reply[], messageId: string): Promise<void>;
  /** Sends a plain notice (escaped); a failure is logged. */
  sendText(api: Api, chatId: number, text: string): Promise<void>;
  /** Answers a button press, with a toast when `text` is given; a failure (an old press) is logged at debug. */
  answerButton(api: Api, queryId: string, text?: string): Promise<void>;
  /** Removes the inline keyboard of a sent message; a failure is logged at debug. */
  removeButtons(api: Api, chatId: number, messageId: number, leadId: string): Promise<void>;
}

/**
 * Creates the sender.
 *
 * @param options - see {@link TelegramSenderOptions}
 */
export function createTelegramSender(options: TelegramSenderOptions): TelegramSender {
  const { actions, logger, describe, signal } = options;
  return {
    async sendReplies(api, chatId, replies, messageId) {
      try {
        for (const reply of replies) {
          const data = new Map<string, string>();
          for (const button of reply.buttons) data.set(button.action, await actions.encode(button.action));
          for (const message of renderTelegramReply(reply, (action) => data.get(action)!)) {
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
        }
      } catch (error) {
        logger.error({ chatId, messageId, error: describe(error) }, 'Telegram reply not delivered');
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

    async removeButtons(api, chatId, messageId, leadId) {
      await api.editMessageReplyMarkup(chatId, messageId, { reply_markup: { inline_keyboard: [] } }, signal()).catch((error: unknown) => {
        logger.debug({ leadId, error: describe(error) }, 'could not remove the acknowledge button');
      });
    },
  };
}
