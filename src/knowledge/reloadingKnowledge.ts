/**
 * A {@link KnowledgeSource} that reloads `knowledge/` from disk while the bot runs. A reload
 * reads and validates the whole folder with the same schemas as start-up, builds the new
 * search index, and only then swaps it in: a broken edit is refused with its problems
 * logged, and the content in force stays. A turn already running keeps the base it
 * started with (the engine reads `current()` once per turn).
 *
 * What triggers a reload: `npm run kb:reload` publishes {@link KNOWLEDGE_RELOAD_CHANNEL} on
 * the Redis signal, and every process that {@link ReloadingKnowledge.listen}s reloads; without
 * Redis, SIGHUP to the process ({@link ReloadingKnowledge.reloadOnHangup}). Reloads never run
 * in parallel: a trigger that arrives during one queues one more (several queued triggers
 * share it), so the last edit on disk is always the one loaded.
 */
import { performance } from 'node:perf_hooks';
import { InputError } from '../shared/errors.js';
import { silentLogger, type Logger } from '../shared/logger.js';
import { buildKnowledgeBase, type KnowledgeBase, type KnowledgeSource } from './knowledgeBase.js';
import { loadKnowledge } from './loadKnowledge.js';

/** The signal channel (behind the Redis prefix: `<prefix>signal:knowledge:reload`) that makes every process reload. */
export const KNOWLEDGE_RELOAD_CHANNEL = 'knowledge:reload';

/** The part of a Redis signal (`createRedisSignal`) a reloading source listens with. */
export interface ReloadSignal {
  subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>>;
}

/** The part of `process` that delivers SIGHUP. */
export interface HangupEmitter {
  on(event: 'SIGHUP', listener: () => void): unknown;
  off(event: 'SIGHUP', listener: () => void): unknown;
}

/** What a reloading source is built from. */
export interface ReloadingKnowledgeOptions {
  /** The knowledge folder (KNOWLEDGE_DIR) to read again on every reload. */
  dir: string;
  /** The base loaded at start-up; it stays in force until a reload succeeds. */
  initial: KnowledgeBase;
  /**
   * Topics that must still exist after a reload — those the flows name in `offerOnTopics`.
   * Content without one of them is refused, as start-up would refuse it. Default: none.
   */
  requiredTopics?: ReadonlySet<string>;
  /** Logs each reload at info level and each refused one at error level with its problems. Default: silent. */
  logger?: Logger;
  /** Reads, validates and indexes a folder. Default: `loadKnowledge` then `buildKnowledgeBase`. Tests pass their own. */
  load?: (dir: string) => Promise<KnowledgeBase>;
}

/** The outcome of one reload. */
export type ReloadOutcome =
  | { ok: true; entries: number; tookMs: number }
  | { ok: false; problems: ReadonlyArray<{ where: string; problem: string }> };

/** A knowledge source that can be reloaded. */
export interface ReloadingKnowledge extends KnowledgeSource {
  /**
   * Reloads from disk now, or after the reload in progress. Never rejects: a refused reload
   * resolves with its problems and leaves the current content in force.
   *
   * @param reason - for the log, e.g. "SIGHUP"
   */
  reload(reason?: string): Promise<ReloadOutcome>;
  /**
   * Reloads whenever {@link KNOWLEDGE_RELOAD_CHANNEL} is published on `signal`. Resolves once
   * subscribed, with a function that stops listening.
   */
  listen(signal: ReloadSignal): Promise<() => Promise<void>>;
  /**
   * Reloads on SIGHUP (instead of Node's default, which ends the process). Returns a function
   * that removes the handler.
   *
   * @param target - what emits SIGHUP; default `process`
   */
  reloadOnHangup(target?: HangupEmitter): () => void;
}

/**
 * Creates a reloading knowledge source.
 *
 * @param options - see {@link ReloadingKnowledgeOptions}
 */
export function createReloadingKnowledge(options: ReloadingKnowledgeOptions): ReloadingKnowledge {
  const logger = options.logger ?? silentLogger;
  const load = options.load ?? (async (dir: string) => buildKnowledgeBase(await loadKnowledge(dir)));
  const required = options.requiredTopics ?? new Set<string>();
  let current = options.initial;
  /** The reload that has been asked for but not started yet; later triggers share it. */
  let waiting: Promise<ReloadOutcome> | undefined;
  let previous: Promise<unknown> = Promise.resolve();

  async function reloadNow(reason: string): Promise<ReloadOutcome> {
    const started = performance.now();
    let next: KnowledgeBase;
    try {
      next = await load(options.dir);
      const topics = new Set(next.content.topics.map((t) => t.id));
      const missing = [...required].filter((topic) => !topics.has(topic));
      if (missing.length) {
        throw new InputError(
          `${options.dir}/topics.yaml`,
          `topics the flows offer on are gone: ${missing.join(', ')}; keep them, or change the flows and restart`,
        );
      }
    } catch (error) {
      const problems = error instanceof InputError ? error.issues : [{ where: options.dir, problem: error instanceof Error ? error.message : String(error) }];
      logger.error({ reason, dir: options.dir, problems }, 'knowledge reload refused; the content in force stays');
      return { ok: false, problems };
    }
    current = next;
    const tookMs = Math.round(performance.now() - started);
    logger.info({ reason, entries: next.content.entries.length, tookMs }, 'knowledge reloaded');
    return { ok: true, entries: next.content.entries.length, tookMs };
  }

  const source: ReloadingKnowledge = {
    current: () => current,

    reload(reason = 'requested') {
      if (waiting) return waiting;
      const run = previous.then(() => {
        waiting = undefined;
        return reloadNow(reason);
      });
      waiting = run;
      previous = run;
      return run;
    },

    listen(signal) {
      return signal.subscribe(KNOWLEDGE_RELOAD_CHANNEL, (message) => void source.reload(`signal ${message}`.trim()));
    },

    reloadOnHangup(target = process) {
      const onHangup = () => void source.reload('SIGHUP');
      target.on('SIGHUP', onHangup);
      return () => void target.off('SIGHUP', onHangup);
    },
  };
  return source;
}
