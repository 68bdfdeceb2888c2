/**
 * The reply outbox part of the storage contract suite (`storeContract.ts` runs it for every
 * store): idempotent queuing, leased claims in conversation order, settling with and
 * without the lease, and the purge of finished items.
 */
import { describe, expect, it } from 'vitest';
import type { QueuedReply } from '../../src/store/contract.js';
import type { StoreUnderTest } from './storeContract.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A pending reply; override any field. */
function reply(id: string, overrides: Partial<QueuedReply> = {}): QueuedReply {
  return { id, conversation: 'c1', status: 'pending', dueAt: T0, attempts: 0, createdAt: T0, payload: { text: id }, ...overrides };
}

const claim = (s: StoreUnderTest, owner = 'w1', now = T0, limit = 10) => s.store.replies.claimDue({ now, limit, leaseMs: 30_000, owner });
const ids = (items: readonly QueuedReply[]) => items.map((i) => i.id);

/**
 * Runs the reply outbox contract.
 *
 * @param name - the implementation's name
 * @param withStore - runs a test on a fresh store and cleans up after
 */
export function runReplyOutboxContract(name: string, withStore: (test: (s: StoreUnderTest) => Promise<void>) => Promise<void>): void {
  describe(`${name} reply outbox contract`, () => {
    it('queues an id once, whatever its status, and gets it back as stored', () =>
      withStore(async (s) => {
        expect(await s.store.replies.enqueue(reply('r1'))).toBe(true);
        expect(await s.store.replies.enqueue(reply('r1', { payload: { text: 'other' } }))).toBe(false);
        expect(await s.store.replies.get('r1')).toEqual(reply('r1'));
        expect(await s.store.replies.get('absent')).toBeUndefined();
        const [claimed] = await claim(s);
        await s.store.replies.settle({ ...claimed!, status: 'done', leaseUntil: undefined, leaseOwner: undefined }, 'w1');
        expect(await s.store.replies.enqueue(reply('r1'))).toBe(false);
      }));

    it('claims due, unleased items that head their conversation, earliest due first, up to the limit', () =>
      withStore(async (s) => {
        await s.store.replies.enqueue(reply('a1', { conversation: 'a', dueAt: T0 - 10 }));
        await s.store.replies.enqueue(reply('a2', { conversation: 'a', dueAt: T0 - 20 }));
        await s.store.replies.enqueue(reply('b1', { conversation: 'b', dueAt: T0 - 5 }));
        await s.store.replies.enqueue(reply('c1', { conversation: 'c', dueAt: T0 + 1000 }));
        await s.store.replies.enqueue(reply('d1', { conversation: 'd', dueAt: T0, status: 'done' }));
        await s.store.replies.enqueue(reply('e1', { conversation: 'e', dueAt: T0 - 1 }));
        const first = await claim(s, 'w1', T0, 2);
        expect(ids(first)).toEqual(['a1', 'b1']);
        expect(first[0]).toMatchObject({ leaseOwner: 'w1', leaseUntil: T0 + 30_000 });
        // a2 waits behind a1 (leased, still pending); c1 is not due; d1 is done.
        expect(ids(await claim(s, 'w2'))).toEqual(['e1']);
        expect(await claim(s, 'w3')).toEqual([]);
      }));

    it('lets the next item of a conversation go once the earlier one is settled, and not before', () =>
      withStore(async (s) => {
        await s.store.replies.enqueue(reply('m1'));
        await s.store.replies.enqueue(reply('m2'));
        const [m1] = await claim(s);
        // Released with a retry later: still pending, so m2 still waits.
        expect(await s.store.replies.settle({ ...m1!, attempts: 1, dueAt: T0 + 5000, leaseUntil: undefined, leaseOwner: undefined }, 'w1')).toBe(true);
        expect(await claim(s)).toEqual([]);
        const [again] = await claim(s, 'w1', T0 + 5000);
        expect(again).toMatchObject({ id: 'm1', attempts: 1 });
        expect(await s.store.replies.settle({ ...again!, status: 'dead', leaseUntil: undefined, leaseOwner: undefined }, 'w1')).toBe(true);
        expect(ids(await claim(s, 'w1', T0 + 5000))).toEqual(['m2']);
      }));

    it('settles as given: keeping the lease records progress, and a lost lease is refused', () =>
      withStore(async (s) => {
        await s.store.replies.enqueue(reply('p1'));
        const [p1] = await claim(s);
        expect(await s.store.replies.settle({ ...p1!, payload: { sent: 1 }, conversation: 'moved', createdAt: T0 + 1 }, 'w1')).toBe(true);
        expect(await s.store.replies.get('p1')).toMatchObject({ conversation: 'c1', createdAt: T0 });
        expect(await s.store.replies.get('p1')).toMatchObject({ payload: { sent: 1 }, leaseOwner: 'w1', leaseUntil: T0 + 30_000 });
        expect(await claim(s, 'w2', T0 + 1000)).toEqual([]);
        // The lease runs out: another worker takes over, and the first one's result is dropped.
        const [taken] = await claim(s, 'w2', T0 + 30_000);
        expect(taken).toMatchObject({ id: 'p1', payload: { sent: 1 }, leaseOwner: 'w2' });
        expect(await s.store.replies.settle({ ...p1!, status: 'done' }, 'w1')).toBe(false);
        expect(await s.store.replies.settle({ ...taken!, status: 'done', leaseUntil: undefined, leaseOwner: undefined }, 'w2')).toBe(true);
        const done = await s.store.replies.get('p1');
        expect(done).toMatchObject({ status: 'done', payload: { sent: 1 } });
        expect(done?.leaseOwner).toBeUndefined();
        expect(done?.leaseUntil).toBeUndefined();
        expect(await s.store.replies.settle({ ...taken!, status: 'done' }, 'nobody')).toBe(false);
        expect(await s.store.replies.settle(reply('never-queued'), 'w1')).toBe(false);
      }));

    it('claims only the conversations under a prefix when asked, leaving the others to their own worker', () =>
      withStore(async (s) => {
        await s.store.replies.enqueue(reply('kf1', { conversation: 'wecom-kf:acc:u1', dueAt: T0 - 30 }));
        await s.store.replies.enqueue(reply('cal1', { conversation: 'calendar:s1', dueAt: T0 - 20 }));
        await s.store.replies.enqueue(reply('cal2', { conversation: 'calendar:s2', dueAt: T0 - 10 }));
        const calendar = await s.store.replies.claimDue({ now: T0, limit: 10, leaseMs: 30_000, owner: 'cal', conversationPrefix: 'calendar:' });
        expect(ids(calendar)).toEqual(['cal1', 'cal2']);
        expect(ids(await s.store.replies.claimDue({ now: T0, limit: 10, leaseMs: 30_000, owner: 'kf', conversationPrefix: 'wecom-kf' }))).toEqual(['kf1']);
        expect(await claim(s, 'any')).toEqual([]);
      }));

    it('never gives the same item to two concurrent claimers', () =>
      withStore(async (s) => {
        for (let n = 0; n < 12; n++) await s.store.replies.enqueue(reply(`x${n}`, { conversation: `c${n}` }));
        const batches = await Promise.all(['w1', 'w2', 'w3'].map((owner) => claim(s, owner, T0, 5)));
        const all = batches.flatMap(ids);
        expect(new Set(all).size).toBe(all.length);
        expect(all).toHaveLength(12);
      }));

    it('purges done and dead items created before a time, never pending ones', () =>
      withStore(async (s) => {
        await s.store.replies.enqueue(reply('old-done', { conversation: 'a', status: 'done', createdAt: T0 - 10 }));
        await s.store.replies.enqueue(reply('old-dead', { conversation: 'b', status: 'dead', createdAt: T0 - 10 }));
        await s.store.replies.enqueue(reply('old-pending', { conversation: 'c', createdAt: T0 - 10 }));
        await s.store.replies.enqueue(reply('new-done', { conversation: 'd', status: 'done', createdAt: T0 }));
        expect(await s.store.replies.purge(T0)).toBe(2);
        expect(await s.store.replies.get('old-done')).toBeUndefined();
        expect(await s.store.replies.get('old-dead')).toBeUndefined();
        expect(await s.store.replies.get('old-pending')).toBeDefined();
        expect(await s.store.replies.get('new-done')).toBeDefined();
        // A purged id can be queued again.
        expect(await s.store.replies.enqueue(reply('old-done'))).toBe(true);
      }));
  });
}
