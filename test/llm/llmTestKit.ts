/**
 * Shared fakes for the model tests: a logger that keeps what it was told, an assistant over
 * LangChain's FakeListChatModel, and the shipped entries by id.
 */
import { FakeListChatModel } from '@langchain/core/utils/testing';
import type { Logger } from '../../src/shared/logger.js';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase.js';
import type { KnowledgeEntry } from '../../src/knowledge/schema.js';
import { createLlmAssistantFromModel } from '../../src/llm/createLlmAssistantFromModel.js';
import type { LlmAssistant } from '../../src/llm/llmAssistant.js';

/** One logged line. */
export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  message: string | undefined;
}

/** A logger that records every line. */
export function createCapturingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (fields: object, message?: string) => void lines.push({ level, fields: fields as Record<string, unknown>, message });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** The model fields of logged lines (`{ llm: … }`). */
export function llmFieldsOf(lines: readonly LogLine[], level?: LogLine['level']): Array<Record<string, unknown>> {
  return lines.filter((l) => (level ? l.level === level : true) && typeof l.fields.llm === 'object').map((l) => l.fields.llm as Record<string, unknown>);
}

/** A JSON reply of the model. */
export const json = (value: unknown) => JSON.stringify(value);

/** LangChain's fake chat model, except that it never answers: only a time limit ends a call to it. */
class SilentChatModel extends FakeListChatModel {
  override _sleep(): Promise<void> {
    return new Promise<void>(() => undefined);
  }
}

/**
 * An assistant over LangChain's fake chat model, answering `responses` in order.
 *
 * @param responses - the model's raw replies
 * @param options - delay per reply (ms), or `silent`: the model never answers (a test that
 *   waited for it would time out, so reaching the end proves the time limit cut the call
 *   short); and the time limit (ms)
 */
export function createFakeAssistant(
  responses: string[],
  options: { sleepMs?: number; silent?: boolean; timeoutMs?: number; logger?: Logger } = {},
): LlmAssistant & { model: string; fake: FakeListChatModel } {
  const fields = { responses, ...(options.silent ? { sleep: 0 } : options.sleepMs !== undefined ? { sleep: options.sleepMs } : {}) };
  const fake = options.silent ? new SilentChatModel(fields) : new FakeListChatModel(fields);
  const assistant = createLlmAssistantFromModel(fake, { modelName: 'fake-list', timeoutMs: options.timeoutMs ?? 2000, ...(options.logger ? { logger: options.logger } : {}) });
  return { ...assistant, fake };
}

/** An assistant that records the requests it gets, around another one. */
export function recordingAssistant(inner: LlmAssistant) {
  const answers: Parameters<LlmAssistant['answer']>[0][] = [];
  const extractions: Parameters<LlmAssistant['extract']>[0][] = [];
  const assistant: LlmAssistant = {
    model: inner.model,
    metrics: inner.metrics,
    answer: (request) => {
      answers.push(request);
      return inner.answer(request);
    },
    extract: (request) => {
      extractions.push(request);
      return inner.extract(request);
    },
  };
  return { assistant, answers, extractions };
}

/** A shipped entry by id. */
export function entry(knowledge: KnowledgeBase, id: string): KnowledgeEntry {
  const found = knowledge.content.entries.find((e) => e.id === id);
  if (!found) throw new Error(`no entry ${id}`);
  return found;
}

/** The shipped entries under review. */
export function entriesUnderReview(knowledge: KnowledgeBase): KnowledgeEntry[] {
  return knowledge.content.entries.filter((e) => e.review === 'needs_review');
}
