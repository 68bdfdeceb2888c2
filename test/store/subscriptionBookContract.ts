/**
 * The calendar subscriptions on every store (`storeContract.ts` runs this for the in-process,
 * SQLite and Redis stores): subscribing adds follows to one record under a random id, the
 * record is found by subscriber and by id and listed, waiting notices are kept once and taken
 * once, unsubscribing leaves no key behind, and a subscription expires after its lifetime.
 */
import { describe, expect, it } from 'vitest';
import { createSubscriptionBook } from '../../src/calendar/subscriptionBook.js';
import type { StoreUnderTest } from './storeContract.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const clock = { now: () => T0 };
const who = { channel: 'telegram', userId: '4242' };

/**
 * Runs the subscription part of the contract.
 *
 * @param name - the implementation's name
 * @param withStore - runs a test on a fresh store and cleans up after
 */
export function runSubscriptionBookContract(name: string, withStore: (test: (s: StoreUnderTest) => Promise<void>) => Promise<void>): void {
  describe(`${name} calendar subscriptions`, () => {
    it('keeps one record per subscriber, found by subscriber and id, with every scope followed once', () =>
      withStore(async ({ store }) => {
        const book = createSubscriptionBook(store.state, clock, 60_000);
        const first = await book.subscribe(who, { kind: 'all' }, 'zh');
        await book.subscribe(who, { kind: 'region', region: '大湾区' }, 'en');
        await book.subscribe(who, { kind: 'all' }, 'en');
        await book.subscribe({ channel: 'wecom', userId: 'zhangsan' }, { kind: 'event', eventId: 'e1' }, 'zh');
        const found = await book.find(who);
        expect(found).toMatchObject({ id: first.id, language: 'en', follows: [{ kind: 'all' }, { kind: 'region', region: '大湾区' }] });
        expect(await book.get(first.id)).toEqual(found);
        expect((await book.list()).map((s) => s.userId).sort()).toEqual(['4242', 'zhangsan']);
        expect(first.id).not.toContain('4242');
      }));

    it('keeps a waiting notice once and hands it over once', () =>
      withStore(async ({ store }) => {
        const book = createSubscriptionBook(store.state, clock, 60_000);
        const { id } = await book.subscribe(who, { kind: 'all' }, 'zh');
        await book.keepNotice(id, { id: 'n1', text: 'one', language: 'zh' });
        await book.keepNotice(id, { id: 'n1', text: 'one again', language: 'zh' });
        await book.keepNotice(id, { id: 'n2', text: 'two', language: 'zh' });
        expect((await book.takeNotices(who)).map((n) => n.text)).toEqual(['one', 'two']);
        expect(await book.takeNotices(who)).toEqual([]);
      }));

    it('leaves no key behind when a subscription ends, and lets it expire after its lifetime', () =>
      withStore(async (s) => {
        const book = createSubscriptionBook(s.store.state, clock, 60_000);
        const { id } = await book.subscribe(who, { kind: 'all' }, 'zh');
        await book.keepNotice(id, { id: 'n1', text: 'one', language: 'zh' });
        expect(await book.unsubscribe(who)).toBe(true);
        expect(await book.unsubscribe(who)).toBe(false);
        expect(await s.store.state.listPrefix('calendar:')).toEqual([]);
        await book.subscribe(who, { kind: 'all' }, 'zh');
        await s.advance(60_001);
        expect(await book.find(who)).toBeUndefined();
        expect(await book.list()).toEqual([]);
      }));
  });
}
