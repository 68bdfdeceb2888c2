/**
 * Lets one turn start per turn of the event loop. Under a burst, dozens of requests become
 * readable in one poll phase; started at once, their synchronous work (retrieval, and with
 * the embedded store every read and write) runs back to back and timers, health probes and
 * new connections wait for all of it — 50 connections × ≈ 1–2 ms of CPU each made the
 * event loop stand still for 100–200 ms. Through the gate each turn starts in its own
 * iteration of the loop (a `setImmediate` queued from inside one runs in the next), so
 * what waits is the queue of turns, not the process. Turns start in the order they came:
 * the same order in which they would otherwise have asked for their conversation's lock.
 * The engine uses it on the embedded stores only: on Redis a turn yields at every round trip,
 * and the gate cost CPU there (fewer replies read per iteration) without a stall to cure.
 */

/** Resolves when the caller's turn may start. */
export type TurnGate = () => Promise<void>;

/** A gate of its own (one per engine). */
export function createTurnGate(): TurnGate {
  const waiting: Array<() => void> = [];
  let scheduled = false;
  const releaseNext = (): void => {
    waiting.shift()?.();
    if (waiting.length > 0) setImmediate(releaseNext);
    else scheduled = false;
  };
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (!scheduled) {
        scheduled = true;
        setImmediate(releaseNext);
      }
    });
}
