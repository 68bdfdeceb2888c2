/**
 * The loop an outbox worker runs: poll for due items, at once again while a poll fills its
 * batch, else after a tick; `stop()` waits for the polls in flight. Used by the lead outbox
 * and the 微信客服 reply outbox, which differ only in what one poll does.
 */
import type { Logger } from '../shared/logger.js';

/** What {@link createPollingLoop} needs. */
export interface PollingLoopOptions {
  /** One poll: claims and handles due items, resolving to how many it claimed. */
  poll: () => Promise<number>;
  /** Pause between polls when the last one did not fill its batch. */
  tickMs: number;
  /** A poll that claims this many polls again at once. */
  batchSize: number;
  logger: Logger;
  /** The log line of a poll that failed (it is retried after a tick). */
  failureMessage: string;
}

/** A started or stopped polling loop. */
export interface PollingLoop {
  start(): void;
  /** Stops polling and waits for the polls in flight. */
  stop(): Promise<void>;
  /** One poll now (tests, and `drain`); resolves to how many items it claimed. */
  runOnce(): Promise<number>;
  /** Polls until nothing is due now: the "drained" signal. Returns how many items were claimed in all. */
  drain(): Promise<number>;
}

/** Builds the loop; nothing runs until `start()`. */
export function createPollingLoop(options: PollingLoopOptions): PollingLoop {
  const { poll, tickMs, batchSize, logger, failureMessage } = options;
  const inFlight = new Set<Promise<number>>();
  let timer: NodeJS.Timeout | undefined;
  let started = false;

  const runOnce = async () => {
    const run = poll();
    inFlight.add(run);
    try {
      return await run;
    } finally {
      inFlight.delete(run);
    }
  };

  const loop = async () => {
    let handled = 0;
    try {
      handled = await runOnce();
    } catch (error) {
      logger.error({ error: describeError(error) }, failureMessage);
    }
    if (started) timer = setTimeout(() => void loop(), handled >= batchSize ? 0 : tickMs);
  };

  return {
    start() {
      if (started) return;
      started = true;
      timer = setTimeout(() => void loop(), 0);
    },
    async stop() {
      started = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await Promise.allSettled([...inFlight]);
    },
    runOnce,
    async drain() {
      let total = 0;
      for (;;) {
        const claimed = await runOnce();
        total += claimed;
        if (claimed === 0) return total;
      }
    },
  };
}

/** An error as one line for logs and stored items, without secrets (our error classes never carry them). */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
