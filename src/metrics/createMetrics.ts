/**
 * Prometheus metrics for `GET /metrics`: HTTP requests by route and status, conversation
 * turns by channel (answered, fallback, repeated), the optional model's calls, tokens,
 * latency and guard rejections, and, in the server, the process's own figures.
 */
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { LlmMetrics, LlmMetricsSnapshot } from '../llm/llmMetrics.js';

/** What the engine reports per turn. */
export interface TurnMetrics {
  /** Counts one handled message. */
  turn(channel: string, outcome: 'answered' | 'fallback' | 'duplicate'): void;
}

/** The metrics of one app. */
export interface Metrics extends TurnMetrics {
  readonly registry: Registry;
  /** Times every request of `http` by route and status. */
  instrument(http: FastifyInstance): void;
  /** The text `GET /metrics` serves. */
  render(): Promise<string>;
}

/** Options of {@link createMetrics}. */
export interface MetricsOptions {
  /** Adds Node's process metrics (memory, CPU, event loop). Default false; the server turns it on. */
  processMetrics?: boolean;
  /** The model's counters, read at every scrape. */
  llm?: LlmMetrics;
}

/**
 * Creates a registry of its own (several apps in one test process do not collide).
 *
 * @param options - see {@link MetricsOptions}
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  // Includes the event-loop delay (talentbot_nodejs_eventloop_lag_{min,max,mean,p50,p90,p99}_seconds),
  // sampled every 10 ms; a stall shows in the max and p99 of the next scrape.
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'talentbot_', eventLoopMonitoringPrecision: 10 });
  const requests = new Histogram({
    name: 'talentbot_http_request_duration_seconds',
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const turns = new Counter({
    name: 'talentbot_turns_total',
    help: 'Messages handled by the engine, by channel and outcome (answered, fallback, duplicate)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [registry],
  });
  const llm = options.llm;
  if (llm) {
    // Copied from the model's own counters at every scrape; they only grow.
    const copied = (name: string, help: string, labelNames: readonly string[], read: (snapshot: LlmMetricsSnapshot) => Array<[Record<string, string>, number]>) =>
      new Counter({
        name,
        help,
        labelNames,
        registers: [registry],
        collect() {
          this.reset();
          for (const [labels, value] of read(llm.snapshot())) if (value > 0) this.inc(labels, value);
        },
      });
    copied('talentbot_llm_calls_total', 'Calls to the language model by purpose and outcome', ['purpose', 'outcome'], (snap) =>
      Object.entries(snap.calls).flatMap(([purpose, byOutcome]) => Object.entries(byOutcome).map(([outcome, n]): [Record<string, string>, number] => [{ purpose, outcome }, n])),
    );
    copied('talentbot_llm_tokens_total', 'Tokens used by the language model by purpose and direction', ['purpose', 'direction'], (snap) =>
      Object.entries(snap.tokens).flatMap(([purpose, t]): Array<[Record<string, string>, number]> => [
        [{ purpose, direction: 'input' }, t.input],
        [{ purpose, direction: 'output' }, t.output],
      ]),
    );
    copied('talentbot_llm_latency_seconds_total', 'Sum of the language model call latencies', [], (snap) => [[{}, snap.latency.sumSeconds]]);
    copied('talentbot_llm_guard_rejections_total', 'Model answers replaced by the curated answer, by reason', ['reason'], (snap) =>
      Object.entries(snap.rejections).map(([reason, n]): [Record<string, string>, number] => [{ reason }, n]),
    );
  }

  return {
    registry,
    turn: (channel, outcome) => turns.inc({ channel, outcome }),
    instrument(http) {
      http.addHook('onResponse', async (request, reply) => {
        const route = request.routeOptions.url ?? 'unmatched';
        requests.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
      });
    },
    render: () => registry.metrics(),
  };
}
