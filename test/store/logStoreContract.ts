/**
 * The conversation log part of the storage contract suite (`storeContract.ts` runs it for
 * every store): idempotent appends, patches that keep the indexed fields, queries newest
 * first with every filter and the next-page cursor, deletion by conversation and by age.
 */
import { describe, expect, it } from 'vitest';
import type { LoggedTurn } from '../../src/store/contract.js';
import type { StoreUnderTest } from './storeContract.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A logged turn; override any field. */
function turn(id: string, overrides: Partial<LoggedTurn> = {}): LoggedTurn {
  return { id, conversation: 'c1', at: T0, channel: 'web', question: `q ${id}`, replies: [{ text: 'a' }], ...overrides };
}

const ids = (turns: readonly LoggedTurn[]) => turns.map((t) => t.id);

/**
 * Runs the conversation log contract.
 *
 * @param name - the implementation's name
 * @param withStore - runs a test on a fresh store and cleans up after
 */
export function runLogStoreContract(name: string, withStore: (test: (s: StoreUnderTest) => Promise<void>) => Promise<void>): void {
  describe(`${name} conversation log contract`, () => {
    it('appends an id once and gives back copies, newest first, the last appended first among equal times', () =>
      withStore(async ({ store }) => {
        const first = turn('t1');
        expect(await store.logs.append(first)).toBe(true);
        expect(await store.logs.append(turn('t1', { question: 'other' }))).toBe(false);
        (first.replies as Array<{ text: string }>)[0]!.text = 'mutated';
        await store.logs.append(turn('t2', { at: T0 + 5 }));
        await store.logs.append(turn('t3'));
        const all = await store.logs.query({ limit: 10 });
        expect(ids(all)).toEqual(['t2', 't3', 't1']);
        expect(all[2]).toEqual(turn('t1'));
      }));

    it('patches a stored turn, keeps its indexed fields, and says when there is none', () =>
      withStore(async ({ store }) => {
        await store.logs.append(turn('t1'));
        expect(await store.logs.patch('t1', { rating: 'down', conversation: 'c9', at: 1, channel: 'x', id: 'other' })).toBe(true);
        expect(await store.logs.patch('t1', { note: { n: 1 } })).toBe(true);
        expect(await store.logs.patch('absent', { rating: 'up' })).toBe(false);
        expect(await store.logs.query({ limit: 10 })).toEqual([{ ...turn('t1'), rating: 'down', note: { n: 1 } }]);
        expect(ids(await store.logs.query({ conversation: 'c1', limit: 10 }))).toEqual(['t1']);
        expect(await store.logs.query({ conversation: 'c9', limit: 10 })).toEqual([]);
      }));

    it('filters by conversation, channel and time (from inclusive, to exclusive)', () =>
      withStore(async ({ store }) => {
        await store.logs.append(turn('a', { at: T0, conversation: 'c1', channel: 'web' }));
        await store.logs.append(turn('b', { at: T0 + 10, conversation: 'c2', channel: 'telegram' }));
        await store.logs.append(turn('c', { at: T0 + 20, conversation: 'c1', channel: 'web' }));
        await store.logs.append(turn('d', { at: T0 + 30, conversation: 'c3', channel: 'web' }));
        expect(ids(await store.logs.query({ conversation: 'c1', limit: 10 }))).toEqual(['c', 'a']);
        expect(ids(await store.logs.query({ channel: 'web', limit: 10 }))).toEqual(['d', 'c', 'a']);
        expect(ids(await store.logs.query({ channel: 'telegram', conversation: 'c1', limit: 10 }))).toEqual([]);
        expect(ids(await store.logs.query({ from: T0 + 10, to: T0 + 30, limit: 10 }))).toEqual(['c', 'b']);
        expect(ids(await store.logs.query({ channel: 'web', from: T0 + 1, limit: 10 }))).toEqual(['d', 'c']);
        expect(ids(await store.logs.query({ limit: 2 }))).toEqual(['d', 'c']);
      }));

    it('pages with the id of the last turn seen, also through turns of the same time', () =>
      withStore(async ({ store }) => {
        for (const [id, at] of [['p1', T0], ['p2', T0 + 1], ['p3', T0 + 1], ['p4', T0 + 1], ['p5', T0 + 2]] as const) await store.logs.append(turn(id, { at }));
        const page1 = await store.logs.query({ limit: 2 });
        expect(ids(page1)).toEqual(['p5', 'p4']);
        const page2 = await store.logs.query({ limit: 2, after: page1[1]!.id });
        expect(ids(page2)).toEqual(['p3', 'p2']);
        expect(ids(await store.logs.query({ limit: 2, after: 'p2' }))).toEqual(['p1']);
        expect(ids(await store.logs.query({ limit: 5, after: 'p4', to: T0 + 1 }))).toEqual(['p1']);
        expect(ids(await store.logs.query({ limit: 5, after: 'p5', from: T0 + 1 }))).toEqual(['p4', 'p3', 'p2']);
        expect(await store.logs.query({ limit: 5, after: 'never-stored' })).toEqual([]);
        await expect(store.logs.query({ limit: 0 })).rejects.toThrow(/limit/);
      }));

    it('deletes a whole conversation, and turns older than a time', () =>
      withStore(async ({ store }) => {
        await store.logs.append(turn('a', { at: T0, conversation: 'c1' }));
        await store.logs.append(turn('b', { at: T0 + 10, conversation: 'c2', channel: 'telegram' }));
        await store.logs.append(turn('c', { at: T0 + 20, conversation: 'c1' }));
        await store.logs.append(turn('d', { at: T0 + 30, conversation: 'c2' }));
        expect(await store.logs.deleteConversation('c1')).toBe(2);
        expect(await store.logs.deleteConversation('c1')).toBe(0);
        expect(ids(await store.logs.query({ limit: 10 }))).toEqual(['d', 'b']);
        expect(ids(await store.logs.query({ channel: 'web', limit: 10 }))).toEqual(['d']);
        expect(await store.logs.purge(T0 + 30)).toBe(1);
        expect(ids(await store.logs.query({ limit: 10 }))).toEqual(['d']);
        expect(await store.logs.query({ channel: 'telegram', limit: 10 })).toEqual([]);
        expect(await store.logs.query({ conversation: 'c2', limit: 10 })).toHaveLength(1);
        expect(await store.logs.patch('b', { rating: 'up' })).toBe(false);
        expect(await store.logs.append(turn('a', { conversation: 'c1' }))).toBe(true);
      }));
  });
}
