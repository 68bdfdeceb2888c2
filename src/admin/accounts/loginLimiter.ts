/**
 * Throttles failed logins with growing delays, counted per client address **and** account
 * (so an attacker elsewhere cannot keep the admin out: only their own address waits), plus
 * a more generous count per address across all accounts (password spraying). After
 * `freeFailures` failures of one account from one address, each further failure doubles the
 * wait before the next try (1 s, 2 s, 4 s, … up to 15 minutes by default); a successful login
 * from that address clears its count. Counts are kept in the state store, so every process
 * shares them, and are forgotten an hour after the last failure.
 */
import type { Clock } from '../../shared/clock.js';
import type { StateStore } from '../../store/contract.js';

/** Limits of {@link createLoginLimiter}; every field is optional. */
export interface LoginLimits {
  /** Failures of one account from one address before delays begin. Default 5. */
  freeFailures?: number;
  /** Failures from one address over all accounts before delays begin. Default 30. */
  perAddress?: number;
  /** The first delay, in milliseconds; each further failure doubles it. Default 1 second. */
  baseDelayMs?: number;
  /** The longest delay, in milliseconds. Default 15 minutes. */
  maxDelayMs?: number;
  /** How long a count is remembered after the last failure, in milliseconds. Default 1 hour. */
  forgetAfterMs?: number;
}

/** Counts failed logins. */
export interface LoginLimiter {
  /** How long until this name may try again from this address, in milliseconds; 0 when it may now. */
  blockedFor(username: string, address: string): Promise<number>;
  failed(username: string, address: string): Promise<void>;
  /** Clears the count of this name from this address. */
  succeeded(username: string, address: string): Promise<void>;
}

interface Failures {
  count: number;
  blockedUntil: number;
}

/**
 * Creates the limiter.
 *
 * @param state - the store's state part
 * @param clock - the delays' time
 * @param limits - see {@link LoginLimits}
 */
export function createLoginLimiter(state: StateStore, clock: Clock, limits: LoginLimits = {}): LoginLimiter {
  const freeFailures = limits.freeFailures ?? 5;
  const perAddress = limits.perAddress ?? 30;
  const baseDelayMs = limits.baseDelayMs ?? 1000;
  const maxDelayMs = limits.maxDelayMs ?? 15 * 60_000;
  const forgetAfterMs = limits.forgetAfterMs ?? 3600_000;
  const addressPart = (address: string) => encodeURIComponent(address.slice(0, 100));
  const pairKey = (name: string, address: string) => `admin:loginfail:pair:${addressPart(address)}:${encodeURIComponent(name.trim().toLowerCase().slice(0, 100))}`;
  const addressKey = (address: string) => `admin:loginfail:ip:${addressPart(address)}`;

  const remaining = async (key: string) => {
    const failures = (await state.get(key)) as Failures | undefined;
    return Math.max(0, (failures?.blockedUntil ?? 0) - clock.now());
  };
  const bump = (key: string, free: number) =>
    state.update<Failures>(key, (current) => {
      const now = clock.now();
      const count = ((current as Failures | undefined)?.count ?? 0) + 1;
      const delay = count >= free ? Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(30, count - free)) : 0;
      return { action: 'set', value: { count, blockedUntil: now + delay }, ttlMs: delay + forgetAfterMs };
    });

  return {
    async blockedFor(username, address) {
      return Math.max(await remaining(pairKey(username, address)), await remaining(addressKey(address)));
    },
    async failed(username, address) {
      await bump(pairKey(username, address), freeFailures);
      await bump(addressKey(address), perAddress);
    },
    async succeeded(username, address) {
      await state.delete(pairKey(username, address));
    },
  };
}
