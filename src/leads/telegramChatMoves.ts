/**
 * Telegram chats that moved. When a partner's group becomes a supergroup, Telegram refuses
 * messages to the old id with 400 and `parameters.migrate_to_chat_id`
 * (https://core.telegram.org/bots/api#responseparameters). The new id is remembered in the
 * store, shared by every process, so later deliveries to the old id (already queued, or
 * queued from the partners file that still names it) go to the new chat, and a press of
 * the acknowledge button in the new chat counts for the partner.
 */
import type { StateStore } from '../store/contract.js';

/** Telegram chat ids as the partners file and the Bot API write them. */
export type TelegramChatId = number | string;

/** Remembered moves of Telegram chats. */
export interface TelegramChatMoves {
  /** The chat to send to now: where `chatId` moved (following later moves too), or `chatId` itself. */
  resolve(chatId: TelegramChatId): Promise<TelegramChatId>;
  /** Remembers that the chat `from` is now `to`. */
  record(from: TelegramChatId, to: TelegramChatId): Promise<void>;
}

/** A chat moves once (group → supergroup); a few hops are followed in case of stale records. */
const MAX_HOPS = 5;

/** The store key of a moved chat. */
function moveKey(chatId: TelegramChatId): string {
  return `telegram:chat-moved:${String(chatId)}`;
}

/**
 * Creates the record of moved chats on the store (kept without expiry).
 *
 * @param state - the store's state part
 */
export function createTelegramChatMoves(state: StateStore): TelegramChatMoves {
  return {
    async resolve(chatId) {
      let current = chatId;
      for (let hop = 0; hop < MAX_HOPS; hop++) {
        const next = await state.get(moveKey(current));
        if (typeof next !== 'number' && typeof next !== 'string') break;
        if (String(next) === String(current)) break;
        current = next;
      }
      return current;
    },
    async record(from, to) {
      if (String(from) === String(to)) return;
      await state.set(moveKey(from), to);
    },
  };
}
