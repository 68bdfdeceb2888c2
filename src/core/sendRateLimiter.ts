/**
 * A small shared limiter of outgoing messages: each send takes one unit from the budget of
 * every rule that applies to it (a platform's limit overall, per chat, per robot), counted in
 * fixed windows of the clock in the store's state part — so every process sharing the store
 * counts together, and tests drive it with the manual clock. A send that finds a budget used
 * up is not made: the caller learns how long until that window ends and waits that long
 * (a short in-turn wait) or reschedules the work through its outbox (nothing is dropped).
 *
 * The platforms' own rules are data beside their senders
 * (`src/leads/deliveries/platformSendLimits.ts`); this file knows no platform.
 */
import { z } from 'zod';
import type { StateStore } from '../store/contract.js';
import type { Clock } from '../shared/clock.js';

/** One budget: at most `limit` sends per `windowMs` under `key`. */
export const sendRateRuleSchema = z.object({
  /** Names the budget in the store (never a secret: hash robot keys first). */
  key: z.string().min(1),
  limit: z.number().int().positive(),
  windowMs: z.number().int().positive(),
});
/** One budget: at most `limit` sends per `windowMs` under `key`. */
export type SendRateRule = z.infer<typeof sendRateRuleSchema>;

/** Takes sends from budgets. */
export interface SendRateLimiter {
  /**
   * Takes one send from every rule's budget. Resolves to 0 when the send may go now (it is
   * counted in every rule), else to the milliseconds until the first full budget has room
   * again (nothing stays counted: what was taken from the other rules is given back).
   *
   * @param rules - the budgets this send counts against; none: always 0
   */
  take(rules: readonly SendRateRule[]): Promise<number>;
}

/** The state key of a rule's counter in the window starting at `windowStart`. */
export function sendRateKey(rule: SendRateRule, windowStart: number): string {
  return `ratelimit:${rule.key}:${rule.windowMs}:${windowStart}`;
}

/**
 * Creates the limiter.
 *
 * @param state - where the counters are kept (each expires a second after its window)
 * @param clock - decides the windows
 */
export function createSendRateLimiter(state: StateStore, clock: Clock): SendRateLimiter {
  /** Counts one send under `rule` when it has room; true when it did. */
  const takeOne = async (rule: SendRateRule, now: number): Promise<boolean> => {
    const windowStart = now - (now % rule.windowMs);
    const taken = await state.update<number>(sendRateKey(rule, windowStart), (current) => {
      const count = typeof current === 'number' ? current : 0;
      if (count >= rule.limit) return { action: 'keep', result: 0 };
      return { action: 'set', value: count + 1, ttlMs: windowStart + rule.windowMs - now + 1_000, result: 1 };
    });
    return taken === 1;
  };
  const giveBack = async (rule: SendRateRule, now: number): Promise<void> => {
    const windowStart = now - (now % rule.windowMs);
    await state.update<number>(sendRateKey(rule, windowStart), (current) =>
      typeof current === 'number' && current > 0 ? { action: 'set', value: current - 1, ttlMs: windowStart + rule.windowMs - now + 1_000 } : { action: 'keep' },
    );
  };
  return {
    async take(rules) {
      const now = clock.now();
      const taken: SendRateRule[] = [];
      for (const rule of rules) {
        if (await takeOne(rule, now)) {
          taken.push(rule);
          continue;
        }
        for (const done of taken) await giveBack(done, now);
        return rule.windowMs - (now % rule.windowMs);
      }
      return 0;
    },
  };
}
