/**
 * The knowledge source used when the staff console is on: `current()` is the knowledge base
 * built from the **published revision** in the store (revision 0 = the `knowledge/` folder
 * until something is published).
 *
 * - In the process that publishes, the new base is swapped in at once ({@link StoreKnowledgeSource.install}).
 * - Other processes learn of it from the signal {@link KNOWLEDGE_RELOAD_CHANNEL} (Redis
 *   pub/sub, when given) and, as a safety net for lost messages and for stores without
 *   pub/sub, by reading the head revision number every few seconds.
 *
 * A revision is validated and indexed before it is swapped in; a broken one is logged and the
 * content in force stays. A turn already running keeps the base it started with.
 */
import type { Clock } from '../../shared/clock.js';
import { silentLogger, type Logger } from '../../shared/logger.js';
import { buildKnowledgeBase, type KnowledgeBase, type KnowledgeSource } from '../../knowledge/knowledgeBase.js';
import { parseKnowledgeFiles } from '../../knowledge/loadKnowledge.js';
import { KNOWLEDGE_RELOAD_CHANNEL, type ReloadSignal } from '../../knowledge/reloadingKnowledge.js';
import type { RetrieverOptions } from '../../knowledge/retriever.js';
import type { Store } from '../../store/contract.js';
import { createContentRepository, type ContentRepository } from './contentRepository.js';
import type { KnowledgeFiles } from './knowledgeFiles.js';

/** A signal both ways: the console publishes, every process listens. `createRedisSignal` fits. */
export interface ContentSignal extends ReloadSignal {
  publish(channel: string, message: string): Promise<unknown>;
}

/** Options of {@link createStoreKnowledgeSource}. */
export interface StoreKnowledgeSourceOptions {
  store: Store;
  clock: Clock;
  /** The knowledge folder (KNOWLEDGE_DIR): revision 0, and where `regression.jsonl` is. */
  knowledgeDir: string;
  /** Pub/sub between processes (with Redis: `createRedisSignal({ url, prefix })`). Omitted: polling only. */
  signal?: ContentSignal;
  /** How often the head revision number is read, in milliseconds; 0 turns polling off. Default 5,000. */
  pollMs?: number;
  /** Topics that must exist in every revision (the flows' `offerOnTopics`); a draft without one is not published. */
  requiredTopics?: ReadonlySet<string>;
  retrieverOptions?: RetrieverOptions;
  logger?: Logger;
}

/** The knowledge base in force, from the store. */
export interface StoreKnowledgeSource extends KnowledgeSource {
  /** The revision `current()` was built from. */
  readonly revision: number;
  /** When this process loaded it (epoch milliseconds). */
  readonly loadedAt: number;
  /** The revisions and the draft. */
  readonly content: ContentRepository;
  /** What the source was built with (the console reuses them). */
  readonly options: Readonly<StoreKnowledgeSourceOptions>;
  /** Builds a knowledge base from file texts the way `current()` is built. @throws InputError when invalid */
  build(files: KnowledgeFiles): KnowledgeBase;
  /** Swaps in a freshly published revision in this process and tells the others. */
  install(revision: number, base: KnowledgeBase): Promise<void>;
  /** Reads the head revision and loads it when it changed; true when it did. Never rejects. */
  refresh(): Promise<boolean>;
  /** Stops polling and listening. */
  close(): Promise<void>;
}

/**
 * Loads the published revision and starts following the head.
 *
 * @param options - see {@link StoreKnowledgeSourceOptions}
 */
export async function createStoreKnowledgeSource(options: StoreKnowledgeSourceOptions): Promise<StoreKnowledgeSource> {
  const logger = options.logger ?? silentLogger;
  const content = createContentRepository({ state: options.store.state, clock: options.clock, knowledgeDir: options.knowledgeDir });
  const build = (files: KnowledgeFiles) => buildKnowledgeBase(parseKnowledgeFiles(files, 'revision'), options.retrieverOptions);
  const first = await content.published();
  let base = build(first.files);
  let revision = first.number;
  let loadedAt = options.clock.now();
  let refreshing: Promise<boolean> | undefined;

  const refreshNow = async (): Promise<boolean> => {
    try {
      const head = await content.head();
      if (head === revision) return false;
      const next = await content.revision(head);
      if (!next) throw new Error(`revision ${head} is missing from the store`);
      const built = build(next.files);
      if (next.number <= revision && head !== 0) return false;
      base = built;
      revision = next.number;
      loadedAt = options.clock.now();
      logger.info({ revision, entries: built.content.entries.length }, 'knowledge revision loaded');
      return true;
    } catch (error) {
      logger.error({ err: error }, 'could not load the published knowledge revision; the content in force stays');
      return false;
    }
  };

  const source: StoreKnowledgeSource = {
    current: () => base,
    get revision() {
      return revision;
    },
    get loadedAt() {
      return loadedAt;
    },
    content,
    options,
    build,
    async install(number, built) {
      if (number > revision) {
        base = built;
        revision = number;
        loadedAt = options.clock.now();
        logger.info({ revision, entries: built.content.entries.length }, 'knowledge revision published');
      }
      await options.signal?.publish(KNOWLEDGE_RELOAD_CHANNEL, `revision:${number}`).catch((error: unknown) => {
        logger.warn({ err: error }, 'could not signal the new revision; other processes pick it up by polling');
      });
    },
    refresh() {
      refreshing ??= refreshNow().finally(() => {
        refreshing = undefined;
      });
      return refreshing;
    },
    async close() {
      if (timer) clearInterval(timer);
      await unsubscribe?.().catch(() => undefined);
    },
  };

  const pollMs = options.pollMs ?? 5_000;
  const timer = pollMs > 0 ? setInterval(() => void source.refresh(), pollMs) : undefined;
  timer?.unref();
  const unsubscribe = options.signal ? await options.signal.subscribe(KNOWLEDGE_RELOAD_CHANNEL, () => void source.refresh()) : undefined;
  return source;
}
