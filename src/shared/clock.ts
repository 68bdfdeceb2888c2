/**
 * Time, passed in. The engine, the stores and the calendar never call `Date.now()` themselves,
 * so tests can run the whole bot on a fixed or advancing clock.
 */

/** A source of the current time. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that only moves when told to. For tests and evaluation runs.
 *
 * @param start - the initial time, as epoch milliseconds or an ISO date string
 */
export function createManualClock(start: number | string): Clock & { advance(ms: number): void; set(time: number | string): void } {
  let current = typeof start === 'number' ? start : Date.parse(start);
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
    set(time: number | string) {
      current = typeof time === 'number' ? time : Date.parse(time);
    },
  };
}
