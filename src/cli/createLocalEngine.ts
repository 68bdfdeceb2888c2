/**
 * Builds an engine on the shipped knowledge with an in-process store, for the command-line
 * tools (`npm run chat`, `npm run eval`).
 */
import { loadConfig } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import { createEngine, type Engine } from '../core/engine.js';
import { buildKnowledgeBase, fixedKnowledge } from '../knowledge/knowledgeBase.js';
import { loadKnowledge } from '../knowledge/loadKnowledge.js';
import type { LlmAssistant } from '../llm/llmAssistant.js';
import { createMemoryStore } from '../store/memoryStore.js';

/** Options of {@link createLocalEngine}. */
export interface LocalEngineOptions {
  /** The optional model (`createLlmAssistant`); default: none, answers from retrieval alone. */
  llm?: LlmAssistant;
}

/**
 * Loads configuration and knowledge and returns a ready engine.
 *
 * @param clock - the clock the engine and its calendar answers use
 * @param options - the optional model
 */
export async function createLocalEngine(clock: Clock, options: LocalEngineOptions = {}): Promise<Engine> {
  const config = loadConfig(process.env);
  const content = await loadKnowledge(config.knowledgeDir);
  return createEngine({
    clock,
    store: createMemoryStore(clock),
    knowledge: fixedKnowledge(buildKnowledgeBase(content)),
    conversationTtlMs: config.conversationTtlMs,
    ...(options.llm ? { llm: options.llm } : {}),
  });
}
