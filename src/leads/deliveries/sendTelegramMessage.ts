/**
 * Delivery to a Telegram chat through the Bot API's `sendMessage`
 * (https://core.telegram.org/bots/api#sendmessage), as HTML with an inline URL button.
 */
import { InputError, PlatformError } from '../../core/errors.js';
import { postJson, summariseAnswer, type FetchFunction } from './postJson.js';

/** Telegram's Bot API server. */
export const DEFAULT_TELEGRAM_API_ROOT = 'https://api.telegram.org';

/** One message. */
export interface TelegramMessage {
  chatId: number | string;
  /** Text in Telegram's HTML parse mode, every value already escaped. */
  html: string;
  /** An inline keyboard URL button under the message. */
  button?: { text: string; url: string };
}

/** What a Telegram delivery needs. */
export interface SendTelegramMessageDependencies {
  fetch: FetchFunction;
  /** `TELEGRAM_BOT_TOKEN`; unset: every attempt fails with an error saying so. Never logged. */
  token: string | undefined;
  /** Another Bot API server (`TELEGRAM_API_ROOT`); default {@link DEFAULT_TELEGRAM_API_ROOT}. */
  apiRoot?: string;
  /** Time limit of the attempt in milliseconds. */
  timeoutMs: number;
}

/**
 * Sends one message with link previews off.
 *
 * @param message - see {@link TelegramMessage}
 * @param deps - see {@link SendTelegramMessageDependencies}
 * @throws InputError when TELEGRAM_BOT_TOKEN is not set
 * @throws PlatformError when Telegram answers `ok: false` (with `retry_after` when given)
 * @throws NetworkError when Telegram did not answer in time
 */
export async function sendTelegramMessage(message: TelegramMessage, deps: SendTelegramMessageDependencies): Promise<void> {
  if (!deps.token) {
    throw new InputError('TELEGRAM_BOT_TOKEN', 'not set, so leads cannot be delivered to Telegram chats; set it to the token from @BotFather (the bot must be in the partner chat) and restart');
  }
  const root = (deps.apiRoot ?? DEFAULT_TELEGRAM_API_ROOT).replace(/\/+$/, '');
  const body: Record<string, unknown> = {
    chat_id: message.chatId,
    text: message.html,
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
  };
  if (message.button) body.reply_markup = { inline_keyboard: [[{ text: message.button.text, url: message.button.url }]] };
  const response = await postJson(deps.fetch, {
    url: `${root}/bot${deps.token}/sendMessage`,
    body: JSON.stringify(body),
    timeoutMs: deps.timeoutMs,
    target: `${root}/bot<token>/sendMessage`,
  });
  let answer: { ok?: unknown; error_code?: unknown; description?: unknown; parameters?: { retry_after?: unknown } };
  try {
    answer = JSON.parse(response.text) as typeof answer;
  } catch {
    throw new PlatformError('telegram', 'sendMessage', response.status, `answer is not JSON: ${summariseAnswer(response.text)}`);
  }
  if (answer.ok === true) return;
  const code = typeof answer.error_code === 'number' ? answer.error_code : response.status;
  const retryAfter = typeof answer.parameters?.retry_after === 'number' ? answer.parameters.retry_after : undefined;
  throw new PlatformError('telegram', 'sendMessage', code, typeof answer.description === 'string' ? summariseAnswer(answer.description) : 'no description', retryAfter);
}
