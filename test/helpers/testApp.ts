/**
 * Shared fakes and builders for tests: the real app and engine on the shipped knowledge,
 * with a manual clock and a fresh in-process store. Nothing of ours is mocked.
 */
import path from 'node:path';
import { buildApp, type App } from '../../src/app.js';
import { PROJECT_ROOT } from '../../src/config/projectRoot.js';
import { createManualClock } from '../../src/core/clock.js';
import { createEngine, type Engine } from '../../src/core/engine.js';
import { buildKnowledgeBase, fixedKnowledge, type KnowledgeBase } from '../../src/knowledge/knowledgeBase.js';
import { loadKnowledge } from '../../src/knowledge/loadKnowledge.js';
import type { Store } from '../../src/store/contract.js';
import { createMemoryStore } from '../../src/store/memoryStore.js';

/** The shipped knowledge folder. */
export const KNOWLEDGE_DIR = path.join(PROJECT_ROOT, 'knowledge');
/** The shared folder beside the project (seed, evaluation sets, WeCom vectors). */
export const SHARED_DIR = path.join(PROJECT_ROOT, '..', 'shared');
/** A fixed "now" for tests: 2026-03-01 09:00 in Changzhou. */
export const TEST_NOW = '2026-03-01T01:00:00Z';

let shippedKnowledge: Promise<KnowledgeBase> | undefined;
/** The shipped knowledge base, loaded once per test file. */
export function shippedKnowledgeBase(): Promise<KnowledgeBase> {
  shippedKnowledge ??= loadKnowledge(KNOWLEDGE_DIR).then((content) => buildKnowledgeBase(content));
  return shippedKnowledge;
}

/** Everything a test needs to drive the bot. */
export interface TestBot {
  clock: ReturnType<typeof createManualClock>;
  store: Store;
  knowledge: KnowledgeBase;
}

/** A fresh store and manual clock over the shipped knowledge. */
export async function createTestBot(now: string = TEST_NOW): Promise<TestBot> {
  const clock = createManualClock(now);
  return { clock, store: createMemoryStore(clock), knowledge: await shippedKnowledgeBase() };
}

/** The real engine over {@link createTestBot}'s parts. */
export async function createTestEngine(now?: string): Promise<TestBot & { engine: Engine }> {
  const bot = await createTestBot(now);
  return { ...bot, engine: createEngine({ clock: bot.clock, store: bot.store, knowledge: fixedKnowledge(bot.knowledge) }) };
}

/** The real HTTP app over {@link createTestBot}'s parts; call `app.http.close()` after. */
export async function createTestApp(now?: string): Promise<TestBot & { app: App }> {
  const bot = await createTestBot(now);
  return { ...bot, app: buildApp({ clock: bot.clock, store: bot.store, knowledge: fixedKnowledge(bot.knowledge) }) };
}
