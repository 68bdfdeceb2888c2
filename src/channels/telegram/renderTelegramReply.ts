/**
 * One engine {@link Reply} as Telegram messages: the text as HTML (split under the message
 * limit), the source line under an answer, and the buttons as an inline keyboard under the
 * last message, first a 👍 / 👎 row when the answer can be rated (`feedbackButtons.ts`). The
 * callback data of each button comes from the action table (`actionTable.ts`), which keeps
 * it within Telegram's 64 bytes.
 */
import { localeView } from '../../i18n/locales.js';
import type { Language } from '../../shared/language.js';
import type { Button, Reply } from '../../core/messages.js';
import { feedbackKeyboardRow } from './feedbackButtons.js';
import { escapeTelegramHtml } from './formatTelegramHtml.js';
import { splitTelegramMessage, TELEGRAM_MAX_MESSAGE_CHARS } from './splitTelegramMessage.js';

/** One inline keyboard button that sends callback data. */
export interface CallbackButton {
  text: string;
  callback_data: string;
}

/** One message to send with `sendMessage` and `parse_mode: HTML`. */
export interface TelegramOutgoingMessage {
  /** Telegram HTML, everything escaped. */
  html: string;
  /** Rows of buttons; only on the last message of a reply. */
  keyboard?: CallbackButton[][];
}

/** Button labels up to this many columns (a CJK character counts two) share a row, two by two. */
const PAIRABLE_LABEL_COLUMNS = 20;

const sourceLine = (language: Language) => (s: Reply['sources'][number]) => localeView(language, 'channels').t('sourceLine.telegram', { title: s.title, publisher: s.publisher, asOf: s.asOf });
const SOURCE_LINE: Record<Language, (s: Reply['sources'][number]) => string> = { zh: sourceLine('zh'), en: sourceLine('en') };

/**
 * Renders a reply.
 *
 * @param reply - one reply of the engine
 * @param callbackData - the callback data of an action (see `ActionTable.encode`)
 * @param limit - the longest message; default Telegram's 4,096 characters. Lower it only in tests.
 * @returns the messages, in order; at least one
 */
export function renderTelegramReply(reply: Reply, callbackData: (action: string) => string, limit: number = TELEGRAM_MAX_MESSAGE_CHARS): TelegramOutgoingMessage[] {
  const messages = splitTelegramMessage(reply.text, limit);
  const source = reply.sources[0];
  if (source) {
    const line = `<i>${escapeTelegramHtml(SOURCE_LINE[reply.language](source))}</i>`;
    const last = messages.at(-1);
    if (last !== undefined && last.length + 2 + line.length <= limit) messages[messages.length - 1] = `${last}\n\n${line}`;
    else messages.push(line);
  }
  // Telegram refuses an empty text; a reply of buttons alone still needs one.
  if (messages.length === 0) messages.push('…');
  const out: TelegramOutgoingMessage[] = messages.map((html) => ({ html }));
  const feedback = feedbackKeyboardRow(reply, callbackData);
  const rows = [...(feedback ? [feedback] : []), ...layoutKeyboard(reply.buttons, callbackData)];
  if (rows.length) out[out.length - 1]!.keyboard = rows;
  return out;
}

/**
 * Lays buttons out in rows: short labels two to a row, long ones alone, in order.
 *
 * @param buttons - the reply's buttons
 * @param callbackData - the callback data of an action
 */
export function layoutKeyboard(buttons: readonly Button[], callbackData: (action: string) => string): CallbackButton[][] {
  const rows: CallbackButton[][] = [];
  let pending: CallbackButton | undefined;
  for (const button of buttons) {
    const rendered = { text: button.label, callback_data: callbackData(button.action) };
    if (columns(button.label) > PAIRABLE_LABEL_COLUMNS) {
      if (pending) rows.push([pending]);
      pending = undefined;
      rows.push([rendered]);
    } else if (pending) {
      rows.push([pending, rendered]);
      pending = undefined;
    } else {
      pending = rendered;
    }
  }
  if (pending) rows.push([pending]);
  return rows;
}

/** Display width: two columns for CJK and full-width characters, one otherwise. */
function columns(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char) ? 2 : 1;
  return width;
}
