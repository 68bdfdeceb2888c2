/**
 * The storage contract suite. Every store implementation runs it (see the *.test.ts files
 * beside this one), so in-process, embedded and Redis stores behave the same.
 */
import { describe, expect, it } from 'vitest';
import { LockTimeoutError, type OutboxItem, type Store, type StoredLead } from '../../src/store/contract.js';
import { runLogStoreContract } from './logStoreContract.js';
import { runReplyOutboxContract } from './replyOutboxContract.js';
import { runSubscriptionBookContract } from './subscriptionBookContract.js';

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
        let held!: () => void;
        const holding = new Promise<void>((r) => (held = r));
        const holder = store.locks.withLock('busy', () => new Promise<void>((r) => ((release = r), held())));
        // Only once the lock is held does the wait begin (acquiring it takes a round trip on a loaded machine).
        await holding;
        await expect(store.locks.withLock('busy', async () => 'never', { waitMs: 50 })).rejects.toBeInstanceOf(LockTimeoutError);
        release();
        await holder;
        expect(await store.locks.withLock('busy', async () => 'next')).toBe('next');
      }));

    it('runs a turn: reads values under the lock, makes its writes in order, returns its result', () =>
      withStore(async ({ store, advance }) => {
        await store.state.set('conv', { turns: 1 }, { ttlMs: 10_000 });
        await store.state.set('gone', 'old', { ttlMs: 100 });
        await store.lists.append('history', ['h0'], { keep: 3 });
        await advance(200);
        const seen: unknown[][] = [];
        const result = await store.turns.run('user-1', ['handled:m1', 'conv', 'gone'], async (values) => {
          seen.push(values);
          return {
            result: 'done',
            writes: [
              { kind: 'set', key: 'conv', value: { turns: 2 }, ttlMs: 1000 },
              { kind: 'append', key: 'history', values: ['h1', 'h2', 'h3'], options: { keep: 3, ttlMs: 1000 } },
              { kind: 'set', key: 'handled:m1', value: ['reply'] },
            ],
          };
        });
        expect(result).toBe('done');
        expect(seen).toEqual([[undefined, { turns: 1 }, undefined]]);
        expect(await store.state.get('conv')).toEqual({ turns: 2 });
        expect(await store.state.get('handled:m1')).toEqual(['reply']);
        expect(await store.lists.read('history')).toEqual(['h1', 'h2', 'h3']);
        expect(await store.turns.run('user-1', ['handled:m1'], async ([earlier]) => ({ result: earlier }))).toEqual(['reply']);
        await advance(1001);
        expect(await store.state.get('conv')).toBeUndefined();
        expect(await store.lists.read('history')).toEqual([]);
        expect(await store.state.get('handled:m1')).toEqual(['reply']);
      }));

    it('turns queue with withLock on the same key, and a failed turn writes nothing and releases', () =>
      withStore(async ({ store }) => {
        const order: string[] = [];
        const turn = (id: string, fail: boolean) =>
          store.turns.run('user-1', ['n'], async ([n]) => {
            order.push(`start ${id} ${String(n)}`);
            await new Promise((r) => setTimeout(r, 5));
            if (fail) throw new Error(`${id} failed`);
            order.push(`end ${id}`);
            return { result: id, writes: [{ kind: 'set', key: 'n', value: (typeof n === 'number' ? n : 0) + 1 }] };
          });
        const first = turn('a', false);
        const locked = store.locks.withLock('user-1', async () => {
          order.push(`lock ${String(await store.state.get('n'))}`);
        });
        const results = await Promise.allSettled([first, locked, turn('b', true), turn('c', false)]);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
        expect(order).toEqual(['start a undefined', 'end a', 'lock 1', 'start b 1', 'start c 1', 'end c']);
        expect(await store.state.get('n')).toBe(2);
        let release!: () => void;
        const holder = store.locks.withLock('busy', () => new Promise<void>((r) => (release = r)));
        await expect(store.turns.run('busy', [], async () => ({ result: 'never' }), { waitMs: 50 })).rejects.toBeInstanceOf(LockTimeoutError);
        release();
        await holder;
        expect(await store.turns.run('busy', [], async () => ({ result: 'next' }))).toBe('next');
      }));

    it('lists and deletes the live keys under a prefix, and only those', () =>
      withStore(async ({ store, advance }) => {
        await store.state.set('handled:web:a:1', ['one']);
        await store.state.set('handled:web:a:2', ['two'], { ttlMs: 60_000 });
        await store.state.set('handled:web:a:gone', ['gone'], { ttlMs: 1000 });
        await store.state.set('handled:web:ab:1', ['other user']);
        await store.state.set('handled:web:a*x', ['glob characters are literal']);
        await store.state.set('handled:web:a', ['the prefix itself is a different key']);
        await advance(1100);
        const listed = await store.state.listPrefix('handled:web:a:');
        expect(listed.map((e) => e.key).sort()).toEqual(['handled:web:a:1', 'handled:web:a:2']);
        expect(listed.find((e) => e.key === 'handled:web:a:1')?.value).toEqual(['one']);
        expect(await store.state.deletePrefix('handled:web:a:')).toBe(2);
        expect(await store.state.listPrefix('handled:web:a:')).toEqual([]);
        expect(await store.state.get('handled:web:ab:1')).toEqual(['other user']);
        expect(await store.state.get('handled:web:a*x')).toEqual(['glob characters are literal']);
        expect(await store.state.get('handled:web:a')).toEqual(['the prefix itself is a different key']);
        expect(await store.state.deletePrefix('nothing:here:')).toBe(0);
      }));

    it('appends to a list, keeps only the newest values, and reads copies oldest first', () =>
      withStore(async ({ store }) => {
        expect(await store.lists.read('history:web:a')).toEqual([]);
        const first = { role: 'user', text: '买房有补贴吗' };
        await store.lists.append('history:web:a', [first, { role: 'bot', n: 1 }], { keep: 3 });
        first.text = 'mutated';
        expect(await store.lists.read('history:web:a')).toEqual([{ role: 'user', text: '买房有补贴吗' }, { role: 'bot', n: 1 }]);
        await store.lists.append('history:web:a', [2, 3], { keep: 3 });
        await store.lists.append('history:web:a', [], { keep: 3 });
        expect(await store.lists.read('history:web:a')).toEqual([{ role: 'bot', n: 1 }, 2, 3]);
        await store.lists.append('history:web:a', [4, 5, 6, 7], { keep: 3 });
        expect(await store.lists.read('history:web:a')).toEqual([5, 6, 7]);
        expect(await store.lists.read('history:web:ab')).toEqual([]);
        await expect(store.lists.append('history:web:a', [8], { keep: 0 })).rejects.toThrow(TypeError);
      }));

    it('expires a list after its time to live, counted from the last append, and starts afresh', () =>
      withStore(async ({ store, advance }) => {
        await store.lists.append('l', ['a'], { keep: 10, ttlMs: 1000 });
        await advance(800);
        await store.lists.append('l', ['b'], { keep: 10, ttlMs: 1000 });
        await advance(800);
        expect(await store.lists.read('l')).toEqual(['a', 'b']);
        await advance(300);
        expect(await store.lists.read('l')).toEqual([]);
        await store.lists.append('l', ['c'], { keep: 10, ttlMs: 1000 });
        expect(await store.lists.read('l')).toEqual(['c']);
        await store.lists.append('forever', ['x'], { keep: 10 });
        await advance(10_000);
        expect(await store.lists.read('forever')).toEqual(['x']);
      }));

    it('deletes a list, apart from state values of the same key; deleting an absent list is fine', () =>
      withStore(async ({ store }) => {
        await store.lists.append('shared-name', ['in the list'], { keep: 5 });
        await store.state.set('shared-name', 'a state value');
        await store.state.deletePrefix('shared');
        expect(await store.lists.read('shared-name')).toEqual(['in the list']);
        await store.state.set('shared-name', 'a state value');
        await store.lists.delete('shared-name');
        await store.lists.delete('never-there');
        expect(await store.lists.read('shared-name')).toEqual([]);
        expect(await store.state.get('shared-name')).toBe('a state value');
        expect(await store.state.listPrefix('shared')).toEqual([{ key: 'shared-name', value: 'a state value' }]);
      }));

    it('keeps every value of concurrent appends to one list', () =>
      withStore(async ({ store }) => {
        await Promise.all(Array.from({ length: 20 }, (_, i) => store.lists.append('busy', [i], { keep: 100 })));
        expect(((await store.lists.read('busy')) as number[]).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      }));

    it('scrubs without losing live data', () =>
      withStore(async ({ store }) => {
        await store.state.set('kept', { a: 1 });
        await store.state.set('erased', { name: '张三' });
        await store.state.delete('erased');
        await store.scrub();
        expect(await store.state.get('kept')).toEqual({ a: 1 });
      }));

    it('answers ping', () =>
      withStore(async ({ store }) => {
        await expect(store.ping()).resolves.toBeUndefined();
      }));
  });

  runReplyOutboxContract(name, withStore);
  runSubscriptionBookContract(name, withStore);
  runLogStoreContract(name, withStore);

  describe(`${name} lead store contract`, () => {
    it('saves and gets leads as copies, and lists them newest first', () =>
      withStore(async ({ store }) => {
        const first = lead('a', T0, { notes: ['x'] });
        await store.leads.saveLead(first);
        await store.leads.saveLead(lead('b', T0 + 2000));
        await store.leads.saveLead(lead('c', T0 + 1000));
        first.notes = ['mutated'];
        expect(await store.leads.getLead('a')).toEqual(lead('a', T0, { notes: ['x'] }));
        expect(await store.leads.getLead('absent')).toBeUndefined();
        expect((await store.leads.listLeads()).map((l) => l.id)).toEqual(['b', 'c', 'a']);

        await store.leads.saveLead({ ...lead('a', T0), updatedAt: T0 + 5000, stage: 'confirmed' });
        expect(await store.leads.getLead('a')).toEqual({ ...lead('a', T0), updatedAt: T0 + 5000, stage: 'confirmed' });
        expect(await store.leads.listLeads()).toHaveLength(3);
      }));

    it('finds the newest lead of a person', () =>
      withStore(async ({ store }) => {
        await store.leads.saveLead(lead('old', T0, { personKey: 'p1' }));
        await store.leads.saveLead(lead('new', T0 + 1000, { personKey: 'p1' }));
        await store.leads.saveLead(lead('newest-other', T0 + 2000, { personKey: 'p2' }));
        await store.leads.saveLead(lead('erased', T0 + 3000));
        expect((await store.leads.findLeadByPerson('p1'))?.id).toBe('new');
        expect((await store.leads.findLeadByPerson('p2'))?.id).toBe('newest-other');
        expect(await store.leads.findLeadByPerson('nobody')).toBeUndefined();
      }));

    it('saves a lead and queues its deliveries atomically', () =>
      withStore(async ({ store }) => {
        await store.leads.saveLead(lead('a', T0), [item('a-1', 'a', T0)]);
        expect((await store.leads.listDeliveries('a')).map((i) => i.id)).toEqual(['a-1']);

        const broken = item('b-2', 'b', T0, { payload: BigInt(1) });
        await expect(store.leads.saveLead(lead('b', T0), [item('b-1', 'b', T0), broken])).rejects.toThrow();
        expect(await store.leads.getLead('b')).toBeUndefined();
        expect(await store.leads.listDeliveries('b')).toEqual([]);

        await expect(store.leads.saveLead({ ...lead('a', T0), stage: 'changed' }, [item('a-2', 'a', T0), broken])).rejects.toThrow();
        expect(await store.leads.getLead('a')).toEqual(lead('a', T0));
        expect((await store.leads.listDeliveries('a')).map((i) => i.id)).toEqual(['a-1']);
      }));

    it('updates a lead and queues deliveries atomically, or leaves it', () =>
      withStore(async ({ store }) => {
        await store.leads.saveLead(lead('a', T0, { stage: 'draft' }));

        const updated = await store.leads.updateLead('a', (current) => ({
          lead: { ...current, stage: 'confirmed', updatedAt: T0 + 1000 },
          enqueue: [item('a-1', 'a', T0 + 1000)],
        }));
        expect(updated).toEqual({ ...lead('a', T0), stage: 'confirmed', updatedAt: T0 + 1000 });
        expect(await store.leads.getLead('a')).toEqual(updated);
        expect((await store.leads.listDeliveries('a')).map((i) => i.id)).toEqual(['a-1']);

        await expect(
          store.leads.updateLead('a', () => {
            throw new Error('change failed');
          }),
        ).rejects.toThrow('change failed');
        await expect(
          store.leads.updateLead('a', (current) => ({
            lead: { ...current, stage: 'lost' },
            enqueue: [item('a-2', 'a', T0), item('a-3', 'a', T0, { payload: BigInt(1) })],
          })),
        ).rejects.toThrow();
        expect(await store.leads.getLead('a')).toEqual(updated);
        expect((await store.leads.listDeliveries('a')).map((i) => i.id)).toEqual(['a-1']);

        expect(await store.leads.updateLead('a', () => undefined)).toEqual(updated);
        expect(await store.leads.getLead('a')).toEqual(updated);

        let called = false;
        const missing = await store.leads.updateLead('absent', (current) => {
          called = true;
          return { lead: current };
        });
        expect(missing).toBeUndefined();
        expect(called).toBe(false);
        expect(await store.leads.getLead('absent')).toBeUndefined();
      }));

    it('claims only pending items that are due and not leased, oldest due first, up to the limit', () =>
      withStore(async ({ store }) => {
        await store.leads.saveLead(lead('a', T0), [
          item('later', 'a', T0 + 1000),
          item('second', 'a', T0 - 1000),
          item('first', 'a', T0 - 2000),
          item('delivered', 'a', T0 - 5000, { status: 'delivered' }),
          item('dead', 'a', T0 - 5000, { status: 'dead' }),
          item('leased', 'a', T0 - 5000, { leaseUntil: T0 + 1, leaseOwner: 'other' }),
          item('lease-over', 'a', T0 - 500, { leaseUntil: T0, leaseOwner: 'crashed' }),
        ]);

        const one = await store.leads.claimDueDeliveries({ now: T0, limit: 1, leaseMs: 30_000, owner: 'w1' });
        expect(one).toEqual([{ ...item('first', 'a', T0 - 2000), leaseUntil: T0 + 30_000, leaseOwner: 'w1' }]);

        const rest = await store.leads.claimDueDeliveries({ now: T0, limit: 10, leaseMs: 30_000, owner: 'w1' });
        expect(rest.map((i) => i.id)).toEqual(['second', 'lease-over']);
        expect(rest.every((i) => i.leaseOwner === 'w1' && i.leaseUntil === T0 + 30_000)).toBe(true);
        expect(await store.leads.claimDueDeliveries({ now: T0, limit: 10, leaseMs: 30_000, owner: 'w2' })).toEqual([]);

        const stored = await store.leads.listDeliveries('a');
        expect(stored.find((i) => i.id === 'second')).toMatchObject({ leaseOwner: 'w1', leaseUntil: T0 + 30_000 });
        expect(stored.find((i) => i.id === 'later')?.leaseOwner).toBeUndefined();
      }));

    it('never gives the same item to two concurrent claimers', () =>
      withStore(async ({ store }) => {
        const items = Array.from({ length: 20 }, (_, n) => item(`i-${n}`, 'a', T0 - n));
        await store.leads.saveLead(lead('a', T0), items);
        const claimer = async (owner: string) => {
          const mine: OutboxItem[] = [];
          for (;;) {
            const batch = await store.leads.claimDueDeliveries({ now: T0, limit: 3, leaseMs: 30_000, owner });
            if (batch.length === 0) return mine;
            expect(batch.every((i) => i.leaseOwner === owner)).toBe(true);
            mine.push(...batch);
          }
        };
        const claimed = (await Promise.all(['w1', 'w2', 'w3', 'w4', 'w5'].map(claimer))).flat().map((i) => i.id);
        expect(claimed).toHaveLength(20);
        expect([...claimed].sort()).toEqual(items.map((i) => i.id).sort());
      }));

    it('lets another worker claim an item whose lease ran out, and ignores the old owner then', () =>
      withStore(async ({ store }) => {
        await store.leads.saveLead(lead('a', T0), [item('a-1', 'a', T0)]);
        const [claimed] = await store.leads.claimDueDeliveries({ now: T0, limit: 5, leaseMs: 1000, owner: 'w1' });
        expect(claimed?.leaseOwner).toBe('w1');
        expect(await store.leads.claimDueDeliveries({ now: T0 + 999, limit: 5, leaseMs: 1000, owner: 'w2' })).toEqual([]);
        const [taken] = await store.leads.claimDueDeliveries({ now: T0 + 1000, limit: 5, leaseMs: 1000, owner: 'w2' });
        expect(taken).toMatchObject({ id: 'a-1', leaseOwner: 'w2', leaseUntil: T0 + 2000 });

        const late = { ...claimed!, status: 'delivered' as const, attempts: 1 };
        expect(await store.leads.settleDelivery(late, 'w1', { at: T0 + 1500, outcome: 'late' })).toBe(false);
        expect(await store.leads.listDeliveries('a')).toEqual([taken]);
        expect((await store.leads.getLead('a'))?.history).toBeUndefined();
      }));

    it('settles an attempt: replaces the item, clears the lease and appends to the lead history', () =>
      withStore(async ({ store }) => {
        await store.leads.saveLead(lead('a', T0), [item('a-1', 'a', T0)]);
        expect(await store.leads.settleDelivery(item('a-1', 'a', T0, { status: 'delivered' }), 'w1', { n: 0 })).toBe(false);

        const [first] = await store.leads.claimDueDeliveries({ now: T0, limit: 1, leaseMs: 30_000, owner: 'w1' });
        const retry = { ...first!, attempts: 1, dueAt: T0 + 60_000, lastError: 'HTTP 503' };
        expect(await store.leads.settleDelivery(retry, 'w1', { n: 1, outcome: 'retry' })).toBe(true);
        expect(await store.leads.listDeliveries('a')).toEqual([{ ...item('a-1', 'a', T0), attempts: 1, dueAt: T0 + 60_000, lastError: 'HTTP 503' }]);
        expect((await store.leads.getLead('a'))?.history).toEqual([{ n: 1, outcome: 'retry' }]);
        expect(await store.leads.settleDelivery(retry, 'w1', { n: 'again' })).toBe(false);

        const [second] = await store.leads.claimDueDeliveries({ now: T0 + 60_000, limit: 1, leaseMs: 30_000, owner: 'w2' });
        expect(await store.leads.settleDelivery({ ...second!, status: 'delivered', attempts: 2 }, 'w2', { n: 2, outcome: 'delivered' })).toBe(true);
        const [settled] = await store.leads.listDeliveries('a');
        expect(settled).toMatchObject({ status: 'delivered', attempts: 2 });
        expect(settled?.leaseOwner).toBeUndefined();
        expect(settled?.leaseUntil).toBeUndefined();
        expect((await store.leads.getLead('a'))?.history).toEqual([
          { n: 1, outcome: 'retry' },
          { n: 2, outcome: 'delivered' },
        ]);
        expect(await store.leads.claimDueDeliveries({ now: T0 + 999_999, limit: 5, leaseMs: 30_000, owner: 'w3' })).toEqual([]);
      }));

    it('deletes a lead with its outbox items, and lists deliveries oldest first', () =>
      withStore(async ({ store }) => {
        await store.leads.saveLead(lead('a', T0), [item('a-late', 'a', T0, { createdAt: T0 + 500 }), item('a-early', 'a', T0, { createdAt: T0 - 500 })]);
        await store.leads.saveLead(lead('b', T0), [item('b-1', 'b', T0)]);
        expect((await store.leads.listDeliveries('a')).map((i) => i.id)).toEqual(['a-early', 'a-late']);

        await store.leads.deleteLead('a');
        await store.leads.deleteLead('never-there');
        expect(await store.leads.getLead('a')).toBeUndefined();
        expect(await store.leads.listDeliveries('a')).toEqual([]);
        expect((await store.leads.listDeliveries('b')).map((i) => i.id)).toEqual(['b-1']);
        expect((await store.leads.claimDueDeliveries({ now: T0, limit: 10, leaseMs: 1000, owner: 'w' })).map((i) => i.id)).toEqual(['b-1']);
      }));
  });
}

/** A fixed point in time for lead tests; claims pass their own `now`. */
const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A minimal lead created at `createdAt`. */
function lead(id: string, createdAt: number, extra: Partial<StoredLead> = {}): StoredLead {
  return { id, createdAt, updatedAt: createdAt, ...extra };
}

/** A pending outbox item of `leadId`, due and created at `dueAt`. */
function item(id: string, leadId: string, dueAt: number, extra: Partial<OutboxItem> = {}): OutboxItem {
  return { id, leadId, status: 'pending', dueAt, attempts: 0, createdAt: dueAt, ...extra };
}
