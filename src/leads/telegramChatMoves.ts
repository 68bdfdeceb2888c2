/**
 * Telegram chats that moved. When a partner's group becomes a supergroup, Telegram refuses
 * messages to the old id with 400 and `parameters.migrate_to_chat_id`
 * (https://core.telegram.org/bots/api#responseparameters). The new id is remembered in the
 * store, shared by every process, so later deliveries to the old id (already queued, or
 * queued from the partners file that still names it) go to the new chat, and a press of
 * the acknowledge button in the new chat counts for the partner.
 *
 * Each move is also kept as a report (partner, old id, new id, when) that the staff console
 * lists until the partners file names the new id, so the operator knows what to change.
 */
import type { StateStore } from '../store/contract.js';

/** Telegram chat ids as the partners file and the Bot API write them. */
export type TelegramChatId = number | string;

/** A partner's Telegram chat that moved: the id in the partners file, the id it was sent to, and the new one. */
export interface TelegramChatMove {
  partnerId: string;
  /** The `chatId` in the partners file (as copied into the outbox item). */
  configured: TelegramChatId;
  /** The id that Telegram refused. */
  from: TelegramChatId;
  /** The id Telegram named instead. */
  to: TelegramChatId;
}

/** A move as reported to staff: {@link TelegramChatMove} and when it was first seen. */
export interface ReportedTelegramChatMove extends TelegramChatMove {
  /** When the move was first seen, epoch milliseconds. */
  at: number;
}

/** Remembered moves of Telegram chats. */
export interface TelegramChatMoves {
  /** The chat to send to now: where `chatId` moved (following later moves too), or `chatId` itself. */
  resolve(chatId: TelegramChatId): Promise<TelegramChatId>;
  /** Remembers that the chat `from` is now `to`. */
  record(from: TelegramChatId, to: TelegramChatId): Promise<void>;
  /**
   * Keeps the report of a move for staff; true the first time this chat's move is reported
   * (by any process), false when it was already: callers alert staff once.
   */
  report(move: ReportedTelegramChatMove): Promise<boolean>;
  /** Every reported move, newest first. */
  reported(): Promise<ReportedTelegramChatMove[]>;
}

/** A chat moves once (group → supergroup); a few hops are followed in case of stale records. */
const MAX_HOPS = 5;
const REPORT_PREFIX = 'telegram:chat-move-report:';

/** The store key of a moved chat. */
function moveKey(chatId: TelegramChatId): string {
  return `telegram:chat-moved:${String(chatId)}`;
}

function isChatId(value: unknown): value is TelegramChatId {
  return typeof value === 'number' || typeof value === 'string';
}

/** A stored report, or undefined when it does not have the expected shape. */
function readReport(value: unknown): ReportedTelegramChatMove | undefined {
  const v = value as Partial<ReportedTelegramChatMove> | null;
  if (!v || typeof v.partnerId !== 'string' || typeof v.at !== 'number' || !isChatId(v.configured) || !isChatId(v.from) || !isChatId(v.to)) return undefined;
  return { partnerId: v.partnerId, configured: v.configured, from: v.from, to: v.to, at: v.at };
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
        if (!isChatId(next)) break;
        if (String(next) === String(current)) break;
        current = next;
      }
      return current;
    },
    async record(from, to) {
      if (String(from) === String(to)) return;
      await state.set(moveKey(from), to);
    },
    report: (move) => state.setIfAbsent(`${REPORT_PREFIX}${String(move.from)}`, { ...move }),
    async reported() {
      const entries = await state.listPrefix(REPORT_PREFIX);
      return entries.flatMap((e) => readReport(e.value) ?? []).sort((a, b) => b.at - a.at);
    },
  };
}
