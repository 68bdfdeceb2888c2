/**
 * What a multi-process test shares: the test Redis, a key prefix of its own, a temporary
 * folder, and a store on them to look at what the processes wrote; `close()` removes the
 * keys and the folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemClock } from '../../src/shared/clock.js';
import type { Store } from '../../src/store/contract.js';
import { createRedisStore } from '../../src/store/redis/index.js';
import { deleteKeysByPrefix, findRedisForTests, randomTestPrefix } from './redisForTests.js';

/** One run's Redis prefix, folder and inspecting store. */
export interface SharedRedisRun {
  redisUrl: string;
  prefix: string;
  dir: string;
  /** A store on the same Redis and prefix as the processes. */
  inspector: Store;
  /** Closes the inspector and deletes the run's keys and folder. */
  close(): Promise<void>;
}

/**
 * Prepares a run.
 *
 * @param label - the start of the temporary folder's name
 */
export async function sharedRedisRun(label: string): Promise<SharedRedisRun> {
  const { url: redisUrl } = await findRedisForTests();
  const prefix = randomTestPrefix();
  const dir = await mkdtemp(path.join(tmpdir(), label));
  const inspector = createRedisStore({ url: redisUrl, prefix, clock: systemClock });
  return {
    redisUrl,
    prefix,
    dir,
    inspector,
    async close() {
      await inspector.close();
      await deleteKeysByPrefix(redisUrl, prefix);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
