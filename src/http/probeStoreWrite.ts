/**
 * The readiness check's write probe: `/readyz` is ready only when the store can be written,
 * not merely read (a full disk answers `SELECT 1` but fails every chat turn).
 */
import type { Clock } from '../shared/clock.js';
import type { Store } from '../store/contract.js';

/** The key the probe writes; it expires by itself. */
export const READINESS_PROBE_KEY = 'readyz:probe';

/**
 * Writes a small value with a short expiry and reads it back.
 *
 * @param store - the store to probe
 * @param clock - stamps the value
 * @throws whatever the store throws when it cannot write, or Error when the value does not read back
 */
export async function probeStoreWrite(store: Store, clock: Clock): Promise<void> {
  const value = { at: clock.now() };
  await store.state.set(READINESS_PROBE_KEY, value, { ttlMs: 60_000 });
  const read = (await store.state.get(READINESS_PROBE_KEY)) as { at?: unknown } | undefined;
  if (read?.at !== value.at) throw new Error('the readiness probe did not read back what it wrote');
}
