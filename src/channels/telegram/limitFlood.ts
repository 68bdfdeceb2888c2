/**
 * A per-user flood limit: at most N messages and button presses per minute, counted in the
 * store so that every process sharing it counts together. The first message over the limit
 * gets one notice; the rest of that minute is ignored.
 */
import type { Clock } from '../../shared/clock.js';
import type { StateStore } from '../../store/contract.js';

/** Default messages per user and minute (TELEGRAM_USER_MESSAGES_PER_MINUTE). */
export const DEFAULT_USER_MESSAGES_PER_MINUTE = 30;

const WINDOW_MS = 60_000;

/** What to do with a user's message: handle it, send the one notice, or drop it. */
export type FloodVerdict = 'allow' | 'notify' | 'drop';

/** Counts messages per user. */
export interface FloodLimit {
  /** Counts one message of `userId` and says what to do with it. */
  check(userId: string): Promise<FloodVerdict>;
}

/**
 * Creates the limit: a counter per user and minute (fixed windows on the clock).
 *
 * @param state - where the counters are kept (each expires with its minute)
 * @param clock - decides the minute
 * @param perMinute - messages allowed per user and minute; default {@link DEFAULT_USER_MESSAGES_PER_MINUTE}
 */
export function limitFlood(state: StateStore, clock: Clock, perMinute: number = DEFAULT_USER_MESSAGES_PER_MINUTE): FloodLimit {
  return {
    async check(userId) {
      const now = clock.now();
      const windowStart = now - (now % WINDOW_MS);
      const count = await state.update<number>(`telegram:flood:${userId}:${windowStart}`, (current) => {
        const next = (typeof current === 'number' ? current : 0) + 1;
        return { action: 'set', value: next, ttlMs: windowStart + WINDOW_MS - now + 1_000, result: next };
      });
      const n = typeof count === 'number' ? count : 1;
      return n <= perMinute ? 'allow' : n === perMinute + 1 ? 'notify' : 'drop';
    },
  };
}
