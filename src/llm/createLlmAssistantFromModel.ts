/**
 * The model assistant over any LangChain chat model: the configured `ChatOpenAI`
 * ({@link createLlmAssistant}), or one of LangChain's fake chat models in tests.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { systemClock, type Clock } from '../shared/clock.js';
import { silentLogger, type Logger } from '../shared/logger.js';
import { answerFromEntries } from './answerFromEntries.js';
import { extractFlowAnswers } from './extractFlowAnswers.js';
import type { ModelCallDependencies } from './invokeStructured.js';
import type { LlmAssistant } from './llmAssistant.js';
import { createLlmMetrics, type LlmMetrics } from './llmMetrics.js';

/** Options of the assistant; only the model's name and time limit are required. */
export interface LlmAssistantModelOptions {
  /** The model's name, for logs and reports. */
  modelName: string;
  /** Time limit of one call, in milliseconds. */
  timeoutMs: number;
  /** Where calls, rejections and failures are logged. Default: nowhere. */
  logger?: Logger;
  /** Measures call latency. Default: the system clock. */
  clock?: Clock;
  /** The counters to add to, e.g. shared with the metrics endpoint. Default: new ones, readable as `assistant.metrics`. */
  metrics?: LlmMetrics;
  /** Strings never to log (the API key). */
  secrets?: readonly string[];
}

/**
 * Builds the assistant.
 *
 * @param model - the chat model
 * @param options - its name, time limit, logger, clock and counters
 */
export function createLlmAssistantFromModel(model: BaseChatModel, options: LlmAssistantModelOptions): LlmAssistant {
  const metrics = options.metrics ?? createLlmMetrics();
  const deps: ModelCallDependencies = {
    model,
    modelName: options.modelName,
    timeoutMs: options.timeoutMs,
    logger: options.logger ?? silentLogger,
    clock: options.clock ?? systemClock,
    metrics,
    secrets: options.secrets ?? [],
  };
  return {
    model: options.modelName,
    metrics,
    answer: (request) => answerFromEntries(deps, request),
    extract: (request) => extractFlowAnswers(deps, request),
  };
}
