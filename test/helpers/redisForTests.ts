/**
 * A real Redis for tests, found or started once per test file:
 * 1. `REDIS_URL`, when set (CI sets it) — it must answer, there is no fallback;
 * 2. else `redis://127.0.0.1:6379`, when it answers PING within 500 ms;
 * 3. else a `redis-server` this helper starts on a free port, without persistence, and
 *    stops in {@link releaseRedisForTests}.
 * When none can be had, {@link findRedisForTests} rejects with a message saying how to fix
 * it, so the tests fail rather than skip. Tests keep their keys under
 * {@link randomTestPrefix} and remove them with {@link deleteKeysByPrefix}.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { freePort } from './serverProcess.js';

/** A Redis server tests can use. */
export interface RedisForTests {
  /** Where it listens, e.g. `redis://127.0.0.1:6379`. */
  url: string;
  /** How it was found: from `REDIS_URL`, on the default local port, or started for this test file. */
  source: 'REDIS_URL' | 'local' | 'started';
}

/** The local Redis tried when `REDIS_URL` is not set. */
const LOCAL_URL = 'redis://127.0.0.1:6379';
/** How long the local Redis may take to answer PING, in milliseconds. */
const LOCAL_PING_MS = 500;
/** How long `REDIS_URL`, or a started server, may take to answer, in milliseconds. */
const STARTUP_MS = 5000;

let found: Promise<RedisForTests> | undefined;
let started: ChildProcess | undefined;

/**
 * The Redis for this test file, found (or started) on the first call and reused after.
 *
 * @throws Error explaining how to provide a Redis when none answers
 */
export function findRedisForTests(): Promise<RedisForTests> {
  found ??= discover();
  return found;
}

/** Stops the `redis-server` {@link findRedisForTests} started, if it did. Call it in `afterAll`. */
export async function releaseRedisForTests(): Promise<void> {
  const child = started;
  started = undefined;
  found = undefined;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

/** A fresh key prefix for one test's data: `talentbot-test:<random>:`. */
export function randomTestPrefix(): string {
  return `talentbot-test:${randomBytes(6).toString('hex')}:`;
}

/**
 * Deletes every key starting with `prefix` (SCAN, then DEL in batches).
 *
 * @returns how many keys were deleted
 */
export async function deleteKeysByPrefix(url: string, prefix: string): Promise<number> {
  const client = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  client.on('error', () => undefined);
  try {
    await client.connect();
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await client.del(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    client.disconnect();
  }
}

/** A URL where nothing listens: a port that was free a moment ago. For "Redis is down" tests. */
export async function closedPortUrl(): Promise<string> {
  return `redis://127.0.0.1:${await freePort()}`;
}

/** Resolves when `url` answers PING within `ms`; rejects with the reason otherwise. */
export async function pingRedis(url: string, ms: number): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: ms, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/** Tries REDIS_URL, then the local default, then starts a server; see the module comment. */
async function discover(): Promise<RedisForTests> {
  const fromEnv = process.env.REDIS_URL;
  if (fromEnv) {
    try {
      await pingRedis(fromEnv, STARTUP_MS);
    } catch (error) {
      throw new Error(
        `REDIS_URL is set (${withoutCredentials(fromEnv)}) but Redis there does not answer PING (${messageOf(error)}). ` +
          'Start Redis at that address, or unset REDIS_URL to use 127.0.0.1:6379 or a redis-server started by the tests.',
      );
    }
    return { url: fromEnv, source: 'REDIS_URL' };
  }
  try {
    await pingRedis(LOCAL_URL, LOCAL_PING_MS);
    return { url: LOCAL_URL, source: 'local' };
  } catch {
    // Nothing local: start our own.
  }
  try {
    return { url: await startRedisServer(), source: 'started' };
  } catch (error) {
    throw new Error(
      `No Redis for the tests: REDIS_URL is not set, nothing answered on ${LOCAL_URL}, and starting redis-server failed (${messageOf(error)}). ` +
        'Install Redis (e.g. `apt-get install redis-server`) so `redis-server` is on the PATH, start one on 127.0.0.1:6379, or set REDIS_URL=redis://host:port.',
    );
  }
}

/** Starts `redis-server` on a free port without persistence and waits until it answers. */
async function startRedisServer(): Promise<string> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let failure: Error | undefined;
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.once('error', (error) => (failure ??= error));
  child.once('exit', (code, signal) => (failure ??= new Error(`redis-server exited (${code ?? signal}): ${stderr.trim()}`)));
  started = child;
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + STARTUP_MS;
  for (;;) {
    try {
      await pingRedis(url, 500);
      if (!failure) return url;
    } catch (error) {
      if (!failure && Date.now() > deadline) failure = error instanceof Error ? error : new Error(String(error));
    }
    if (failure) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      started = undefined;
      throw failure;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `text` with glob characters escaped, for SCAN MATCH. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** `url` without user and password, for messages. */
function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return 'an unparsable URL';
  }
}

/** The message of an error, or the thing itself as text. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
