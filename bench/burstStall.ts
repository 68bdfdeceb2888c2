/**
 * `tsx bench/burstStall.ts`: does a load burst stall the event loop? Starts the bot on the
 * embedded SQLite store (with the staff console on, as issue 14 measured it), then — with no
 * warm-up, so the burst hits a cold process — sends 50 connections of the chat mix for 10 s
 * while a probe asks `GET /healthz` every 100 ms. Prints the probe's worst and p99 latency
 * and the event-loop delay the process reports in `/metrics`, for BENCHMARKS.md.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { loadQuestions } from './chatMix.js';
import { BENCH_DIR, removeBenchDir, startBenchProcess } from './processes.js';
import { runLoad } from './runLoad.js';

const server = await startBenchProcess({
  name: 'burst',
  script: 'src/main.ts',
  env: {
    DATA_DIR: path.join(BENCH_DIR, 'burst-data'),
    LOG_LEVEL: 'warn',
    CHAT_RATE_LIMIT_PER_MINUTE: '0',
    ADMIN_USER: 'bench-admin',
    ADMIN_PASSWORD: 'bench-password-0123456789',
  },
});
const probes: number[] = [];
let running = true;
const probe = (async () => {
  while (running) {
    const started = performance.now();
    await fetch(`${server.url}/healthz`).then((r) => r.arrayBuffer());
    probes.push(performance.now() - started);
    await sleep(100);
  }
})();
const load = await runLoad(server, { connections: 50, durationS: 10, warmupS: 0, questions: loadQuestions() });
running = false;
await probe;
const metrics = await (await fetch(`${server.url}/metrics`)).text();
const metric = (name: string) => Number(new RegExp(`^${name} ([\\d.e+-]+)$`, 'm').exec(metrics)?.[1] ?? NaN) * 1000;
probes.sort((a, b) => a - b);
const p99 = probes[Math.min(probes.length - 1, Math.floor(0.99 * probes.length))] ?? NaN;
console.log(
  `burst: ${load.requestsPerSecond.toFixed(0)} req/s, ${load.cpuUsPerRequest?.toFixed(0) ?? '?'} µs server CPU/req, chat p99 ${load.p99Ms} ms; /healthz probe (${probes.length}) p99 ${p99.toFixed(1)} ms, max ${(probes.at(-1) ?? NaN).toFixed(1)} ms; ` +
    `event-loop delay p99 ${metric('talentbot_nodejs_eventloop_lag_p99_seconds').toFixed(1)} ms, max ${metric('talentbot_nodejs_eventloop_lag_max_seconds').toFixed(1)} ms; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
);
await server.stop();
removeBenchDir();
