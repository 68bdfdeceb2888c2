/**
 * Drives `POST /api/chat` on one server with autocannon and the chat mix, and sums up the
 * run: requests per second, latency percentiles, failures, and the server's peak memory.
 */
import autocannon from 'autocannon';
import { createChatRequests, type ChatMix, type MixCounters, type QuestionSet } from './chatMix.js';
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
  /** The traffic; default `faq`. */
  mix?: ChatMix;
  /** Read the server's event-loop delay from its `GET /metrics` (scraped just before and after the measured run). */
  eventLoop?: boolean;
}

/** The event-loop delay of the measured run, as the server's own `/metrics` reports it. */
export interface EventLoopDelay {
  p99Ms: number;
  maxMs: number;
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
  /** With {@link LoadOptions.eventLoop}: the delay during the measured run; undefined when `/metrics` did not say. */
  eventLoop?: EventLoopDelay;
}

/**
 * Scrapes `GET /metrics` and reads the event-loop delay gauges. prom-client resets its
 * delay histogram at every scrape, so a scrape right after a run reports that run.
 */
export async function scrapeEventLoop(url: string): Promise<EventLoopDelay | undefined> {
  try {
    const text = await (await fetch(`${url}/metrics`)).text();
    const gauge = (name: string) => Number(new RegExp(`^talentbot_nodejs_eventloop_lag_${name}_seconds(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text)?.[1]);
    const p99 = gauge('p99');
    const max = gauge('max');
    return Number.isFinite(p99) && Number.isFinite(max) ? { p99Ms: p99 * 1000, maxMs: max * 1000 } : undefined;
  } catch {
    return undefined;
  }
}

/** Runs the warm-up, then the measured run, against `server`. */
export async function runLoad(server: BenchProcess, options: LoadOptions): Promise<LoadSummary> {
  if (options.warmupS > 0) {
    const warm = createChatRequests(`warm-${server.name}-${Date.now().toString(36)}`, options.questions, false, options.mix);
    await autocannon({ url: server.url, connections: options.connections, duration: options.warmupS, requests: warm.requests, timeout: 10 });
  }
  const { requests, counters } = createChatRequests(`${server.name}-${Date.now().toString(36)}`, options.questions, options.check, options.mix);
  if (options.eventLoop) await scrapeEventLoop(server.url);
  const rss = watchPeakRss(server);
  const cpuBefore = server.cpuMs();
  const result = await autocannon({ url: server.url, connections: options.connections, duration: options.durationS, requests, timeout: 10 });
  const cpuAfter = server.cpuMs();
  const eventLoop = options.eventLoop ? await scrapeEventLoop(server.url) : undefined;
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
    ...(eventLoop ? { eventLoop } : {}),
  };
}
