/**
 * Password hashing with scrypt (memory-hard, in `node:crypto`): a random 16-byte salt per
 * password, the cost parameters stored with the hash so they can be raised later without
 * breaking existing accounts, and a constant-time comparison.
 *
 * Stored form: `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * The default CPU/memory cost N: 2^17 with r = 8, p = 1 (OWASP's recommendation), which
 * takes 128 MiB and a fraction of a second per hash. Tests pass a lower cost.
 */
export const DEFAULT_SCRYPT_COST = 2 ** 17;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_BYTES = 32;
/** Shortest password the console accepts. */
export const MIN_PASSWORD_LENGTH = 12;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  const n = options.N ?? DEFAULT_SCRYPT_COST;
  const r = options.r ?? BLOCK_SIZE;
  // scrypt needs about 128 * N * r bytes; allow twice that.
  const maxmem = 256 * n * r;
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, { ...options, maxmem }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/**
 * Hashes a password for storage.
 *
 * @param password - the password as typed
 * @param cost - scrypt's N, a power of two; default {@link DEFAULT_SCRYPT_COST}
 */
export async function hashPassword(password: string, cost: number = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, { N: cost, r: BLOCK_SIZE, p: PARALLELISM });
  return ['scrypt', cost, BLOCK_SIZE, PARALLELISM, salt.toString('base64'), key.toString('base64')].join('$');
}

/**
 * Checks a password against a stored hash in constant time. A malformed hash never matches.
 *
 * @param password - the password as typed
 * @param stored - what {@link hashPassword} returned
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![n, r, p].every((v) => Number.isInteger(v) && v > 0) || n > 2 ** 20) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  const actual = await derive(password, salt, { N: n, r, p });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Why a new password is refused, or undefined when it is acceptable. */
export function checkNewPassword(password: string): 'too_short' | undefined {
  return [...password].length < MIN_PASSWORD_LENGTH ? 'too_short' : undefined;
}
