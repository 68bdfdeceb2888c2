/**
 * The LangChain chat model for an OpenAI-compatible API (DeepSeek, Qwen through DashScope's
 * compatible mode, Ollama, …): `ChatOpenAI` from `@langchain/openai` with
 * `configuration.baseURL`. See docs/llm.md for the providers' URLs and model names.
 */
import { ChatOpenAI } from '@langchain/openai';
import type { LlmConfig } from '../config/config.js';

/** Most tokens one answer may use: a short answer or a small JSON object. */
export const MAX_OUTPUT_TOKENS = 800;

/**
 * The API key sent when none is configured. The OpenAI client refuses to start without a
 * key, and servers such as a local Ollama ignore it. Passing one explicitly also means the
 * client never falls back to an `OPENAI_API_KEY` from the environment, which would send
 * that key to the configured provider.
 */
export const NO_API_KEY = 'no-key';

/**
 * Builds the chat model.
 *
 * @param config - base URL, key, model name, time limit and temperature
 */
export function createChatModel(config: LlmConfig): ChatOpenAI {
  return new ChatOpenAI({
    model: config.model,
    apiKey: config.apiKey ?? NO_API_KEY,
    temperature: config.temperature,
    // The engine enforces its own time limit too; no retries: a retry would outlast it.
    timeout: config.timeoutMs,
    maxRetries: 0,
    maxTokens: MAX_OUTPUT_TOKENS,
    configuration: { baseURL: config.baseUrl },
  });
}
