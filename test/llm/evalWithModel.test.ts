/**
 * `npm run eval -- <file> --llm`: the evaluation CLI, in a child process, with LLM_*
 * pointing at the local fake OpenAI-compatible server, reports accuracy with and without
 * the model on the same file.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/runCli.js';
import { SHARED_DIR } from '../helpers/testApp.js';
import { entriesInPrompt, groundedContent, messageOf, startFakeOpenAiServer, type FakeOpenAiServer } from './fakeOpenAiServer.js';

const PUBLIC_SET = path.join(SHARED_DIR, 'eval', 'public.jsonl');
let server: FakeOpenAiServer;
let env: Record<string, string>;

beforeAll(async () => {
  // A scripted model: answers with the first paragraph of the first entry it is given,
  // except for the home-purchase question, where it invents a figure.
  server = await startFakeOpenAiServer((request) => {
    const [first] = entriesInPrompt(request);
    if (!first) return { content: groundedContent('', [], false) };
    if (messageOf(request, 'user').includes('买房有补贴吗')) return { content: groundedContent('购房补贴最高80万元。', [first.id]) };
    return { content: groundedContent(first.body.split('\n\n')[0]!, [first.id]) };
  });
  env = { LLM_BASE_URL: server.baseUrl, LLM_MODEL: 'fake-eval-model', LLM_API_KEY: 'sk-eval', LLM_TIMEOUT_MS: '5000' };
});
afterAll(async () => {
  await server.close();
});

describe('npm run eval -- --llm', () => {
  it('reports accuracy without and with the model on the same file, and the model’s work', async () => {
    const result = await runCli('eval', [PUBLIC_SET, '--llm', '--min-accuracy', '0.5'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('without the model\n');
    expect(result.stdout).toContain('with the model (fake-eval-model)\n');
    expect(result.stdout).toMatch(/accuracy without the model: \d+\.\d% \(\d+\/40\) {3}with the model: \d+\.\d% \(\d+\/40\)/);
    expect(result.stdout).toMatch(/model calls: \d+ \(ok \d+, timeout 0, error 0, malformed 0\)/);
    expect(result.stdout).toContain('answers rejected by the guard: 1 (figure 1)');
    expect(result.stdout).toMatch(/tokens: \d+ in, \d+ out {3}mean latency: \d+\.\d\d s/);
    expect(result.stdout).toContain('ok: both at or above 0.5');
    expect(server.requests.length).toBeGreaterThan(20);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-eval');
  });

  it('with --json, adds the model run beside the run without it', async () => {
    const result = await runCli('eval', [PUBLIC_SET, '--llm', '--json'], env);
    const summary = JSON.parse(result.stdout);
    expect(result.code).toBe(0);
    expect(summary.overall.total).toBe(40);
    expect(summary.overall.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(summary.withModel).toMatchObject({ model: 'fake-eval-model', overall: { total: 40 } });
    expect(summary.withModel.results).toHaveLength(40);
    expect(summary.withModel.llm.calls.answer.ok).toBeGreaterThan(20);
    expect(summary.withModel.llm.rejections.figure).toBe(1);
  });

  it('refuses --llm when no model is configured', async () => {
    const result = await runCli('eval', [PUBLIC_SET, '--llm'], { LLM_BASE_URL: '', LLM_MODEL: '', LLM_API_KEY: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('LLM_BASE_URL');
  });
});
