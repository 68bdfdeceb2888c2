/**
 * The storage contract suite. Every store implementation runs it (see the *.test.ts files
 * beside this one), so in-process, embedded and Redis stores behave the same.
 */
import { describe, expect, it } from 'vitest';
import { LockTimeoutError, type Store } from '../../src/store/contract.js';

/** What a store test provides: a fresh store and a way to move its clock. */
export interface StoreUnderTest {
  store: Store;
  /** Makes `ms` milliseconds pass for expiry purposes. */
  advance(ms: number): Promise<void>;
  cleanup(): Promise<void>;
}

/**
 * Runs the contract suite.
 *
 * @param name - the implementation's name, for the test titles
 * @param create - makes a fresh, empty store
 */
export function runStoreContract(name: string, create: () => Promise<StoreUnderTest>): void {
  const withStore = async (test: (s: StoreUnderTest) => Promise<void>) => {
    const subject = await create();
    try {
      await test(subject);
    } finally {
      await subject.cleanup();
    }
  };

  describe(`${name} store contract`, () => {
    it('gets what was set, as a copy', () =>
      withStore(async ({ store }) => {
        const value = { a: 1, list: ['x'] };
        await store.state.set('k', value);
        value.list.push('mutated');
        expect(await store.state.get('k')).toEqual({ a: 1, list: ['x'] });
        expect(await store.state.get('absent')).toBeUndefined();
      }));

    it('deletes, and deleting an absent key is fine', () =>
      withStore(async ({ store }) => {
        await store.state.set('k', 1);
        await store.state.delete('k');
        await store.state.delete('never-there');
        expect(await store.state.get('k')).toBeUndefined();
      }));

    it('expires values after their time to live', () =>
      withStore(async ({ store, advance }) => {
        await store.state.set('short', 'v', { ttlMs: 1000 });
        await store.state.set('forever', 'v');
        await advance(500);
        expect(await store.state.get('short')).toBe('v');
        await advance(600);
        expect(await store.state.get('short')).toBeUndefined();
        expect(await store.state.get('forever')).toBe('v');
      }));

    it('setIfAbsent stores only once, and again after expiry', () =>
      withStore(async ({ store, advance }) => {
        expect(await store.state.setIfAbsent('msg:1', true, { ttlMs: 1000 })).toBe(true);
        expect(await store.state.setIfAbsent('msg:1', true, { ttlMs: 1000 })).toBe(false);
        await advance(1100);
        expect(await store.state.setIfAbsent('msg:1', true, { ttlMs: 1000 })).toBe(true);
      }));

    it('update is atomic: concurrent increments are all kept', () =>
      withStore(async ({ store }) => {
        const increment = () =>
          store.state.update<number>('counter', (current) => {
            const next = (typeof current === 'number' ? current : 0) + 1;
            return { action: 'set', value: next, result: next };
          });
        const results = await Promise.all(Array.from({ length: 25 }, increment));
        expect(await store.state.get('counter')).toBe(25);
        expect(new Set(results).size).toBe(25);
      }));

    it('update can delete or keep, and returns its result', () =>
      withStore(async ({ store }) => {
        await store.state.set('k', 'v');
        expect(await store.state.update('k', () => ({ action: 'keep', result: 'kept' }))).toBe('kept');
        expect(await store.state.get('k')).toBe('v');
        await store.state.update('k', () => ({ action: 'delete' }));
        expect(await store.state.get('k')).toBeUndefined();
      }));

    it('locks serialise work per key, in arrival order, and release on error', () =>
      withStore(async ({ store }) => {
        const order: string[] = [];
        const job = (id: string, ms: number) =>
          store.locks.withLock('user-1', async () => {
            order.push(`start ${id}`);
            await new Promise((r) => setTimeout(r, ms));
            order.push(`end ${id}`);
            if (id === 'b') throw new Error('b failed');
            return id;
          });
        const results = await Promise.allSettled([job('a', 30), job('b', 5), job('c', 1)]);
        expect(order).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      }));

    it('locks on different keys do not wait for each other', () =>
      withStore(async ({ store }) => {
        const order: string[] = [];
        let releaseSlow!: () => void;
        const slow = store.locks.withLock('user-1', async () => {
          await new Promise<void>((r) => (releaseSlow = r));
          order.push('slow');
        });
        await store.locks.withLock('user-2', async () => order.push('other'));
        releaseSlow();
        await slow;
        expect(order).toEqual(['other', 'slow']);
      }));

    it('gives up waiting for a busy lock with LockTimeoutError, and the queue goes on', () =>
      withStore(async ({ store }) => {
        let release!: () => void;
        const holder = store.locks.withLock('busy', () => new Promise<void>((r) => (release = r)));
        await expect(store.locks.withLock('busy', async () => 'never', { waitMs: 50 })).rejects.toBeInstanceOf(LockTimeoutError);
        release();
        await holder;
        expect(await store.locks.withLock('busy', async () => 'next')).toBe('next');
      }));

    it('answers ping', () =>
      withStore(async ({ store }) => {
        await expect(store.ping()).resolves.toBeUndefined();
      }));
  });
}
