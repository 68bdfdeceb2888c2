/**
 * When to try a failed delivery again: exponential backoff with full jitter (AWS
 * architecture blog, "Exponential Backoff And Jitter"), so many failed deliveries to one
 * partner do not all come back at once.
 */

/** How retries are spaced. */
export interface RetryDelayOptions {
  /** The first ceiling, in milliseconds (DELIVERY_RETRY_BASE_SECONDS × 1000). */
  baseMs: number;
  /** The growth of the ceiling per attempt. Default 2. */
  factor?: number;
  /** The largest ceiling, in milliseconds. Default one hour. */
  capMs?: number;
  /** A uniform random number in [0, 1); `Math.random` in production, fixed in tests. */
  random: () => number;
}

/** Default largest retry delay: one hour. */
export const DEFAULT_RETRY_CAP_MS = 3600_000;

/**
 * The delay before the next attempt: uniformly random between 0 and
 * `min(cap, base × factor^(attempts − 1))`.
 *
 * @param attempts - how many attempts have failed so far (1 after the first failure)
 * @param options - see {@link RetryDelayOptions}
 * @returns milliseconds
 */
export function computeRetryDelay(attempts: number, options: RetryDelayOptions): number {
  const ceiling = Math.min(options.capMs ?? DEFAULT_RETRY_CAP_MS, options.baseMs * (options.factor ?? 2) ** Math.max(0, attempts - 1));
  return Math.floor(options.random() * ceiling);
}
