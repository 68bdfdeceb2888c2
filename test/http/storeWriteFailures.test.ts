/**
 * A store that cannot write (a full disk): `/readyz` says 503, a chat turn answers 503 with a
 * friendly message and Retry-After, a confirmation whose lead cannot be saved tells the
 * applicant and keeps the summary, and everything recovers without a restart. The store is
 * the real SQLite store; while the "disk" is full, a thin wrapper makes its writes fail with
 * the error SQLite gives on a full disk (SQLITE_FULL), and a real SQLITE_FULL is shown to be
 * classified the same way.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { PlatformError } from '../../src/shared/errors.js';
import type { LeadStore, StateStore, Store } from '../../src/store/contract.js';
import { createPlainTurnStore } from '../../src/store/plainTurnStore.js';
import { createSqliteStore, toStoreError } from '../../src/store/sqliteStore.js';
import { startConversation } from '../helpers/conversation.js';
import { createTestAppWithFlows } from '../helpers/testApp.js';

let app: App | undefined;
let dir: string | undefined;
afterEach(async () => {
  await app?.http.close();
  app = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The disk-full error, as the SQLite store reports it. */
const diskFull = (method: string) => toStoreError(method, new Database.SqliteError('database or disk is full', 'SQLITE_FULL'));

/** `store` whose writes fail while `disk.full` (state writes) or `disk.leadsFull` (lead writes) is set. */
function withDisk(store: Store, disk: { full: boolean; leadsFull: boolean }): Store {
  const state: StateStore = {
    ...store.state,
    set: async (...args) => (disk.full ? Promise.reject(diskFull('set')) : store.state.set(...args)),
    update: async (...args) => (disk.full ? Promise.reject(diskFull('update')) : store.state.update(...args)),
    setIfAbsent: async (...args) => (disk.full ? Promise.reject(diskFull('setIfAbsent')) : store.state.setIfAbsent(...args)),
  };
  const leads: LeadStore = {
    ...store.leads,
    saveLead: async (...args) => (disk.full || disk.leadsFull ? Promise.reject(diskFull('saveLead')) : store.leads.saveLead(...args)),
  };
  // A turn's writes go through the failing state store, as they would on the real full disk.
  const turns = createPlainTurnStore({ locks: store.locks, state, lists: store.lists });
  return { ...store, state, turns, leads, kind: store.kind, ping: () => store.ping(), scrub: () => store.scrub(), close: () => store.close() };
}

describe('store write failures', () => {
  it('classifies a real SQLITE_FULL as a 503 platform error', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (x TEXT)');
    db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);
    let thrown: unknown;
    try {
      for (let i = 0; i < 1000; i++) db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(1000));
    } catch (error) {
      thrown = error;
    }
    db.close();
    const classified = toStoreError('set', thrown);
    expect(classified).toBeInstanceOf(PlatformError);
    expect(classified).toMatchObject({ platform: 'sqlite', code: 503 });
  });

  it('answers readyz 503 and chat 503 while the disk is full, and recovers without a restart', async () => {
    dir = await mkdtemp(join(tmpdir(), 'talentbot-full-'));
    const disk = { full: false, leadsFull: false };
    const test = await createTestAppWithFlows(undefined, (clock) => withDisk(createSqliteStore({ file: join(dir!, 'talentbot.sqlite'), clock }), disk));
    app = test.app;
    const chat = () => app!.http.inject({ method: 'POST', url: '/api/chat', payload: { user: 'full', text: '买房有补贴吗' } });
    expect((await app.http.inject({ url: '/readyz' })).statusCode).toBe(200);

    disk.full = true;
    const ready = await app.http.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    const answer = await chat();
    expect(answer.statusCode).toBe(503);
    expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    expect(answer.json().error).toMatchObject({ code: 'unavailable' });
    expect(answer.json().error.message).toContain('please send this message again shortly');

    disk.full = false;
    expect((await app.http.inject({ url: '/readyz' })).statusCode).toBe(200);
    expect((await chat()).statusCode).toBe(200);
  });

  it('tells the applicant when the lead cannot be saved, keeps the summary, and saves it on a later confirmation', async () => {
    dir = await mkdtemp(join(tmpdir(), 'talentbot-full-'));
    const disk = { full: false, leadsFull: false };
    const test = await createTestAppWithFlows(undefined, (clock) => withDisk(createSqliteStore({ file: join(dir!, 'talentbot.sqlite'), clock }), disk));
    app = test.app;
    const c = startConversation(app, 'confirm-when-full');
    // Asking for a person starts the request for staff at once.
    await c.say('能不能转人工？');
    await c.press('answer:consent:accept');
    await c.say('我想了解人才公寓的申请流程');
    await c.say('李四');
    await c.say('lisi@example.com');
    expect(c.lastText()).toContain('请核对');

    disk.leadsFull = true;
    await c.press('flow:confirm');
    expect(c.lastText()).toContain('lisi@example.com');
    expect(c.last().replies.flatMap((r) => r.buttons.map((b) => b.action))).toContain('flow:confirm');
    expect(await test.store.leads.listLeads()).toEqual([]);

    disk.leadsFull = false;
    await c.press('flow:confirm');
    expect(c.lastText()).toContain('已收到');
    expect(await test.store.leads.listLeads()).toHaveLength(1);
  });
});
