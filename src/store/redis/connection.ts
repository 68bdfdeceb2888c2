/**
 * The Redis connection: a fail-fast ioredis client, closing it, and turning what ioredis
 * rejects with into the bot's error classes (`NetworkError` when Redis cannot be reached,
 * `PlatformError` when it answered with an error). Also the AOF rewrite behind `scrub()`.
 */
import { Redis } from 'ioredis';
import { NetworkError, PlatformError } from '../../shared/errors.js';

/** The key prefix when none is given. */
export const DEFAULT_REDIS_PREFIX = 'talentbot:';
/** How long a connection attempt may take before it counts as failed, in milliseconds. */
const CONNECT_TIMEOUT_MS = 1000;
/** How long a sent command may wait for its answer, in milliseconds. */
const COMMAND_TIMEOUT_MS = 5000;

/**
 * A client that fails fast: one reconnection try per command, a short connect timeout, a
 * command timeout, and no offline queue after the first connection attempt (so calls made
 * while Redis is away reject at once rather than pile up). It reconnects by itself, backing off up to 2 s.
 * Connection errors are not logged here; they reach callers as rejected calls and `ping()`.
 *
 * @param url - where Redis listens
 */
export function connectRedis(url: string): Redis {
  const client = new Redis(url, {
    maxRetriesPerRequest: 1,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    // A command whose connection broke may have run; send it again and an update could
    // apply twice. It rejects (times out) instead and the caller decides.
    autoResendUnfulfilledCommands: false,
    retryStrategy: (times) => Math.min(times * 100, 2000),
  });
  client.on('error', () => undefined);
  // Calls made before the first connection attempt ends wait for it; once it has ended,
  // either way, calls made while disconnected reject at once.
  const stopQueueing = () => {
    client.options.enableOfflineQueue = false;
  };
  client.once('ready', stopQueueing);
  client.once('close', stopQueueing);
  return client;
}

/** Quits politely when connected, else just stops reconnecting. Closing twice is fine. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}
/**
 * Starts an AOF rewrite when Redis keeps an append-only file, so erased values leave it (the
 * rewrite writes only live keys). Redis schedules the rewrite itself when a snapshot is
 * being written. A Redis that refuses `CONFIG` (some managed services) is left alone: its
 * operator rewrites the file (README, Privacy).
 */
export async function rewriteAppendOnlyFile(client: Redis): Promise<void> {
  let appendOnly: string | undefined;
  try {
    const answer = (await guard('scrub', client.config('GET', 'appendonly'))) as string[];
    appendOnly = answer[1];
  } catch (error) {
    if (error instanceof PlatformError) return;
    throw error;
  }
  if (appendOnly !== 'yes') return;
  try {
    await guard('scrub', client.bgrewriteaof());
  } catch (error) {
    // "Already in progress": a rewrite that began before the erasure may still carry the
    // erased keys, so ask once more a little later.
    if (!(error instanceof PlatformError)) throw error;
    setTimeout(() => void client.bgrewriteaof().catch(() => undefined), 5000).unref();
  }
}

/**
 * The error to throw for a failed Redis call: `PlatformError` when Redis answered with an
 * error, `NetworkError` when it could not be reached.
 *
 * @param method - the store method or command, for the message
 * @param error - what ioredis rejected with
 */
export function toRedisError(method: string, error: unknown): Error {
  if (error instanceof Error && error.name === 'ReplyError') {
    const transient = /^(LOADING|BUSY|TRYAGAIN|MASTERDOWN|READONLY|OOM|CLUSTERDOWN)\b/.test(error.message);
    return new PlatformError('redis', method, transient ? 503 : 400, error.message);
  }
  return new NetworkError('redis', error);
}

/** Awaits a Redis call, turning its failure into {@link toRedisError}'s error. */
export async function guard<T>(method: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw toRedisError(method, error);
  }
}
