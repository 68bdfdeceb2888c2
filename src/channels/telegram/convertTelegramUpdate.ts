/**
 * Telegram updates as engine {@link InboundMessage}s: a private text message (a slash
 * command becomes the text or action the engine understands) and a pressed button. The
 * conversation is the Telegram user (`from.id`), whose private chat with the bot has the
 * same id.
 */
import type { CallbackQuery, Message } from 'grammy/types';
import { MAX_INBOUND_TEXT_CHARS, type InboundMessage } from '../../core/messages.js';
import type { Language } from '../../shared/language.js';
import { convertCommand } from './telegramCommands.js';

/** The engine's name of this channel. */
export const TELEGRAM_CHANNEL = 'telegram';

/**
 * The reply language a Telegram client suggests: Chinese for `zh…` (zh-hans, zh-hant…),
 * English for any other language (the bot speaks only these two), none when unknown.
 *
 * @param code - the user's `language_code` (IETF tag)
 */
export function languageFromCode(code: string | undefined): Language | undefined {
  if (!code) return undefined;
  return code.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/**
 * Converts a message of a private chat. A message without text (a photo, a sticker) becomes
 * an empty text, which the engine answers by asking for a question. Text longer than the
 * engine accepts is cut.
 *
 * @param message - a message with `from` set (private chats always have it)
 * @param botUsername - the bot's username, to recognise `/command@thisbot`
 */
export function convertTelegramMessage(message: Message, botUsername?: string): InboundMessage {
  const from = message.from!;
  const base = {
    channel: TELEGRAM_CHANNEL,
    userId: String(from.id),
    // Message ids are unique per chat only.
    messageId: `m:${message.chat.id}:${message.message_id}`,
    ...languageHint(from.language_code),
  };
  const text = message.text ?? '';
  const command = text.startsWith('/') ? convertCommand(text, botUsername) : undefined;
  if (command) return { ...base, ...command };
  return { ...base, text: cutText(text) };
}

/**
 * Converts a pressed button whose callback data was decoded to `action`.
 *
 * @param query - the callback query
 * @param action - the engine action of the button (see `ActionTable.decode`)
 */
export function convertCallbackQuery(query: CallbackQuery, action: string): InboundMessage {
  return {
    channel: TELEGRAM_CHANNEL,
    userId: String(query.from.id),
    messageId: `c:${query.id}`,
    action,
    ...languageHint(query.from.language_code),
  };
}

function languageHint(code: string | undefined): { languageHint?: Language } {
  const language = languageFromCode(code);
  return language ? { languageHint: language } : {};
}

function cutText(text: string): string {
  if (text.length <= MAX_INBOUND_TEXT_CHARS) return text;
  let cut = text.slice(0, MAX_INBOUND_TEXT_CHARS);
  // Never leave half of a surrogate pair.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return cut;
}
