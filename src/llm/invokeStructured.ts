/**
 * One call to the model for a JSON object of a zod schema, with a hard time limit, and the
 * call's latency and tokens logged and counted.
 *
 * Structured output uses LangChain's `withStructuredOutput` in JSON mode
 * (`response_format: {"type": "json_object"}`): DeepSeek, Qwen through DashScope and
 * Ollama all support it, whereas JSON-schema response formats and tool calls are not
 * offered by all of them (or not for every model). The prompt must therefore describe
 * the object and contain the word "JSON". The schema is checked again here, whatever the
 * model wrapper did: the output is untrusted.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import type { z } from 'zod';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { LlmUnavailableReason } from './llmAssistant.js';
import type { LlmMetrics, LlmPurpose } from './llmMetrics.js';

/** What a model call needs. */
export interface ModelCallDependencies {
  model: BaseChatModel;
  /** The model's name, for logs. */
  modelName: string;
  /** Time limit of the call, in milliseconds. */
  timeoutMs: number;
  logger: Logger;
  /** Measures latency. */
  clock: Clock;
  metrics: LlmMetrics;
  /** Strings removed from logged error messages (the API key). */
  secrets: readonly string[];
}

/** The parsed object, or why there is none. */
export type ModelCallResult<T> = { ok: true; value: T } | { ok: false; reason: LlmUnavailableReason };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Token counts of an AI message, when the provider reported them. */
function tokensOf(raw: unknown): { inputTokens: number; outputTokens: number } {
  const usage = isRecord(raw) && isRecord(raw.usage_metadata) ? raw.usage_metadata : undefined;
  const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  return { inputTokens: count(usage?.input_tokens), outputTokens: count(usage?.output_tokens) };
}

/**
 * Asks the model for one object of `schema`.
 *
 * @param deps - the model, time limit, logger, clock and counters
 * @param purpose - what the call is for (logs and metrics)
 * @param schema - the object expected
 * @param messages - the prompt
 * @returns the validated object, or `timeout` / `error` / `malformed`; never throws
 */
export async function invokeStructured<T extends Record<string, unknown>>(
  deps: ModelCallDependencies,
  purpose: LlmPurpose,
  schema: z.ZodType<T>,
  messages: BaseMessage[],
): Promise<ModelCallResult<T>> {
  const started = deps.clock.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<{ timeout: true }>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ timeout: true });
    }, deps.timeoutMs);
  });
  const call = (async () => {
    const runnable = deps.model.withStructuredOutput(schema, { name: purpose, method: 'jsonMode', includeRaw: true });
    return { output: (await runnable.invoke(messages, { signal: controller.signal })) as unknown };
  })().catch((error: unknown) => ({ error }));
  const settled = await Promise.race([call, timedOut]);
  clearTimeout(timer);
  const latencyMs = Math.max(0, deps.clock.now() - started);

  let result: ModelCallResult<T>;
  let raw: unknown;
  let problem: string | undefined;
  if ('timeout' in settled) {
    result = { ok: false, reason: 'timeout' };
  } else if ('error' in settled) {
    // Output that does not parse is the model's fault, not the connection's.
    const unparsable = settled.error instanceof SyntaxError || (settled.error instanceof Error && settled.error.name === 'OutputParserException');
    result = { ok: false, reason: unparsable ? 'malformed' : 'error' };
    problem = describeError(settled.error, deps.secrets);
  } else {
    // ChatOpenAI returns { raw, parsed } (parsed null when the output did not parse);
    // LangChain's fake models return the parsed object itself.
    const output = settled.output;
    const wrapped = isRecord(output) && 'raw' in output && 'parsed' in output;
    raw = wrapped ? output.raw : undefined;
    const parsed = schema.safeParse(wrapped ? output.parsed : output);
    if (parsed.success) result = { ok: true, value: parsed.data };
    else {
      result = { ok: false, reason: 'malformed' };
      problem = wrapped && output.parsed === null ? 'the output is not a JSON object of the expected shape' : parsed.error.issues[0]?.message;
    }
  }
  const tokens = tokensOf(raw);
  const outcome = result.ok ? 'ok' : result.reason;
  deps.metrics.recordCall({ purpose, outcome, latencyMs, ...tokens });
  const fields = { llm: { purpose, model: deps.modelName, outcome, latencyMs, ...tokens, ...(problem ? { problem } : {}) } };
  if (result.ok) deps.logger.info(fields, 'model call');
  else deps.logger.warn(fields, `model call gave no usable result (${outcome}); answering without the model`);
  return result;
}

function describeError(error: unknown, secrets: readonly string[]): string {
  let message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  for (const secret of secrets) if (secret) message = message.split(secret).join('[redacted]');
  return message.slice(0, 500);
}
