/**
 * Counters of the model's work, kept in memory for the metrics endpoint: calls by purpose
 * and outcome, tokens, latency, and answers the guard rejected. One object per process;
 * {@link LlmMetrics.snapshot} returns plain numbers a Prometheus exporter can print.
 */

/** What a model call was for. */
export type LlmPurpose = 'answer' | 'extract';
/** How a model call ended: a usable result, too slow, an error, or output that did not fit the schema. */
export type LlmCallOutcome = 'ok' | 'timeout' | 'error' | 'malformed';
/** Why a model answer was not shown. */
export type LlmRejectionReason = 'figure' | 'link' | 'under_review' | 'citation' | 'too_long' | 'language';

/** Upper bounds (seconds) of the latency histogram buckets, Prometheus style (`le`). */
export const LLM_LATENCY_BUCKETS_SECONDS: readonly number[] = [0.25, 0.5, 1, 2, 4, 8, 16, 32];

/** One call, as recorded. */
export interface LlmCallRecord {
  purpose: LlmPurpose;
  outcome: LlmCallOutcome;
  latencyMs: number;
  /** Tokens the provider reported; 0 when it reported none. */
  inputTokens: number;
  outputTokens: number;
}

/** The counters at one moment. Every number only grows while the process runs. */
export interface LlmMetricsSnapshot {
  /** Calls by purpose and outcome. */
  calls: Record<LlmPurpose, Record<LlmCallOutcome, number>>;
  /** Tokens by purpose, as reported by the provider. */
  tokens: Record<LlmPurpose, { input: number; output: number }>;
  /** Latency of all calls: sum in seconds, count, and cumulative bucket counts (`le` → count). */
  latency: { sumSeconds: number; count: number; buckets: Array<{ le: number; count: number }> };
  /** Model answers replaced by the curated answer (or the fallback), by reason. */
  rejections: Record<LlmRejectionReason, number>;
}

/** The counters: written by the model calls, read by the metrics endpoint. */
export interface LlmMetrics {
  recordCall(call: LlmCallRecord): void;
  recordRejection(reason: LlmRejectionReason): void;
  /** A copy of the counters. */
  snapshot(): LlmMetricsSnapshot;
}

const outcomes = (): Record<LlmCallOutcome, number> => ({ ok: 0, timeout: 0, error: 0, malformed: 0 });

/** Creates zeroed counters. */
export function createLlmMetrics(): LlmMetrics {
  const calls: LlmMetricsSnapshot['calls'] = { answer: outcomes(), extract: outcomes() };
  const tokens: LlmMetricsSnapshot['tokens'] = { answer: { input: 0, output: 0 }, extract: { input: 0, output: 0 } };
  const rejections: LlmMetricsSnapshot['rejections'] = { figure: 0, link: 0, under_review: 0, citation: 0, too_long: 0, language: 0 };
  const bucketCounts = LLM_LATENCY_BUCKETS_SECONDS.map(() => 0);
  let latencySum = 0;
  let latencyCount = 0;
  return {
    recordCall(call) {
      calls[call.purpose][call.outcome] += 1;
      tokens[call.purpose].input += call.inputTokens;
      tokens[call.purpose].output += call.outputTokens;
      const seconds = call.latencyMs / 1000;
      latencySum += seconds;
      latencyCount += 1;
      LLM_LATENCY_BUCKETS_SECONDS.forEach((le, i) => {
        if (seconds <= le) bucketCounts[i]! += 1;
      });
    },
    recordRejection(reason) {
      rejections[reason] += 1;
    },
    snapshot() {
      return {
        calls: { answer: { ...calls.answer }, extract: { ...calls.extract } },
        tokens: { answer: { ...tokens.answer }, extract: { ...tokens.extract } },
        latency: {
          sumSeconds: latencySum,
          count: latencyCount,
          buckets: LLM_LATENCY_BUCKETS_SECONDS.map((le, i) => ({ le, count: bucketCounts[i]! })),
        },
        rejections: { ...rejections },
      };
    },
  };
}
