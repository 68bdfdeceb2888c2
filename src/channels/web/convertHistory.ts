/**
 * `GET /api/history`'s converter: a conversation's stored history into the messages the page
 * shows again after a reload — the applicant's texts, the labels of the buttons they pressed
 * (as the page showed them when pressed), and the bot's replies with their buttons and
 * sources, each reply saying which of its buttons was pressed.
 */
import { z } from 'zod';
import type { HistoryEntry } from '../../core/engine.js';
import { chatReplySchema, convertReplyToChatReply } from './convertChatRequest.js';

/** The request header that carries the web user's id to `GET /api/history` (never the URL: it is what identifies the person). */
export const HISTORY_USER_HEADER = 'x-chat-user';

/** One message of `GET /api/history`. */
export const historyMessageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('user'), text: z.string() }),
  z.object({
    role: z.literal('bot'),
    reply: chatReplySchema,
    /** True when the bot could not answer from its content. */
    fallback: z.boolean(),
    /** The actions of this reply's buttons that the applicant pressed afterwards. */
    pressed: z.array(z.string()),
  }),
]);
/** One message of `GET /api/history`. */
export type HistoryMessage = z.infer<typeof historyMessageSchema>;

/** `GET /api/history` response body: the messages, oldest first. */
export const historyResponseSchema = z.object({ messages: z.array(historyMessageSchema) });
/** `GET /api/history` response body. */
export type HistoryResponse = z.infer<typeof historyResponseSchema>;

/**
 * Converts stored entries into the page's messages. A pressed button is shown by its label,
 * found on the latest earlier reply that offered it; an action no shown button had (the
 * menu the page asks for on opening, the header's language switch) shows no message, as on
 * the page.
 *
 * @param entries - the history, oldest first
 */
export function convertHistoryToResponse(entries: readonly HistoryEntry[]): HistoryResponse {
  const messages: HistoryMessage[] = [];
  for (const entry of entries) {
    if (entry.role === 'bot') {
      messages.push({ role: 'bot', reply: convertReplyToChatReply(entry.reply), fallback: entry.reply.fallback, pressed: [] });
    } else if (entry.text !== undefined) {
      messages.push({ role: 'user', text: entry.text });
    } else if (entry.action !== undefined) {
      const offered = findOffering(messages, entry.action);
      if (!offered) continue;
      if (!offered.pressed.includes(entry.action)) offered.pressed.push(entry.action);
      messages.push({ role: 'user', text: offered.reply.buttons.find((b) => b.action === entry.action)!.label });
    }
  }
  return { messages };
}

/** The latest bot message with a button of `action`. */
function findOffering(messages: HistoryMessage[], action: string): Extract<HistoryMessage, { role: 'bot' }> | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.role === 'bot' && message.reply.buttons.some((b) => b.action === action)) return message;
  }
  return undefined;
}
