/**
 * Builds the optional model assistant the engine uses for grounded answers and free-text
 * understanding, from configuration. No configuration (`LLM_BASE_URL` unset) means no
 * assistant, and the bot behaves exactly as it does without a model; LangChain is then not
 * even loaded (it is imported only when a model is configured).
 *
 * Wiring: `const llm = await createLlmAssistant(config, { logger })` → pass `llm` to the
 * engine's dependencies; read `llm.metrics.snapshot()` from the metrics endpoint.
 */
import type { LlmConfig } from '../config/config.js';
import type { Clock } from '../shared/clock.js';
import { silentLogger, type Logger } from '../shared/logger.js';
import type { LlmAssistant } from './llmAssistant.js';
import type { LlmMetrics } from './llmMetrics.js';

/** Options of {@link createLlmAssistant}; every field is optional. */
export interface LlmAssistantOptions {
  /** Where calls, rejections and failures are logged. Default: nowhere. */
  logger?: Logger;
  /** Measures call latency. Default: the system clock. */
  clock?: Clock;
  /** The counters to add to, e.g. shared with the metrics endpoint. Default: new ones, readable as `assistant.metrics`. */
  metrics?: LlmMetrics;
}

/**
 * The assistant for the configured OpenAI-compatible model, or undefined when no model is
 * configured.
 *
 * @param config - the parsed configuration (only `llm` is read)
 * @param options - logger, clock and counters
 */
export async function createLlmAssistant(config: { llm?: LlmConfig }, options: LlmAssistantOptions = {}): Promise<LlmAssistant | undefined> {
  const llm = config.llm;
  if (!llm) return undefined;
  const [{ createChatModel }, { createLlmAssistantFromModel }] = await Promise.all([import('./createChatModel.js'), import('./createLlmAssistantFromModel.js')]);
  const assistant = createLlmAssistantFromModel(createChatModel(llm), {
    ...options,
    modelName: llm.model,
    timeoutMs: llm.timeoutMs,
    secrets: llm.apiKey ? [llm.apiKey] : [],
  });
  (options.logger ?? silentLogger).info(
    { llm: { model: llm.model, host: new URL(llm.baseUrl).host, timeoutMs: llm.timeoutMs } },
    'answers and free-text understanding use the configured model; applicant text is sent to its provider',
  );
  return assistant;
}
