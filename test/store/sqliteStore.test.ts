import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/shared/clock.js';
import type { OutboxItem, StoredLead } from '../../src/store/contract.js';
import { createSqliteStore } from '../../src/store/sqliteStore.js';
import { SWEEP_EVERY_APPENDS } from '../../src/store/sqliteListStore.js';
import { runStoreContract } from './storeContract.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const crashFixture = fileURLToPath(new URL('./fixtures/saveLeadThenWait.ts', import.meta.url));

runStoreContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'talentbot-sqlite-'));
  const clock = createManualClock(T0);
  const store = createSqliteStore({ file: join(dir, 'nested', 'talentbot.db'), clock });
  return {
    store,
    advance: async (ms) => clock.advance(ms),
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('sqlite store', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'talentbot-sqlite-'));
    file = join(dir, 'talentbot.db');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const lead: StoredLead = { id: 'l1', personKey: 'p1', createdAt: T0, updatedAt: T0, stage: 'confirmed' };
  const item: OutboxItem = { id: 'l1:webhook', leadId: 'l1', status: 'pending', dueAt: T0, attempts: 0, createdAt: T0, target: 'crm' };

  it('keeps state, leads and outbox across close and reopen', async () => {
    const clock = createManualClock(T0);
    const first = createSqliteStore({ file, clock });
    expect(first.kind).toBe('sqlite');
    await first.state.set('forever', { a: [1, 2] });
    await first.state.set('for-a-while', 'v', { ttlMs: 10_000 });
    await first.leads.saveLead(lead, [item]);
    const [claimed] = await first.leads.claimDueDeliveries({ now: T0, limit: 1, leaseMs: 30_000, owner: 'w1' });
    await first.close();
    await first.close();

    clock.advance(5000);
    const second = createSqliteStore({ file, clock });
    try {
      expect(await second.state.get('forever')).toEqual({ a: [1, 2] });
      expect(await second.state.get('for-a-while')).toBe('v');
      expect(await second.leads.getLead('l1')).toEqual(lead);
      expect(await second.leads.findLeadByPerson('p1')).toEqual(lead);
      expect(await second.leads.listDeliveries('l1')).toEqual([claimed]);
      expect(await second.leads.settleDelivery({ ...claimed!, status: 'delivered', attempts: 1 }, 'w1', 'ok')).toBe(true);
      clock.advance(5000);
      expect(await second.state.get('for-a-while')).toBeUndefined();
    } finally {
      await second.close();
    }
  });

  it('sweeps expired keys when it opens', async () => {
    const clock = createManualClock(T0);
    const first = createSqliteStore({ file, clock });
    await first.state.set('short', 1, { ttlMs: 1000 });
    await first.state.set('long', 2, { ttlMs: 60_000 });
    await first.close();
    clock.advance(2000);
    await createSqliteStore({ file, clock }).close();

    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.prepare('SELECT key FROM kv').pluck().all()).toEqual(['long']);
    } finally {
      raw.close();
    }
  });

  it('opens the file in WAL mode with a schema version, and refuses a newer schema', async () => {
    await createSqliteStore({ file, clock: createManualClock(T0) }).close();
    const raw = new Database(file);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(4);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => createSqliteStore({ file, clock: createManualClock(T0) })).toThrow(/newer than this talentbot knows/);
  });

  it('upgrades a file of schema version 1 (no replies, lists or logs) and keeps its state', async () => {
    const old = new Database(file);
    old.exec('CREATE TABLE kv (key TEXT PRIMARY KEY, json TEXT NOT NULL, expires_at INTEGER)');
    old.exec(`CREATE TABLE leads (id TEXT PRIMARY KEY, person_key TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, json TEXT NOT NULL)`);
    old.exec(`CREATE TABLE outbox (id TEXT PRIMARY KEY, lead_id TEXT NOT NULL, status TEXT NOT NULL, due_at INTEGER NOT NULL, lease_until INTEGER, lease_owner TEXT, created_at INTEGER NOT NULL, json TEXT NOT NULL)`);
    old.prepare('INSERT INTO kv (key, json, expires_at) VALUES (?, ?, NULL)').run('kept', '{"a":1}');
    old.pragma('user_version = 1');
    old.close();
    const store = createSqliteStore({ file, clock: createManualClock(T0) });
    try {
      expect(await store.state.get('kept')).toEqual({ a: 1 });
      await store.lists.append('history:web:u', ['hello'], { keep: 30 });
      expect(await store.lists.read('history:web:u')).toEqual(['hello']);
      expect(await store.logs.append({ id: 't1', conversation: 'c', at: T0, channel: 'web' })).toBe(true);
      expect(await store.logs.query({ limit: 5 })).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('rejects ping once closed', async () => {
    const store = createSqliteStore({ file, clock: createManualClock(T0) });
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
    await expect(store.ping()).rejects.toThrow();
  });

  it('never gives one item to two connections on the same file', async () => {
    const a = createSqliteStore({ file, clock: createManualClock(T0) });
    const b = createSqliteStore({ file, clock: createManualClock(T0) });
    try {
      const items = Array.from({ length: 20 }, (_, n) => ({ ...item, id: `i-${n}`, dueAt: T0 - n }));
      await a.leads.saveLead(lead, items);
      const claimed: string[] = [];
      for (let round = 0; round < 20; round++) {
        const batches = await Promise.all([
          a.leads.claimDueDeliveries({ now: T0, limit: 3, leaseMs: 30_000, owner: 'a' }),
          b.leads.claimDueDeliveries({ now: T0, limit: 3, leaseMs: 30_000, owner: 'b' }),
        ]);
        claimed.push(...batches.flat().map((i) => i.id));
      }
      expect(claimed.sort()).toEqual(items.map((i) => i.id).sort());
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('keeps a saved lead and its pending delivery when the process is killed', async () => {
    const crashFile = join(dir, 'crash', 'talentbot.db');
    const child = spawn(process.execPath, ['--import', 'tsx', crashFixture, crashFile], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    try {
      await new Promise<void>((resolve, reject) => {
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes('saved\n')) resolve();
        });
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.once('exit', (code) => reject(new Error(`child exited (${code}) before saving:\n${stderr}`)));
      });
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }

    const store = createSqliteStore({ file: crashFile, clock: createManualClock(T0) });
    try {
      expect(await store.leads.getLead('crash-lead')).toMatchObject({ id: 'crash-lead', stage: 'confirmed' });
      expect(await store.leads.listDeliveries('crash-lead')).toEqual([
        { id: 'crash-lead:webhook', leadId: 'crash-lead', status: 'pending', dueAt: T0, attempts: 0, createdAt: T0 },
      ]);
      expect((await store.leads.claimDueDeliveries({ now: T0, limit: 5, leaseMs: 1000, owner: 'w' })).map((i) => i.id)).toEqual([
        'crash-lead:webhook',
      ]);
    } finally {
      await store.close();
    }
  });
});

describe('sqlite lists', () => {
  it('sweeps expired lists out of the file, not only out of reads', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'talentbot-sqlite-lists-'));
    const file = join(dir, 'talentbot.db');
    const clock = createManualClock(T0);
    const store = createSqliteStore({ file, clock });
    try {
      await store.lists.append('history:web:gone', ['secret words'], { keep: 30, ttlMs: 1000 });
      clock.advance(2000);
      for (let i = 0; i < SWEEP_EVERY_APPENDS; i++) await store.lists.append(`other:${i % 3}`, [i], { keep: 2 });
      const raw = new Database(file, { readonly: true });
      try {
        expect(raw.prepare("SELECT count(*) AS n FROM list_items WHERE key = 'history:web:gone'").get()).toEqual({ n: 0 });
        expect(raw.prepare("SELECT count(*) AS n FROM lists WHERE key = 'history:web:gone'").get()).toEqual({ n: 0 });
      } finally {
        raw.close();
      }
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
