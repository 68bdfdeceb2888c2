/**
 * The partner's "acknowledge" button under a lead message (callback data `ack:<leadId>`,
 * made by `src/leads/deliveries/sendTelegramMessage.ts`). It counts only when pressed in a
 * chat that the partners file names as a Telegram delivery of the lead's partner (or of the
 * partner it was escalated to); anyone else's press changes nothing.
 */
import type { Chat } from 'grammy/types';
import type { Clock } from '../../core/clock.js';
import { silentLogger, type Logger } from '../../core/logger.js';
import { acknowledgeLead } from '../../leads/acknowledgeLead.js';
import type { LoadedPartners, Partner } from '../../leads/partners.js';
import { readLead } from '../../leads/readLead.js';
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
  const partnerId = candidates.find((id) => deliversToChat(deps.partners.get(id), chat));
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

/** True when one of the partner's delivery methods is this Telegram chat (by id, or by @username for public chats). */
function deliversToChat(partner: Partner | undefined, chat: Pick<Chat, 'id'> & { username?: string }): boolean {
  return (partner?.delivery ?? []).some((method) => {
    if (method.type !== 'telegram') return false;
    const configured = String(method.chatId);
    if (configured.startsWith('@')) return chat.username !== undefined && configured.slice(1).toLowerCase() === chat.username.toLowerCase();
    return configured === String(chat.id);
  });
}
