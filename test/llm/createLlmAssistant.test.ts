import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createChatModel, NO_API_KEY } from '../../src/llm/createChatModel.js';
import { createLlmAssistant } from '../../src/llm/createLlmAssistant.js';
import { createLlmMetrics } from '../../src/llm/llmMetrics.js';
import { createCapturingLogger } from './llmTestKit.js';

describe('createLlmAssistant', () => {
  it('gives no assistant when no model is configured', async () => {
    expect(await createLlmAssistant(loadConfig({}))).toBeUndefined();
  });

  it('builds one over ChatOpenAI for the configured model, sharing the given counters, and never logs the key', async () => {
    const logger = createCapturingLogger();
    const metrics = createLlmMetrics();
    const config = loadConfig({ LLM_BASE_URL: 'https://api.deepseek.com', LLM_MODEL: 'deepseek-chat', LLM_API_KEY: 'sk-very-secret', LLM_TIMEOUT_MS: '5000' });
    const assistant = await createLlmAssistant(config, { logger, metrics });
    expect(assistant?.model).toBe('deepseek-chat');
    expect(assistant?.metrics).toBe(metrics);
    expect(JSON.stringify(logger.lines)).toContain('api.deepseek.com');
    expect(JSON.stringify(logger.lines)).not.toContain('sk-very-secret');
  });

  it('configures ChatOpenAI with the base URL, no retries, and a placeholder key rather than OPENAI_API_KEY', () => {
    const model = createChatModel({ baseUrl: 'http://127.0.0.1:11434/v1', model: 'qwen2.5:7b', timeoutMs: 3000, temperature: 0 });
    expect(model.model).toBe('qwen2.5:7b');
    expect(model.apiKey).toBe(NO_API_KEY);
    expect(model.timeout).toBe(3000);
    expect(model.temperature).toBe(0);
    expect((model.caller as unknown as { maxRetries: number }).maxRetries).toBe(0);
    expect(model.clientConfig.baseURL).toBe('http://127.0.0.1:11434/v1');
  });
});
