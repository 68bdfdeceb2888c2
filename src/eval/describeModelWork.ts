/**
 * One paragraph about the model's work during an evaluation run (`npm run eval -- --llm`).
 */
import type { LlmMetricsSnapshot } from '../llm/llmMetrics.js';

/**
 * Describes the model's calls, guard rejections, tokens and mean latency.
 *
 * @param m - the model's metrics after the run
 */
export function describeModelWork(m: LlmMetricsSnapshot): string {
  const calls = Object.values(m.calls).reduce(
    (sum, byOutcome) => ({
      ok: sum.ok + byOutcome.ok,
      timeout: sum.timeout + byOutcome.timeout,
      error: sum.error + byOutcome.error,
      malformed: sum.malformed + byOutcome.malformed,
    }),
    { ok: 0, timeout: 0, error: 0, malformed: 0 },
  );
  const rejected = Object.entries(m.rejections).filter(([, n]) => n > 0);
  const tokensIn = m.tokens.answer.input + m.tokens.extract.input;
  const tokensOut = m.tokens.answer.output + m.tokens.extract.output;
  const meanLatency = m.latency.count ? (m.latency.sumSeconds / m.latency.count).toFixed(2) : '0.00';
  return [
    `model calls: ${m.latency.count} (ok ${calls.ok}, timeout ${calls.timeout}, error ${calls.error}, malformed ${calls.malformed})`,
    `answers rejected by the guard: ${rejected.reduce((s, [, n]) => s + n, 0)}${rejected.length ? ` (${rejected.map(([r, n]) => `${r} ${n}`).join(', ')})` : ''}`,
    `tokens: ${tokensIn} in, ${tokensOut} out   mean latency: ${meanLatency} s`,
  ].join('\n');
}
