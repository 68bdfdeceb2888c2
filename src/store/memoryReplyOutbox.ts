/**
 * The in-process {@link ReplyOutbox}: one Map in queuing order. Every method reads and
 * writes without awaiting in between, so each is atomic within the process. Items go in and
 * come out as JSON deep copies. Nothing survives a restart.
 */
import type { QueuedReply, ReplyOutbox } from './contract.js';
import { copyJson } from './memoryLeadStore.js';

/**
 * Creates an in-process {@link ReplyOutbox}.
 *
 * Decisions the contract leaves open, shared with the SQLite and Redis stores:
 * - ties in `claimDue` (same `dueAt`) are broken by queuing order;
 * - `settle` accepts the result while `owner` is still the recorded lease owner, even if the
 *   lease has run out, as long as no other worker claimed the item since.
 */
export function createMemoryReplyOutbox(): ReplyOutbox {
  const items = new Map<string, QueuedReply>();
  const clone = (item: QueuedReply): QueuedReply => copyJson(item, `queued reply ${item.id}`);

  /** True when no pending item of the same conversation was queued before `item`. */
  const isHead = (item: QueuedReply): boolean => {
    for (const other of items.values()) {
      if (other.id === item.id) return true;
      if (other.conversation === item.conversation && other.status === 'pending') return false;
    }
    return true;
  };

  return {
    async enqueue(item) {
      if (items.has(item.id)) return false;
      items.set(item.id, clone(item));
      return true;
    },

    async claimDue({ now, limit, leaseMs, owner, conversationPrefix = '' }) {
      if (!(limit >= 1)) return [];
      const due = [...items.values()]
        .filter((item) => item.status === 'pending' && item.conversation.startsWith(conversationPrefix) && item.dueAt <= now && (item.leaseUntil === undefined || item.leaseUntil <= now) && isHead(item))
        .sort((a, b) => a.dueAt - b.dueAt)
        .slice(0, Math.floor(limit));
      for (const item of due) {
        item.leaseUntil = now + leaseMs;
        item.leaseOwner = owner;
      }
      return due.map(clone);
    },

    async settle(item, owner) {
      const stored = items.get(item.id);
      if (!stored || stored.leaseOwner !== owner) return false;
      items.set(item.id, clone({ ...item, conversation: stored.conversation, createdAt: stored.createdAt }));
      return true;
    },

    async get(id) {
      const item = items.get(id);
      return item ? clone(item) : undefined;
    },

    async purge(before) {
      let removed = 0;
      for (const [id, item] of items) {
        if (item.status !== 'pending' && item.createdAt < before) {
          items.delete(id);
          removed += 1;
        }
      }
      return removed;
    },
  };
}
