import { describe, expect, it } from 'vitest';
import { createLlmMetrics } from '../../src/llm/llmMetrics.js';

describe('llm metrics', () => {
  it('counts calls by purpose and outcome, tokens, latency buckets and rejections', () => {
    const metrics = createLlmMetrics();
    metrics.recordCall({ purpose: 'answer', outcome: 'ok', latencyMs: 300, inputTokens: 900, outputTokens: 40 });
    metrics.recordCall({ purpose: 'answer', outcome: 'timeout', latencyMs: 8000, inputTokens: 0, outputTokens: 0 });
    metrics.recordCall({ purpose: 'extract', outcome: 'malformed', latencyMs: 1200, inputTokens: 300, outputTokens: 10 });
    metrics.recordRejection('figure');
    const snapshot = metrics.snapshot();
    expect(snapshot.calls.answer).toEqual({ ok: 1, timeout: 1, error: 0, malformed: 0 });
    expect(snapshot.calls.extract.malformed).toBe(1);
    expect(snapshot.tokens).toEqual({ answer: { input: 900, output: 40 }, extract: { input: 300, output: 10 } });
    expect(snapshot.latency.count).toBe(3);
    expect(snapshot.latency.sumSeconds).toBeCloseTo(9.5);
    expect(snapshot.latency.buckets.find((b) => b.le === 0.5)?.count).toBe(1);
    expect(snapshot.latency.buckets.find((b) => b.le === 2)?.count).toBe(2);
    expect(snapshot.latency.buckets.find((b) => b.le === 8)?.count).toBe(3);
    expect(snapshot.rejections.figure).toBe(1);
    snapshot.calls.answer.ok = 99;
    expect(metrics.snapshot().calls.answer.ok).toBe(1);
  });
});
