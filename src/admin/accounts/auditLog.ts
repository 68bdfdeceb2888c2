/**
 * The audit log: every login (and failed or blocked one), content change, publish, restore,
 * export, lead status change and account change, with who, when and from where. Entries
 * are appended to numbered pages of the state store (`admin:audit:page:<n>`, 200 entries
 * each) so the log grows without one ever-larger value; the newest pages are read first.
 * Entries are also logged, so they reach the operator's log collection.
 */
import type { Clock } from '../../shared/clock.js';
import { silentLogger, type Logger } from '../../shared/logger.js';
import type { StateStore } from '../../store/contract.js';

/** One audited action. */
export interface AuditEntry {
  /** Sequence number, from 0. */
  seq: number;
  /** Epoch milliseconds. */
  at: number;
  /** The user name, or null for an anonymous attempt. */
  actor: string | null;
  /** What happened, e.g. `login.success`, `content.publish`, `lead.status`. */
  action: string;
  /** What it happened to: an entry slug, a revision, a lead id, a user. */
  target?: string;
  /** A short description (never a password, never an applicant's contact). */
  detail?: string;
  /** The client address, for logins. */
  ip?: string;
}

/** What to record. */
export type AuditInput = Omit<AuditEntry, 'seq' | 'at'>;

/** Appends to and reads the audit log. */
export interface AuditLog {
  record(entry: AuditInput): Promise<void>;
  /** The newest entries first, at most `limit`, optionally only those whose action starts with `actionPrefix`. */
  list(options?: { limit?: number; actionPrefix?: string; actor?: string }): Promise<AuditEntry[]>;
}

const PAGE_SIZE = 200;
const HEAD_KEY = 'admin:audit:head';
const pageKey = (page: number) => `admin:audit:page:${page}`;
/** How many pages a listing reads at most (the newest 10,000 entries). */
const MAX_PAGES_READ = 50;

/**
 * Creates the audit log over the state store.
 *
 * @param state - the store's state part
 * @param clock - stamps the entries
 * @param logger - where entries are also logged (info level)
 */
export function createAuditLog(state: StateStore, clock: Clock, logger: Logger = silentLogger): AuditLog {
  return {
    async record(input) {
      const seq = (await state.update<{ count: number }>(HEAD_KEY, (current) => {
        const count = typeof (current as { count?: unknown })?.count === 'number' ? (current as { count: number }).count : 0;
        return { action: 'set', value: { count: count + 1 }, result: count };
      })) as number;
      const entry: AuditEntry = { seq, at: clock.now(), ...input };
      await state.update<AuditEntry[]>(pageKey(Math.floor(seq / PAGE_SIZE)), (current) => ({
        action: 'set',
        value: [...(Array.isArray(current) ? (current as AuditEntry[]) : []), entry],
      }));
      logger.info({ audit: entry }, `audit ${entry.action}`);
    },

    async list(options = {}) {
      const limit = options.limit ?? 200;
      const head = (await state.get(HEAD_KEY)) as { count?: number } | undefined;
      const count = head?.count ?? 0;
      const out: AuditEntry[] = [];
      for (let page = Math.floor((count - 1) / PAGE_SIZE), read = 0; page >= 0 && read < MAX_PAGES_READ && out.length < limit; page--, read++) {
        const entries = ((await state.get(pageKey(page))) as AuditEntry[] | undefined) ?? [];
        for (const entry of [...entries].reverse()) {
          if (options.actionPrefix && !entry.action.startsWith(options.actionPrefix)) continue;
          if (options.actor && entry.actor !== options.actor) continue;
          out.push(entry);
          if (out.length >= limit) break;
        }
      }
      return out;
    },
  };
}
