import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/shared/clock.js';
import { NetworkError } from '../../src/shared/errors.js';
import { LockTimeoutError, type OutboxItem, type Store, type StoredLead } from '../../src/store/contract.js';
import { createRedisSignal, createRedisStore, STATE_EXPIRY_MARGIN_MS, type RedisSignal } from '../../src/store/redis/index.js';
import { closedPortUrl, deleteKeysByPrefix, findRedisForTests, randomTestPrefix, releaseRedisForTests } from '../helpers/redisForTests.js';
import { runStoreContract } from './storeContract.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

afterAll(() => releaseRedisForTests());

runStoreContract('redis', async () => {
  const { url } = await findRedisForTests();
  const clock = createManualClock(T0);
  const prefix = randomTestPrefix();
  const store = createRedisStore({ url, prefix, clock });
  return {
    store,
    advance: async (ms) => clock.advance(ms),
    cleanup: async () => {
      await store.close();
      await deleteKeysByPrefix(url, prefix);
    },
  };
});

describe('redis store', () => {
  const opened: Array<{ close(): Promise<void> }> = [];
  const prefixes: string[] = [];
  let redisUrl = '';

  /** Two stores on one Redis prefix, as two processes: the first on a client a test can disconnect (its process dies). */
  async function oneDyingOneSurviving() {
    const { url } = await findRedisForTests();
    redisUrl = url;
    const prefix = randomTestPrefix();
    prefixes.push(prefix);
    const dyingClient = new Redis(url);
    const dying = createRedisStore({ url, prefix, clock: createManualClock(T0), redis: dyingClient });
    const survivor = createRedisStore({ url, prefix, clock: createManualClock(T0) });
    opened.push(dying, survivor);
    return { dyingClient, dying, survivor };
  }

  /** Two stores on one prefix with their own connections: two processes. */
  const twoProcesses = async () => {
    redisUrl = (await findRedisForTests()).url;
    const prefix = randomTestPrefix();
    prefixes.push(prefix);
    const a = createRedisStore({ url: redisUrl, prefix, clock: createManualClock(T0) });
    const b = createRedisStore({ url: redisUrl, prefix, clock: createManualClock(T0) });
    opened.push(a, b);
    return { a, b, prefix };
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((o) => o.close()));
    for (const prefix of prefixes.splice(0)) await deleteKeysByPrefix(redisUrl, prefix);
  });

  const lead: StoredLead = { id: 'l1', personKey: 'p1', createdAt: T0, updatedAt: T0 };
  const item = (n: number): OutboxItem => ({ id: `i-${n}`, leadId: 'l1', status: 'pending', dueAt: T0 - n, attempts: 0, createdAt: T0 });

  it('never gives one outbox item to two processes claiming at once', async () => {
    const { a, b } = await twoProcesses();
    const items = Array.from({ length: 20 }, (_, n) => item(n));
    await a.leads.saveLead(lead, items);
    const claimer = async (store: Store, owner: string) => {
      const mine: string[] = [];
      for (;;) {
        const batch = await store.leads.claimDueDeliveries({ now: T0, limit: 2, leaseMs: 30_000, owner });
        if (batch.length === 0) return mine;
        mine.push(...batch.map((i) => i.id));
      }
    };
    const owners = [0, 1, 2, 3, 4].flatMap((n) => [claimer(a, `a${n}`), claimer(b, `b${n}`)]);
    const claimed = (await Promise.all(owners)).flat();
    expect(claimed).toHaveLength(20);
    expect(new Set(claimed).size).toBe(20);
    const stored = await b.leads.listDeliveries('l1');
    expect(stored.every((i) => i.leaseOwner !== undefined && i.leaseUntil === T0 + 30_000)).toBe(true);
  });

  it('never gives one queued reply to two processes claiming at once, and keeps each conversation in order', async () => {
    const { a, b } = await twoProcesses();
    for (let n = 0; n < 20; n++) {
      await a.replies.enqueue({ id: `r-${n}`, conversation: `c${n % 5}`, status: 'pending', dueAt: T0, attempts: 0, createdAt: T0 });
    }
    const order: string[] = [];
    const claimer = async (store: Store, owner: string) => {
      const mine: string[] = [];
      for (;;) {
        const batch = await store.replies.claimDue({ now: T0, limit: 2, leaseMs: 30_000, owner });
        if (batch.length === 0) return mine;
        order.push(...batch.map((i) => i.id));
        for (const item of batch) {
          mine.push(item.id);
          await store.replies.settle({ ...item, status: 'done', leaseUntil: undefined, leaseOwner: undefined }, owner);
        }
      }
    };
    const claimed = (await Promise.all([0, 1, 2].flatMap((n) => [claimer(a, `a${n}`), claimer(b, `b${n}`)]))).flat();
    expect(claimed).toHaveLength(20);
    expect(new Set(claimed).size).toBe(20);
    for (let c = 0; c < 5; c++) {
      const ofConversation = order.filter((id) => Number(id.slice(2)) % 5 === c);
      expect(ofConversation).toEqual([...ofConversation].sort((x, y) => Number(x.slice(2)) - Number(y.slice(2))));
    }
  });

  it('keeps every update when two processes update one key concurrently', async () => {
    const { a, b } = await twoProcesses();
    const increment = (store: Store) =>
      store.state.update<number>('counter', (current) => ({ action: 'set', value: (typeof current === 'number' ? current : 0) + 1 }));
    await Promise.all(Array.from({ length: 20 }, (_, n) => increment(n % 2 === 0 ? a : b)));
    expect(await a.state.get('counter')).toBe(20);
  });

  it('a lock held in one process blocks the other until released', async () => {
    const { a, b } = await twoProcesses();
    const order: string[] = [];
    let release!: () => void;
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const first = a.locks.withLock('user-1', async () => {
      order.push('a start');
      holding();
      await new Promise<void>((resolve) => (release = resolve));
      order.push('a end');
    });
    await held;
    await expect(b.locks.withLock('user-1', async () => 'never', { waitMs: 100 })).rejects.toBeInstanceOf(LockTimeoutError);
    const second = b.locks.withLock('user-1', async () => order.push('b'), { waitMs: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['a start', 'a end', 'b']);
    expect(await a.locks.withLock('user-1', async () => 'again', { waitMs: 1000 })).toBe('again');
  });

  it('renews the lease while the holder works, so a slow live holder keeps its lock', async () => {
    const { a, b } = await twoProcesses();
    // The other process waits well past one lease: without renewal it would get the lock. A lease
    // of 1.5 s leaves its renewals room on a loaded machine (a 200 ms lease did not).
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const slow = a.locks.withLock('user-1', () => (holding(), new Promise((resolve) => setTimeout(resolve, 4000))), { leaseMs: 1500 });
    await held;
    await expect(b.locks.withLock('user-1', async () => 'too early', { waitMs: 2500, leaseMs: 1500 })).rejects.toBeInstanceOf(LockTimeoutError);
    await slow;
  });

  it('takes a lock whose holder died after its lease', async () => {
    const { dyingClient, dying, survivor } = await oneDyingOneSurviving();

    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    // Redis expires the lease 300 ms after it was set, and it was set after this moment.
    const asked = performance.now();
    void dying.locks
      .withLock(
        'user-1',
        () => {
          holding();
          return new Promise<never>(() => undefined);
        },
        { leaseMs: 300 },
      )
      .catch(() => undefined);
    await held;
    dyingClient.disconnect(); // the process dies: no release, no renewal

    // Taken only once the dead holder's lease ran out, within the wait.
    expect(await survivor.locks.withLock('user-1', async () => 'taken over', { waitMs: 5000 })).toBe('taken over');
    expect(performance.now() - asked).toBeGreaterThanOrEqual(299);
  });

  it('a turn takes a lock whose holder died after its lease, and only then reads', async () => {
    const { dyingClient, dying, survivor } = await oneDyingOneSurviving();

    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const asked = performance.now();
    void dying.turns.run('user-1', ['conv'], () => (holding(), new Promise<never>(() => undefined)), { leaseMs: 300 }).catch(() => undefined);
    await held;
    await survivor.state.set('conv', 'written while the dead holder held the lock');
    dyingClient.disconnect(); // the process dies: no writes, no release, no renewal

    const taken = await survivor.turns.run('user-1', ['conv'], async ([conv]) => ({ result: conv }), { waitMs: 5000 });
    expect(taken).toBe('written while the dead holder held the lock');
    expect(performance.now() - asked).toBeGreaterThanOrEqual(299);
  });

  it('a turn is two round trips: lock and reads, then writes and release', async () => {
    const { a, prefix } = await twoProcesses();
    const turn = (id: string) =>
      a.turns.run(id, [`handled:${id}`, 'conv'], async () => ({
        result: undefined,
        writes: [
          { kind: 'set', key: 'conv', value: 1 },
          { kind: 'append', key: 'history', values: ['h'], options: { keep: 5 } },
          { kind: 'set', key: `handled:${id}`, value: [] },
        ],
      }));
    await turn('warm-up'); // loads the scripts into Redis
    const sent: string[] = [];
    const monitor = await new Redis(redisUrl).monitor();
    // Only this test's commands: another test run may share the Redis.
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (!source.includes('lua') && args.some((arg) => arg.startsWith(prefix))) sent.push(String(args[0]).toLowerCase());
    });
    await new Promise((r) => setTimeout(r, 50));
    await turn('counted');
    await new Promise((r) => setTimeout(r, 100));
    monitor.disconnect();
    expect(sent).toEqual(['evalsha', 'evalsha']);
  });

  it('lets another process take over a delivery whose lease ran out', async () => {
    const { a, b } = await twoProcesses();
    await a.leads.saveLead(lead, [item(0)]);
    const [claimed] = await a.leads.claimDueDeliveries({ now: T0, limit: 5, leaseMs: 1000, owner: 'a' });
    expect(await b.leads.claimDueDeliveries({ now: T0 + 999, limit: 5, leaseMs: 1000, owner: 'b' })).toEqual([]);
    const [taken] = await b.leads.claimDueDeliveries({ now: T0 + 1000, limit: 5, leaseMs: 1000, owner: 'b' });
    expect(taken).toMatchObject({ id: 'i-0', leaseOwner: 'b' });
    expect(await a.leads.settleDelivery({ ...claimed!, status: 'delivered' }, 'a', 'late')).toBe(false);
    expect(await b.leads.settleDelivery({ ...taken!, status: 'delivered', attempts: 1 }, 'b', 'ok')).toBe(true);
    expect((await a.leads.getLead('l1'))?.history).toEqual(['ok']);
  });

  it('keeps state keys under the prefix, with the expiry inside and PX as a safety net', async () => {
    const { a, prefix } = await twoProcesses();
    await a.state.set('short', { v: 1 }, { ttlMs: 1000 });
    await a.state.set('forever', 'v');
    const raw = new Redis(redisUrl);
    try {
      expect(JSON.parse((await raw.get(`${prefix}state:short`))!)).toEqual({ e: T0 + 1000, v: { v: 1 } });
      const pttl = await raw.pttl(`${prefix}state:short`);
      expect(pttl).toBeGreaterThan(STATE_EXPIRY_MARGIN_MS);
      expect(pttl).toBeLessThanOrEqual(1000 + STATE_EXPIRY_MARGIN_MS);
      expect(await raw.pttl(`${prefix}state:forever`)).toBe(-1);
    } finally {
      raw.disconnect();
    }
  });

  it('leaves no keys of a deleted lead behind', async () => {
    const { a, prefix } = await twoProcesses();
    await a.leads.saveLead(lead, [item(0), item(1)]);
    await a.leads.claimDueDeliveries({ now: T0, limit: 1, leaseMs: 1000, owner: 'w' });
    await a.leads.deleteLead('l1');
    const raw = new Redis(redisUrl);
    try {
      expect(await raw.keys(`${prefix}*`)).toEqual([`${prefix}seq`]);
    } finally {
      raw.disconnect();
    }
  });

  it('rejects quickly with NetworkError when Redis cannot be reached', async () => {
    const store = createRedisStore({ url: await closedPortUrl(), clock: createManualClock(T0), prefix: randomTestPrefix() });
    opened.push(store);
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['ping', () => store.ping()],
      ['get', () => store.state.get('k')],
      ['update', () => store.state.update('k', () => ({ action: 'set', value: 1 }))],
      ['withLock', () => store.locks.withLock('k', async () => 'never', { waitMs: 10_000 })],
      ['saveLead', () => store.leads.saveLead(lead)],
      ['claimDueDeliveries', () => store.leads.claimDueDeliveries({ now: T0, limit: 1, leaseMs: 1000, owner: 'w' })],
    ];
    for (const [name, call] of calls) {
      const started = performance.now();
      const error = await call().then(
        () => new Error(`${name} resolved`),
        (e: unknown) => e,
      );
      expect(error, name).toBeInstanceOf(NetworkError);
      expect((error as NetworkError).message).toMatch(/could not reach redis/);
      expect(performance.now() - started, name).toBeLessThan(2000);
    }
    const closing = performance.now();
    await store.close();
    expect(performance.now() - closing).toBeLessThan(500);
  });

  describe('signal', () => {
    it('delivers a published message to a subscriber on another connection, and stops after unsubscribing', async () => {
      redisUrl = (await findRedisForTests()).url;
      const prefix = randomTestPrefix();
      const listener: RedisSignal = createRedisSignal({ url: redisUrl, prefix });
      const sender: RedisSignal = createRedisSignal({ url: redisUrl, prefix });
      const stranger: RedisSignal = createRedisSignal({ url: redisUrl, prefix: randomTestPrefix() });
      opened.push(listener, sender, stranger);

      const received: string[] = [];
      const strangers: string[] = [];
      let arrived!: () => void;
      const first = new Promise<void>((resolve) => (arrived = resolve));
      const stop = await listener.subscribe('content', (message) => {
        received.push(message);
        arrived();
      });
      await stranger.subscribe('content', (message) => strangers.push(message));

      expect(await sender.publish('content', 'reload')).toBe(1);
      await first;
      expect(received).toEqual(['reload']);

      await stop();
      expect(await sender.publish('content', 'again')).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(received).toEqual(['reload']);
      expect(strangers).toEqual([]);
    });

    it('reports a throwing handler to onError and keeps delivering', async () => {
      redisUrl = (await findRedisForTests()).url;
      const prefix = randomTestPrefix();
      const errors: Array<[unknown, string]> = [];
      const listener = createRedisSignal({ url: redisUrl, prefix, onError: (error, channel) => errors.push([error, channel]) });
      const sender = createRedisSignal({ url: redisUrl, prefix });
      opened.push(listener, sender);
      const received: string[] = [];
      let arrived!: () => void;
      const done = new Promise<void>((resolve) => (arrived = resolve));
      await listener.subscribe('content', () => {
        throw new Error('handler broke');
      });
      await listener.subscribe('content', (message) => {
        received.push(message);
        arrived();
      });
      await sender.publish('content', 'reload');
      await done;
      expect(received).toEqual(['reload']);
      expect(errors).toEqual([[new Error('handler broke'), 'content']]);
    });
  });
});
