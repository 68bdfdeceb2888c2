/**
 * After an erasure, the Redis store's `scrub` rewrites the append-only file, so the erased
 * value is no longer in any file of the AOF folder. Runs its own redis-server with AOF on,
 * in a temporary folder (the shared test Redis has AOF off and is never reconfigured).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/shared/clock.js';
import { createRedisStore } from '../../src/store/redis/index.js';
import { pingRedis } from '../helpers/redisForTests.js';
import { freePort } from '../helpers/serverProcess.js';

const ERASED = 'ErasedPersonName 13912345678 erased.person@example.com';

describe('redis store scrub', () => {
  let dir = '';
  let url = '';
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'talentbot-aof-'));
    const port = await freePort();
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir], {
      stdio: 'ignore',
    });
    url = `redis://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        await pingRedis(url, 500);
        break;
      } catch (error) {
        if (i > 100) throw error;
        await sleep(100);
      }
    }
  });
  afterAll(async () => {
    server?.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  /** Every byte of every file under `folder`, as text. */
  const filesText = async (folder: string): Promise<string> => {
    let text = '';
    for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
      if (entry.isFile()) text += await readFile(join(entry.parentPath, entry.name), 'latin1');
    }
    return text;
  };

  it('rewrites the append-only file so an erased value leaves it', async () => {
    const store = createRedisStore({ url, prefix: 'scrub:', clock: createManualClock(Date.parse('2026-01-01T00:00:00Z')) });
    const admin = new Redis(url);
    try {
      await store.state.set('conv:web:u1', { name: ERASED });
      await store.state.set('kept', { ok: true });
      await store.state.delete('conv:web:u1');
      expect(await filesText(dir)).toContain('ErasedPersonName');
      await store.scrub();
      for (let i = 0; i < 300; i++) {
        const info = await admin.info('persistence');
        if (/aof_rewrite_in_progress:0/.test(info) && !/aof_rewrite_scheduled:1/.test(info) && !(await filesText(dir)).includes('ErasedPersonName')) break;
        await sleep(100);
      }
      const text = await filesText(dir);
      expect(text).not.toContain('ErasedPersonName');
      expect(text).not.toContain('13912345678');
      expect(await store.state.get('kept')).toEqual({ ok: true });
    } finally {
      admin.disconnect();
      await store.close();
    }
  });
});
