/**
 * Free-text understanding with LangChain's fake chat model: the prompt and the schema built
 * from the flow's questions. (Validation and confirmation are the engine's: see
 * engineWithModel.test.ts.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Flows } from '../../src/flows/loadFlows.js';
import type { QuestionStep } from '../../src/flows/flowSchema.js';
import { buildExtractionPrompt, extractionSchema } from '../../src/llm/extractFlowAnswers.js';
import type { ExtractableQuestion, ExtractionRequest } from '../../src/llm/llmAssistant.js';
import { shippedFlows } from '../helpers/testApp.js';
import { createFakeAssistant, json } from './llmTestKit.js';

let questions: ExtractableQuestion[];
beforeAll(async () => {
  const flows: Flows = await shippedFlows();
  questions = flows
    .get('eligibility')!
    .steps.filter((s): s is QuestionStep => s.kind === 'question' && ['choice', 'integer', 'year'].includes(s.validate.type))
    .map((s) => ({ field: s.field, label: s.label, validate: s.validate }));
});

const request = (text: string): ExtractionRequest => ({ text, persona: 'a chat-bot for people who may apply to the talent competitions of Some District', language: 'zh', questions, currentYear: 2026 });

describe('the extraction prompt', () => {
  it('lists the open questions with their ids and ranges, says what this year is, and never asks for names or contacts', () => {
    const [system, user] = buildExtractionPrompt(request('我是上交大博士，电话13812345678，团队5个人'));
    const text = String(system!.content);
    expect(text).toContain('JSON');
    expect(text).toContain('- industry — 所在领域 / Field.');
    expect(text).toContain('new_energy (新能源 / New energy; e.g. 光伏, 储能');
    expect(text).toContain('A whole number from 1 to 500.');
    expect(text).toContain('A four-digit year from 2026 to 2031.');
    expect(text).toContain('"next year" is 2027');
    expect(text).not.toMatch(/- (name|contact) —/);
    expect(String(user!.content)).toContain('我是上交大博士');
    expect(String(user!.content)).not.toContain('13812345678');
  });

  it('accepts only the questions’ fields, as strings or numbers', () => {
    const schema = extractionSchema(questions);
    expect(schema.parse({ industry: 'new_energy', team_size: 5, name: '张三', contact: '13812345678' })).toEqual({ industry: 'new_energy', team_size: 5 });
    expect(schema.safeParse({ team_size: { value: 5 } }).success).toBe(false);
  });
});

describe('extraction with a fake chat model', () => {
  it('returns the raw values it read, without empty ones', async () => {
    const assistant = createFakeAssistant([json({ industry: 'new_energy', degree: 'phd', team_size: 5, intention: 'within_1y', timeline: 2027, role: null, stage: ' ' })]);
    expect(await assistant.extract(request('我是上交大博士，做固态电池，团队5个人，明年想落地'))).toEqual({
      kind: 'extracted',
      values: { industry: 'new_energy', degree: 'phd', team_size: 5, intention: 'within_1y', timeline: 2027 },
    });
    expect(assistant.metrics.snapshot().calls.extract.ok).toBe(1);
  });

  it('is unavailable on malformed output and after the time limit', async () => {
    expect(await createFakeAssistant(['not json']).extract(request('博士'))).toEqual({ kind: 'unavailable', reason: 'malformed' });
    expect(await createFakeAssistant([json({})], { silent: true, timeoutMs: 50 }).extract(request('博士'))).toEqual({ kind: 'unavailable', reason: 'timeout' });
  });
});
