/**
 * The partner's "acknowledge" button under a lead message (callback data `ack:<leadId>`,
 * made by `src/leads/deliveries/sendTelegramMessage.ts`). It counts only when pressed in a
 * chat that the partners file names as a Telegram delivery of the lead's partner (or of the
 * partner it was escalated to), or in the supergroup such a chat became (the move recorded
 * by the lead delivery, `src/leads/telegramChatMoves.ts`); anyone else's press changes nothing.
 */
import type { Chat } from 'grammy/types';
import type { Clock } from '../../shared/clock.js';
import { silentLogger, type Logger } from '../../shared/logger.js';
import { acknowledgeLead } from '../../leads/acknowledgeLead.js';
import type { LoadedPartners, Partner } from '../../leads/partners.js';
import { readLead } from '../../leads/readLead.js';
import { createTelegramChatMoves, type TelegramChatMoves } from '../../leads/telegramChatMoves.js';
import type { Store } from '../../store/contract.js';
import { TELEGRAM_TEXTS } from './telegramTexts.js';

/** What the acknowledgement needs. */
export interface AcknowledgeFromChatDependencies {
  store: Store;
  clock: Clock;
  partners: LoadedPartners;
  logger?: Logger;
}

/** What to tell the person who pressed the button. */
export interface AcknowledgeFromChatResult {
  /** The toast text for `answerCallbackQuery`. */
  text: string;
  /** True when the button has done its job and can be removed from the message. */
  removeButton: boolean;
}

/**
 * Acknowledges a lead for the partner whose Telegram chat the button was pressed in.
 *
 * @param leadId - from the callback data
 * @param chat - the chat of the message the button is under
 * @param deps - see {@link AcknowledgeFromChatDependencies}
 */
export async function acknowledgeFromChat(leadId: string, chat: Pick<Chat, 'id'> & { username?: string }, deps: AcknowledgeFromChatDependencies): Promise<AcknowledgeFromChatResult> {
  const logger = deps.logger ?? silentLogger;
  const lead = readLead(await deps.store.leads.getLead(leadId));
  if (!lead) return { text: TELEGRAM_TEXTS.ackGone, removeButton: true };
  const candidates = [lead.partnerId, lead.escalatedTo].filter((id): id is string => typeof id === 'string');
  const moves = createTelegramChatMoves(deps.store.state);
  let partnerId: string | undefined;
  for (const id of candidates) {
    if (await deliversToChat(deps.partners.get(id), chat, moves)) {
      partnerId = id;
      break;
    }
  }
  if (!partnerId) {
    logger.warn({ leadId, chatId: chat.id }, 'acknowledge button pressed in a chat that is not a Telegram delivery of the lead\'s partner; ignored');
    return { text: TELEGRAM_TEXTS.ackWrongChat, removeButton: false };
  }
  const result = await acknowledgeLead(leadId, partnerId, deps, 'telegram');
  switch (result.outcome) {
    case 'acknowledged':
      return { text: TELEGRAM_TEXTS.ackDone, removeButton: true };
    case 'already_acknowledged':
      return { text: TELEGRAM_TEXTS.ackAlready, removeButton: true };
    case 'not_found':
      return { text: TELEGRAM_TEXTS.ackGone, removeButton: true };
    case 'not_assigned':
      return { text: TELEGRAM_TEXTS.ackWrongChat, removeButton: false };
  }
}

/** True when one of the partner's delivery methods is this Telegram chat (by id or the id it moved to, or by @username for public chats). */
async function deliversToChat(partner: Partner | undefined, chat: Pick<Chat, 'id'> & { username?: string }, moves: TelegramChatMoves): Promise<boolean> {
  for (const method of partner?.delivery ?? []) {
    if (method.type !== 'telegram') continue;
    const configured = String(method.chatId);
    if (configured.startsWith('@')) {
      if (chat.username !== undefined && configured.slice(1).toLowerCase() === chat.username.toLowerCase()) return true;
      continue;
    }
    if (configured === String(chat.id) || String(await moves.resolve(method.chatId)) === String(chat.id)) return true;
  }
  return false;
}
