/**
 * A conversation's recent messages, kept for channels that show them again (the web page
 * after a reload): what the applicant sent and the bot's replies, with their buttons and
 * sources. Kept in the store's lists with the conversation's expiry, at most
 * {@link MAX_HISTORY_ENTRIES}, and erased by "forget me". Every stored entry carries a
 * `version`; {@link readHistoryEntries} upgrades older ones and drops what it cannot read.
 */
import { z } from 'zod';
import { actionSchema, replySchema, type InboundMessage, type Reply } from './messages.js';

/** The current version of a {@link HistoryEntry}. */
export const HISTORY_ENTRY_VERSION = 1;

/** How many entries (messages of either side) a conversation's history keeps. */
export const MAX_HISTORY_ENTRIES = 30;

/** One message of the history, version 1. */
export const historyEntrySchema = z.discriminatedUnion('role', [
  z.object({
    version: z.literal(HISTORY_ENTRY_VERSION),
    role: z.literal('user'),
    /** When it was handled, epoch milliseconds. */
    at: z.number(),
    /** What the applicant typed (trimmed), or… */
    text: z.string().optional(),
    /** …the action of the button they pressed (a channel shows that button's label, when it showed the button). */
    action: actionSchema.optional(),
  }),
  z.object({
    version: z.literal(HISTORY_ENTRY_VERSION),
    role: z.literal('bot'),
    at: z.number(),
    reply: replySchema,
  }),
]);
/** One message of the history. */
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/**
 * Upgrades from older versions, keyed by the version they upgrade from (none yet: version 1
 * is the first). Each takes a stored entry of that version and returns the next version's shape.
 */
const migrations: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {};

/**
 * The entries one turn adds: the applicant's message, then each reply.
 *
 * @param inbound - the message handled
 * @param replies - the replies given
 * @param now - when, epoch milliseconds
 */
export function historyEntriesOfTurn(inbound: InboundMessage, replies: readonly Reply[], now: number): HistoryEntry[] {
  const asked: HistoryEntry =
    inbound.action !== undefined
      ? { version: HISTORY_ENTRY_VERSION, role: 'user', at: now, action: inbound.action }
      : { version: HISTORY_ENTRY_VERSION, role: 'user', at: now, text: (inbound.text ?? '').trim() };
  return [asked, ...replies.map((reply): HistoryEntry => ({ version: HISTORY_ENTRY_VERSION, role: 'bot', at: now, reply }))];
}

/**
 * Reads stored entries, oldest first, upgrading older versions; an entry that is unreadable
 * (corrupt, or from a newer version) is left out rather than failing the whole history.
 *
 * @param stored - what the store's list held
 */
export function readHistoryEntries(stored: readonly unknown[]): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const item of stored) {
    if (item === null || typeof item !== 'object') continue;
    let value = item as Record<string, unknown>;
    let version = typeof value.version === 'number' ? value.version : 0;
    while (version < HISTORY_ENTRY_VERSION && migrations[version]) {
      value = migrations[version]!(value);
      version += 1;
    }
    const parsed = historyEntrySchema.safeParse(value);
    if (parsed.success) entries.push(parsed.data);
  }
  return entries;
}
