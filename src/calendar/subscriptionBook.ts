/**
 * The calendar subscriptions, kept in the store's state part (so every store — in-process,
 * SQLite, Redis — keeps them, under the contract suite): one record per subscriber under a
 * random id, an index from the subscriber's channel and user id to that id, and the notices
 * waiting for a subscriber whose channel cannot be written to first (web; 微信客服 outside
 * its window). Records expire `ttlMs` after the last subscribe.
 *
 * Write order keeps a crash harmless: the index is written before the record and deleted
 * after it, so a record is never left that its subscriber cannot stop.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../shared/clock.js';
import type { Language } from '../shared/language.js';
import type { StateStore } from '../store/contract.js';
import { sameScope, SUBSCRIPTION_VERSION, subscriptionSchema, type Subscription, type SubscriptionScope } from './subscriptionSchema.js';

/** The key prefix of subscription records. */
export const SUBSCRIPTION_PREFIX = 'calendar:sub:';
const INDEX_PREFIX = 'calendar:by:';
const NOTICES_PREFIX = 'calendar:notices:';

/** Default lifetime of a subscription after the last subscribe: one year. */
export const DEFAULT_SUBSCRIPTION_TTL_MS = 365 * 24 * 3600_000;

/** A notice waiting for the subscriber's next message. */
export const pendingNoticeSchema = z.object({ id: z.string(), text: z.string(), language: z.enum(['zh', 'en']) });
/** A notice waiting for the subscriber's next message. */
export type PendingNotice = z.infer<typeof pendingNoticeSchema>;

/** A subscriber: a channel and its user id. */
export interface Subscriber {
  channel: string;
  userId: string;
}

/** The subscriptions. */
export interface SubscriptionBook {
  /** Adds `scope` to the subscriber's follows (creating the subscription), in `language`; returns the record. */
  subscribe(who: Subscriber, scope: SubscriptionScope, language: Language): Promise<Subscription>;
  /** Ends the subscription and drops its waiting notices; true when there was one. */
  unsubscribe(who: Subscriber): Promise<boolean>;
  /** The subscriber's subscription, if any. */
  find(who: Subscriber): Promise<Subscription | undefined>;
  /** The subscription with this id, if it still exists. */
  get(id: string): Promise<Subscription | undefined>;
  /** Every live subscription (read when the calendar changes, never per message). */
  list(): Promise<Subscription[]>;
  /** Keeps a notice for the subscriber's next message; a notice id kept already is not kept twice. */
  keepNotice(id: string, notice: PendingNotice): Promise<void>;
  /** Takes (returns and deletes) the notices waiting for the subscriber, oldest first. */
  takeNotices(who: Subscriber): Promise<PendingNotice[]>;
}

/**
 * Creates the book on a state store.
 *
 * @param state - the store's state part
 * @param clock - the bot's clock
 * @param ttlMs - how long a subscription lives after the last subscribe; default {@link DEFAULT_SUBSCRIPTION_TTL_MS}
 */
export function createSubscriptionBook(state: StateStore, clock: Clock, ttlMs: number = DEFAULT_SUBSCRIPTION_TTL_MS): SubscriptionBook {
  const indexKey = (who: Subscriber) => `${INDEX_PREFIX}${who.channel}:${who.userId}`;
  const readRecord = (value: unknown): Subscription | undefined => {
    const parsed = subscriptionSchema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  };
  const idOf = async (who: Subscriber): Promise<string | undefined> => {
    const id = await state.get(indexKey(who));
    return typeof id === 'string' ? id : undefined;
  };

  const book: SubscriptionBook = {
    async subscribe(who, scope, language) {
      const now = clock.now();
      const id = (await idOf(who)) ?? randomUUID();
      await state.set(indexKey(who), id, { ttlMs });
      const result = await state.update<Subscription>(`${SUBSCRIPTION_PREFIX}${id}`, (current) => {
        const earlier = readRecord(current);
        const follows = earlier ? (earlier.follows.some((f) => sameScope(f, scope)) ? earlier.follows : [...earlier.follows, scope]) : [scope];
        const value: Subscription = { v: SUBSCRIPTION_VERSION, id, channel: who.channel, userId: who.userId, language, follows, createdAt: earlier?.createdAt ?? now, updatedAt: now };
        return { action: 'set', value, ttlMs, result: value };
      });
      return result as Subscription;
    },
    async unsubscribe(who) {
      const id = await idOf(who);
      if (id === undefined) return false;
      const existed = (await state.get(`${SUBSCRIPTION_PREFIX}${id}`)) !== undefined;
      await state.delete(`${SUBSCRIPTION_PREFIX}${id}`);
      await state.delete(`${NOTICES_PREFIX}${id}`);
      await state.delete(indexKey(who));
      return existed;
    },
    async find(who) {
      const id = await idOf(who);
      return id === undefined ? undefined : book.get(id);
    },
    async get(id) {
      return readRecord(await state.get(`${SUBSCRIPTION_PREFIX}${id}`));
    },
    async list() {
      const entries = await state.listPrefix(SUBSCRIPTION_PREFIX);
      return entries.map((e) => readRecord(e.value)).filter((s): s is Subscription => s !== undefined);
    },
    async keepNotice(id, notice) {
      await state.update(`${NOTICES_PREFIX}${id}`, (current) => {
        const kept = z.array(pendingNoticeSchema).safeParse(current);
        const notices = kept.success ? kept.data : [];
        if (notices.some((n) => n.id === notice.id)) return { action: 'keep' };
        return { action: 'set', value: [...notices, notice], ttlMs };
      });
    },
    async takeNotices(who) {
      const id = await idOf(who);
      if (id === undefined) return [];
      const taken = await state.update(`${NOTICES_PREFIX}${id}`, (current) => ({ action: current === undefined ? 'keep' : 'delete', result: current }));
      const parsed = z.array(pendingNoticeSchema).safeParse(taken);
      return parsed.success ? parsed.data : [];
    },
  };
  return book;
}
