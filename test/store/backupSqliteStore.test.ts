/**
 * The embedded store's backup and its start-up checks: `backupSqliteStore` copies a store
 * that is open and being written to into a complete database, and a damaged file stops
 * the start with one line saying what is wrong and what to do.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/shared/clock.js';
import { InputError } from '../../src/shared/errors.js';
import { backupSqliteStore } from '../../src/store/backupSqliteStore.js';
import { createSqliteStore } from '../../src/store/sqliteStore.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'talentbot-backup-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('backupSqliteStore', () => {
  it('copies an open store, with what is still in its write-ahead log, into a complete database', async () => {
    const clock = createManualClock(T0);
    const file = join(dir, 'talentbot.sqlite');
    const store = createSqliteStore({ file, clock });
    await store.state.set('conv:web:u1', { turns: 3 });
    await store.leads.saveLead({ id: 'lead-1', createdAt: T0, updatedAt: T0, note: 'kept' });
    const copy = join(dir, 'backups', 'copy.sqlite');
    expect(await backupSqliteStore(file, copy)).toBeGreaterThan(0);
    await store.state.set('after', 'not in the copy');
    await store.close();

    const restored = createSqliteStore({ file: copy, clock });
    expect(await restored.state.get('conv:web:u1')).toEqual({ turns: 3 });
    expect(await restored.leads.getLead('lead-1')).toMatchObject({ note: 'kept' });
    expect(await restored.state.get('after')).toBeUndefined();
    await restored.close();
    await expect(backupSqliteStore(file, copy)).rejects.toBeInstanceOf(InputError);
    await expect(backupSqliteStore(join(dir, 'absent.sqlite'), join(dir, 'x.sqlite'))).rejects.toThrow(/no store file/);
  });
});

describe('a damaged store file', () => {
  it('stops the start with one line naming the file, the problem and what to do', async () => {
    const file = join(dir, 'talentbot.sqlite');
    await writeFile(file, Buffer.alloc(8192, 'not a database '));
    let thrown: unknown;
    try {
      createSqliteStore({ file, clock: createManualClock(T0) });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    const message = (thrown as InputError).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain(file);
    expect(message).toMatch(/damaged or not a SQLite database/);
    expect(message).toMatch(/restore the latest backup/);
  });
});
