/**
 * Limits failed logins, per user name and per client address, in fixed windows kept in the
 * state store (so every process shares the count): by default 5 failures per user name and
 * 30 per address in 15 minutes; then logins for that name or from that address are refused
 * until the window ends, whatever the password. A successful login clears the name's count.
 */
import type { Clock } from '../core/clock.js';
import type { StateStore } from '../store/contract.js';

/** Limits of {@link createLoginLimiter}. */
export interface LoginLimits {
  /** Failures per user name per window. Default 5. */
  perUser?: number;
  /** Failures per client address per window. Default 30. */
  perAddress?: number;
  /** Window length in milliseconds. Default 15 minutes. */
  windowMs?: number;
}

/** Counts failed logins. */
export interface LoginLimiter {
  /** How long until this name and address may try again, in milliseconds; 0 when they may now. */
  blockedFor(username: string, address: string): Promise<number>;
  failed(username: string, address: string): Promise<void>;
  succeeded(username: string): Promise<void>;
}

interface Window {
  count: number;
  resetAt: number;
}

/**
 * Creates the limiter.
 *
 * @param state - the store's state part
 * @param clock - the windows' time
 * @param limits - see {@link LoginLimits}
 */
export function createLoginLimiter(state: StateStore, clock: Clock, limits: LoginLimits = {}): LoginLimiter {
  const perUser = limits.perUser ?? 5;
  const perAddress = limits.perAddress ?? 30;
  const windowMs = limits.windowMs ?? 15 * 60_000;
  const userKey = (name: string) => `admin:loginfail:user:${name.trim().toLowerCase().slice(0, 100)}`;
  const addressKey = (address: string) => `admin:loginfail:ip:${address.slice(0, 100)}`;

  const remaining = async (key: string, max: number) => {
    const window = (await state.get(key)) as Window | undefined;
    const now = clock.now();
    return window && window.count >= max && window.resetAt > now ? window.resetAt - now : 0;
  };
  const bump = (key: string) =>
    state.update<Window>(key, (current) => {
      const now = clock.now();
      const window = current as Window | undefined;
      const next = window && window.resetAt > now ? { count: window.count + 1, resetAt: window.resetAt } : { count: 1, resetAt: now + windowMs };
      return { action: 'set', value: next, ttlMs: next.resetAt - now };
    });

  return {
    async blockedFor(username, address) {
      return Math.max(await remaining(userKey(username), perUser), await remaining(addressKey(address), perAddress));
    },
    async failed(username, address) {
      await bump(userKey(username));
      await bump(addressKey(address));
    },
    async succeeded(username) {
      await state.delete(userKey(username));
    },
  };
}
