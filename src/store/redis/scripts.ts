/**
 * Running Lua scripts on Redis by their SHA-1 (loading them when Redis does not know them
 * yet), and the small helpers the stores share around them: JSON arguments and the pause
 * between two optimistic tries.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { guard, toRedisError } from './connection.js';

/** How often an optimistic read-change-write is tried before giving up with LockTimeoutError. */
export const MAX_OPTIMISTIC_ATTEMPTS = 100;

/** A Lua script with its SHA-1, run by {@link runScript}. */
export interface Script {
  lua: string;
  sha: string;
}

/** Prepares a Lua script. */
export function script(lua: string): Script {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

/** Runs `s` by its SHA, loading it when Redis does not know it yet (after a restart or SCRIPT FLUSH). */
export async function runScript(client: Redis, method: string, s: Script, keys: readonly string[], args: readonly string[]): Promise<unknown> {
  try {
    return await client.evalsha(s.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
      return guard(method, client.eval(s.lua, keys.length, ...keys, ...args));
    }
    throw toRedisError(method, error);
  }
}

/** `value` as JSON text. @throws TypeError when it is not JSON */
export function toJson(value: unknown, what: string): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`${what} is not JSON`);
  return json;
}

/** A short random pause before retrying after a conflict, growing with `attempt`. */
export function conflictPause(attempt: number): Promise<void> {
  return sleep(Math.random() * Math.min(2 ** attempt, 50));
}
