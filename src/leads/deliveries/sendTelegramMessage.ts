/**
 * Delivery to a Telegram chat through the Bot API's `sendMessage`
 * (https://core.telegram.org/bots/api#sendmessage), as HTML with one inline button to
 * acknowledge the lead: the signed link as a URL button when Telegram can open it, else a
 * callback button (`ack:<leadId>`) that the bot's Telegram channel (`src/channels/telegram`)
 * records when it is pressed in the partner's chat.
 *
 * A group that became a supergroup is followed: Telegram refuses the old id with 400 and
 * `parameters.migrate_to_chat_id`; the move is reported through `onChatMoved` and the message
 * is sent again, at once, to the new id.
 */
import { localeView } from '../../i18n/locales.js';
import { InputError, PlatformError } from '../../shared/errors.js';
import { postJson, summariseAnswer, type FetchFunction } from './postJson.js';

/** Telegram's Bot API server. */
export const DEFAULT_TELEGRAM_API_ROOT = 'https://api.telegram.org';

/** The callback data of the acknowledge button starts with this; the lead id follows. */
export const ACK_CALLBACK_PREFIX = 'ack:';
/** The text of the acknowledge callback button. */
export const ACK_CALLBACK_BUTTON_TEXT = localeView('zh', 'leadMessage').all.ackLink;
/** Telegram's limit on `callback_data`, in bytes (https://core.telegram.org/bots/api#inlinekeyboardbutton). */
export const MAX_CALLBACK_DATA_BYTES = 64;

/** One message. */
export interface TelegramMessage {
  chatId: number | string;
  /** Text in Telegram's HTML parse mode, every value already escaped. */
  html: string;
  /** An inline keyboard URL button under the message (the signed acknowledgement link). */
  button?: { text: string; url: string };
  /**
   * The lead the message asks the partner to acknowledge. Without a URL `button`, the
   * message gets a callback button `ack:<leadId>` instead. Default: the lead of the
   * acknowledgement link (`…/leads/<id>/ack?…`) in `html`, if there is one.
   */
  ackLeadId?: string;
}

/**
 * The callback data of the acknowledge button for a lead, or undefined when it would be
 * longer than Telegram allows.
 *
 * @param leadId - the lead's id
 */
export function ackCallbackData(leadId: string): string | undefined {
  const data = `${ACK_CALLBACK_PREFIX}${leadId}`;
  return leadId.length > 0 && Buffer.byteLength(data, 'utf8') <= MAX_CALLBACK_DATA_BYTES ? data : undefined;
}

/**
 * The lead id in an acknowledge button's callback data, or undefined for other data.
 *
 * @param data - `callback_data` of a pressed button
 */
export function parseAckCallbackData(data: string | undefined): string | undefined {
  if (data === undefined || !data.startsWith(ACK_CALLBACK_PREFIX)) return undefined;
  const leadId = data.slice(ACK_CALLBACK_PREFIX.length);
  return leadId.length > 0 ? leadId : undefined;
}

/** The lead of the first acknowledgement link (`href="…/leads/<id>/ack?…"`) in a message's HTML. */
function findAckLeadId(html: string): string | undefined {
  const match = /href="[^"]*\/leads\/([^/"?]+)\/ack\?/.exec(html);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
}

/** The inline keyboard of a lead message: the URL button when given, else the acknowledge callback button, else none. */
function buildKeyboard(message: TelegramMessage): { inline_keyboard: Array<Array<Record<string, string>>> } | undefined {
  // The bot's own button acknowledges in the chat (the Telegram channel records it); the
  // signed link stays in the text for partners who read the message elsewhere.
  const leadId = message.ackLeadId ?? findAckLeadId(message.html);
  const data = leadId === undefined ? undefined : ackCallbackData(leadId);
  if (data !== undefined) return { inline_keyboard: [[{ text: ACK_CALLBACK_BUTTON_TEXT, callback_data: data }]] };
  return message.button ? { inline_keyboard: [[{ text: message.button.text, url: message.button.url }]] } : undefined;
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
  /**
   * Told when Telegram says the chat moved (a group upgraded to a supergroup), before the
   * message is sent again to `to`; it should remember the move. Default: nothing is remembered.
   */
  onChatMoved?: (from: number | string, to: number) => Promise<void>;
}

/** What Telegram answers. */
interface BotApiAnswer {
  ok?: unknown;
  error_code?: unknown;
  description?: unknown;
  parameters?: { retry_after?: unknown; migrate_to_chat_id?: unknown };
}

/**
 * Sends one message with link previews off and its acknowledge button (see {@link TelegramMessage}).
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
  const answer = await postMessage(message, deps, deps.token);
  if (answer.ok === true) return;
  const movedTo = answer.parameters?.migrate_to_chat_id;
  if (typeof movedTo === 'number' && String(movedTo) !== String(message.chatId)) {
    await deps.onChatMoved?.(message.chatId, movedTo);
    const again = await postMessage({ ...message, chatId: movedTo }, deps, deps.token);
    if (again.ok === true) return;
    throw toPlatformError(again);
  }
  throw toPlatformError(answer);
}

/** One `sendMessage` call; the answer as Telegram gave it. */
async function postMessage(message: TelegramMessage, deps: SendTelegramMessageDependencies, token: string): Promise<BotApiAnswer & { status: number }> {
  const root = (deps.apiRoot ?? DEFAULT_TELEGRAM_API_ROOT).replace(/\/+$/, '');
  const body: Record<string, unknown> = {
    chat_id: message.chatId,
    text: message.html,
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
  };
  const keyboard = buildKeyboard(message);
  if (keyboard) body.reply_markup = keyboard;
  const response = await postJson(deps.fetch, {
    url: `${root}/bot${token}/sendMessage`,
    body: JSON.stringify(body),
    timeoutMs: deps.timeoutMs,
    target: `${root}/bot<token>/sendMessage`,
  });
  try {
    return { ...(JSON.parse(response.text) as BotApiAnswer), status: response.status };
  } catch {
    throw new PlatformError('telegram', 'sendMessage', response.status, `answer is not JSON: ${summariseAnswer(response.text)}`);
  }
}

/** Telegram's refusal as our error, with `retry_after` when given. */
function toPlatformError(answer: BotApiAnswer & { status: number }): PlatformError {
  const code = typeof answer.error_code === 'number' ? answer.error_code : answer.status;
  const retryAfter = typeof answer.parameters?.retry_after === 'number' ? answer.parameters.retry_after : undefined;
  return new PlatformError('telegram', 'sendMessage', code, typeof answer.description === 'string' ? summariseAnswer(answer.description) : 'no description', retryAfter);
}
