/**
 * Drives `POST /api/chat` on one server with autocannon and the chat mix, and sums up the
 * run: requests per second, latency percentiles, failures, and the server's peak memory.
 */
import autocannon from 'autocannon';
import { createChatRequests, type MixCounters, type QuestionSet } from './chatMix.js';
import { watchPeakRss, type BenchProcess } from './processes.js';

/** How hard and how long. */
export interface LoadOptions {
  connections: number;
  /** Measured seconds. */
  durationS: number;
  /** Unmeasured seconds before, with the same traffic (JIT, caches, connection set-up). */
  warmupS: number;
  questions: QuestionSet;
  /** Check replies against the conversation steps. */
  check?: boolean;
}

/** The outcome of one measured run. */
export interface LoadSummary {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  /**
   * The server's CPU time per answered request, in microseconds: the cost of a request,
   * little affected by other load on the machine (unlike requests/s). Undefined without /proc.
   */
  cpuUsPerRequest?: number;
  /** Peak resident memory of the server during the measured run, and after it. */
  peakRssMiB: number;
  rssAfterMiB: number;
  counters: MixCounters;
}

/** Runs the warm-up, then the measured run, against `server`. */
export async function runLoad(server: BenchProcess, options: LoadOptions): Promise<LoadSummary> {
  if (options.warmupS > 0) {
    const warm = createChatRequests(`warm-${server.name}-${Date.now().toString(36)}`, options.questions);
    await autocannon({ url: server.url, connections: options.connections, duration: options.warmupS, requests: warm.requests, timeout: 10 });
  }
  const { requests, counters } = createChatRequests(`${server.name}-${Date.now().toString(36)}`, options.questions, options.check);
  const rss = watchPeakRss(server);
  const cpuBefore = server.cpuMs();
  const result = await autocannon({ url: server.url, connections: options.connections, duration: options.durationS, requests, timeout: 10 });
  const cpuAfter = server.cpuMs();
  const peakRssMiB = rss.stop();
  const answered = result.requests.total;
  const cpuUsPerRequest = cpuBefore !== undefined && cpuAfter !== undefined && answered > 0 ? ((cpuAfter - cpuBefore) * 1000) / answered : undefined;
  return {
    name: server.name,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    requests: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
    ...(cpuUsPerRequest !== undefined ? { cpuUsPerRequest } : {}),
    peakRssMiB,
    rssAfterMiB: server.rssMiB(),
    counters,
  };
}
