/**
 * `npm run bench`: how close the bot comes to a bare Node HTTP server on this machine, and
 * how fast retrieval is as the knowledge base grows.
 *
 * 1. Load: a bare `http` server answering a fixed JSON reply (a real reply of the bot, so the
 *    bytes are alike), then the bot — `src/main.ts` with its embedded SQLite store, with
 *    Redis when one is reachable, and on request (`--stores …,memory`, to show what the store
 *    costs) with the in-process store — each a child process on 127.0.0.1, driven by
 *    autocannon in this process with the FAQ mix of `chatMix.ts` (≈ 1,050 distinct questions,
 *    thousands of users): warm-up, then the measured run. Then, on the SQLite store, the
 *    eligibility mix (every user goes through the check) and the FAQ mix with the staff
 *    console on. Printed per run: requests/s, p50/p99 latency, bot/bare ratio, the server's
 *    CPU time per request, peak RSS, and for the SQLite FAQ run the event-loop delay its
 *    `/metrics` reports.
 * 2. Start-up: `npm start` once built, timed until `/healthz` answers, and its idle RSS
 *    (`startupBench.ts`; `--no-startup` skips it).
 * 3. Retrieval: per-question latency with the shipped knowledge and with 1,000 and 10,000
 *    synthetic entries (`retrievalBench.ts`).
 * 4. The goals of the performance issue (`goals.ts`): goal, this run's figure, met or not.
 *
 * Options (after `--`): `--duration <s>` (10), `--warmup <s>` (3), `--connections <n>` (50;
 * 1 shows the latency of one request without queueing), `--stores sqlite,redis` (add `memory` for the in-process store), `--log-level <level>` (the bot's LOG_LEVEL; default info,
 * as shipped), `--retrieval 1000,10000` (sizes; `none` to skip), `--no-load`, `--profile`
 * (CPU profiles of the bot, written beside the logs), `--keep` (keep the logs and data,
 * which are deleted after a successful run), `--json <file>`, `--markdown <file>`
 * (the results as the Markdown of BENCHMARKS.md). Redis: `REDIS_URL`, else 127.0.0.1:6379,
 * else a `redis-server` started for the run; keys go under a fresh prefix, deleted after.
 */
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { deleteKeysByPrefix, findRedisForTests, releaseRedisForTests } from '../test/helpers/redisForTests.js';
import { loadQuestions, type ChatMix } from './chatMix.js';
import { describeMachine, type MachineDescription } from './describeMachine.js';
import { evaluateGoals, GOALS, goalsMarkdown, type GoalRow } from './goals.js';
import { BENCH_DIR, removeBenchDir, startBenchProcess, type BenchProcess } from './processes.js';
import { runRetrievalBench, type RetrievalSummary } from './retrievalBench.js';
import { runLoad, type LoadSummary } from './runLoad.js';
import { runStartupBench, type StartupSummary } from './startupBench.js';

type StoreKind = 'memory' | 'sqlite' | 'redis';
/** The runs besides the bare server: a store with the FAQ mix, or the SQLite store with the eligibility mix or the console on. */
type RunKind = StoreKind | 'eligibility' | 'console';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    stores: { type: 'string', default: 'sqlite,redis' },
    'log-level': { type: 'string', default: 'info' },
    retrieval: { type: 'string', default: '1000,10000' },
    'no-load': { type: 'boolean', default: false },
    'no-startup': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    json: { type: 'string' },
    markdown: { type: 'string' },
  },
});

const options = {
  durationS: positive(values.duration, 'duration'),
  warmupS: Number(values.warmup) >= 0 ? Number(values.warmup) : 3,
  connections: positive(values.connections, 'connections'),
  stores: (values.stores ?? '').split(',').filter((s): s is StoreKind => s === 'memory' || s === 'sqlite' || s === 'redis'),
  logLevel: values['log-level'] ?? 'info',
  retrievalSizes: values.retrieval === 'none' ? [] : (values.retrieval ?? '').split(',').map(Number).filter((n) => n > 0),
};

function positive(text: string | undefined, name: string): number {
  const n = Number(text);
  if (!(n > 0)) throw new Error(`--${name} expects a positive number, got ${JSON.stringify(text)}`);
  return n;
}

/** One row of the load table. */
interface LoadRow extends LoadSummary {
  label: string;
  kind?: RunKind;
  ratio?: number;
  target?: number;
}

interface Report {
  machine: MachineDescription;
  when: string;
  settings: typeof options;
  load: LoadRow[];
  skipped: string[];
  startup?: StartupSummary;
  retrieval: RetrievalSummary[];
  goals: GoalRow[];
}

/** A duration for the tables; autocannon reports whole milliseconds, so its 0 means under 1 ms. */
const ms = (n: number) => (n === 0 ? '< 1' : n >= 10 ? n.toFixed(0) : n.toFixed(n >= 1 ? 1 : 3));

async function main(): Promise<void> {
  const machine = describeMachine();
  const report: Report = { machine, when: new Date().toISOString(), settings: options, load: [], skipped: [], retrieval: [], goals: [] };
  console.log(
    `talentbot benchmark — ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, redis-server ${machine.redis}; ` +
      `load average ${machine.loadAverage} at the start`,
  );
  console.log(`logs and data: ${BENCH_DIR}\n`);

  if (!values['no-load']) await runLoadBenchmarks(report);
  if (!values['no-startup']) {
    try {
      report.startup = await runStartupBench();
      console.log(`\nStart-up: npm start ready after ${report.startup.readyMs.toFixed(0)} ms (built); idle RSS ${report.startup.idleRssMiB.toFixed(0)} MiB`);
    } catch (error) {
      report.skipped.push(`start-up failed: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  }
  if (values.retrieval !== 'none') {
    console.log('\nRetrieval (per question, held-out questions zh + en)');
    report.retrieval = await runRetrievalBench(options.retrievalSizes, (s) =>
      console.log(
        `  ${s.label.padEnd(26)} ${String(s.entries).padStart(6)} entries  index build ${s.buildMs.toFixed(0).padStart(6)} ms  ` +
          `p50 ${ms(s.p50Ms).padStart(6)} ms  p99 ${ms(s.p99Ms).padStart(6)} ms  CPU ${ms(s.cpuMeanMs).padStart(6)} ms/q  answered ${(s.confidentShare * 100).toFixed(0)} %` +
          '',
      ),
    );
  }

  const byKind = (kind: RunKind) => report.load.find((row) => row.kind === kind);
  report.goals = evaluateGoals({
    connections: options.connections,
    ...(report.load[0] && !report.load[0].kind ? { bare: report.load[0] } : {}),
    ...optional('sqlite', byKind('sqlite')),
    ...optional('redis', byKind('redis')),
    ...optional('eligibility', byKind('eligibility')),
    ...optional('console', byKind('console')),
    ...(report.startup ? { startup: report.startup } : {}),
    retrieval: report.retrieval,
  });
  const markdown = toMarkdown(report);
  console.log(`\n${markdown}`);
  if (values.json) await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
  if (values.markdown) await writeFile(values.markdown, markdown);
  if (values.profile) console.log(`CPU profiles: ${path.join(BENCH_DIR, 'profiles')} (open in Chrome DevTools or speedscope)`);
  if (values.profile || values.keep || process.exitCode) console.log(`logs and data kept in ${BENCH_DIR}`);
  else removeBenchDir();
}

/** `{ [key]: value }` when there is a value, else nothing (the goal inputs are optional). */
function optional<K extends string>(key: K, value: LoadRow | undefined): Partial<Record<K, LoadRow>> {
  return value ? ({ [key]: value } as Record<K, LoadRow>) : {};
}

async function runLoadBenchmarks(report: Report): Promise<void> {
  const questions = loadQuestions();
  console.log(`Questions: ${questions.zh.length + questions.en.length} distinct (${questions.zh.length} zh, ${questions.en.length} en, ${questions.outOfScope} out of scope)`);
  const load = { connections: options.connections, durationS: options.durationS, warmupS: options.warmupS, questions };
  // One load generator on loopback is one address: no chat rate limit for the benchmark.
  const botEnv = { LOG_LEVEL: options.logLevel, DATA_DIR: path.join(BENCH_DIR, 'data'), REDIS_URL: '', CHAT_RATE_LIMIT_PER_MINUTE: '0' };
  const nodeArgs = (name: string) => (values.profile ? ['--cpu-prof', '--cpu-prof-dir', path.join(BENCH_DIR, 'profiles', name)] : []);

  // A real reply, so the bare server answers as many bytes as the bot does.
  const probe = await startBenchProcess({ name: 'probe', script: 'src/main.ts', env: { ...botEnv, LOG_LEVEL: 'warn', DATA_DIR: path.join(BENCH_DIR, 'probe') } });
  const sample = await (await fetch(`${probe.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'probe', text: '买房有补贴吗？' }) })).text();
  await probe.stop();

  console.log(`Load: POST /api/chat, ${options.connections} connections, ${options.warmupS} s warm-up + ${options.durationS} s measured each, bot LOG_LEVEL=${options.logLevel}`);
  const bareProcess = await startBenchProcess({ name: 'bare', script: 'bench/bareServer.ts', env: { BARE_REPLY: sample } });
  let bare: LoadRow;
  try {
    bare = await measure(bareProcess, 'bare Node http (fixed JSON reply)', load);
  } finally {
    await bareProcess.stop();
  }
  report.load.push(bare);

  const runs: RunKind[] = [...options.stores, ...(options.stores.includes('sqlite') ? (['eligibility', 'console'] as const) : [])];
  for (const store of runs) {
    let server: BenchProcess | undefined;
    let cleanup = async () => undefined as unknown;
    let mix: ChatMix = 'faq';
    try {
      if (store === 'redis') {
        let url: string;
        try {
          url = (await findRedisForTests()).url;
        } catch (error) {
          const reason = `Redis skipped: ${(error as Error).message}`;
          report.skipped.push(reason);
          console.log(`  ${reason}`);
          continue;
        }
        const prefix = `talentbot-bench:${Date.now().toString(36)}:`;
        cleanup = () => deleteKeysByPrefix(url, prefix);
        server = await startBenchProcess({ name: 'bot-redis', script: 'src/main.ts', env: { ...botEnv, REDIS_URL: url, REDIS_PREFIX: prefix }, nodeArgs: nodeArgs('redis') });
      } else if (store === 'sqlite') {
        server = await startBenchProcess({ name: 'bot-sqlite', script: 'src/main.ts', env: botEnv, nodeArgs: nodeArgs('sqlite') });
      } else if (store === 'eligibility') {
        mix = 'eligibility';
        server = await startBenchProcess({ name: 'bot-eligibility', script: 'src/main.ts', env: { ...botEnv, DATA_DIR: path.join(BENCH_DIR, 'data-eligibility') } });
      } else if (store === 'console') {
        const consoleEnv = { ADMIN_USER: 'bench', ADMIN_PASSWORD: 'bench-password-123', DATA_DIR: path.join(BENCH_DIR, 'data-console') };
        server = await startBenchProcess({ name: 'bot-console', script: 'src/main.ts', env: { ...botEnv, ...consoleEnv } });
      } else {
        server = await startBenchProcess({ name: 'bot-memory', script: 'bench/serveMemory.ts', env: botEnv, nodeArgs: nodeArgs('memory') });
      }
      const label = {
        sqlite: 'bot, embedded SQLite store (default)',
        redis: 'bot, Redis store',
        memory: 'bot, in-process store (bench only)',
        eligibility: 'bot, SQLite, eligibility mix',
        console: 'bot, SQLite, staff console on',
      }[store];
      const target = store === 'eligibility' ? GOALS.eligibilityRatio : store === 'console' ? undefined : GOALS.faqRatio;
      const row = await measure(server, label, { ...load, mix, eventLoop: store === 'sqlite' }, bare, target);
      report.load.push({ ...row, kind: store });
    } catch (error) {
      const reason = `${store} failed: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}`;
      report.skipped.push(reason);
      process.exitCode = 1;
      console.log(`  ${reason}`);
    } finally {
      await server?.stop();
      await cleanup();
    }
  }
  await releaseRedisForTests();
}

async function measure(server: BenchProcess, label: string, load: Parameters<typeof runLoad>[1], bare?: LoadRow, target?: number): Promise<LoadRow> {
  const summary = await runLoad(server, load);
  const row: LoadRow = { ...summary, label, ...(bare ? { ratio: summary.requestsPerSecond / bare.requestsPerSecond } : {}), ...(target ? { target } : {}) };
  const failures = summary.errors + summary.non2xx;
  const verdict =
    row.ratio === undefined || row.target === undefined
      ? ''
      : `  ratio ${row.ratio.toFixed(3)} ${row.ratio >= row.target ? 'meets' : 'MISSES'} ≥ ${row.target}; p99 ${row.p99Ms <= GOALS.faqP99Ms ? 'meets' : 'MISSES'} ≤ ${GOALS.faqP99Ms} ms`;
  const loop = summary.eventLoop ? `  event-loop delay p99 ${summary.eventLoop.p99Ms.toFixed(1)} ms, max ${summary.eventLoop.maxMs.toFixed(0)} ms` : '';
  console.log(
    `  ${label.padEnd(38)} ${summary.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${ms(summary.p50Ms).padStart(5)} ms  p99 ${ms(summary.p99Ms).padStart(5)} ms  ` +
      `CPU ${summary.cpuUsPerRequest?.toFixed(0).padStart(5) ?? '    ?'} µs/req  peak RSS ${summary.peakRssMiB.toFixed(0).padStart(4)} MiB  ${failures ? `FAILED ${failures}` : 'no failures'}${verdict}${loop}`,
  );
  return row;
}

function toMarkdown(report: Report): string {
  const m = report.machine;
  const lines = [
    `Run ${report.when.slice(0, 16).replace('T', ' ')} UTC on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, ${m.os}, Node ${m.node}, redis-server ${m.redis} ` +
      `(same machine, loopback; 1-minute load average ${m.loadAverage} at the start, ${loadavg()[0]?.toFixed(2)} at the end).`,
    `Load: ${report.settings.connections} connections, each sending its next request when the last is answered; ` +
      `${report.settings.warmupS} s warm-up + ${report.settings.durationS} s measured per server, bot LOG_LEVEL=${report.settings.logLevel}.`,
    '',
  ];
  if (report.load.length) {
    lines.push(
      '| server | req/s | p50 ms | p99 ms | max ms | bot/bare | server CPU µs/req | peak RSS MiB | event-loop p99 / max ms | failures |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const row of report.load) {
      const loop = row.eventLoop ? `${row.eventLoop.p99Ms.toFixed(1)} / ${row.eventLoop.maxMs.toFixed(0)}` : '';
      lines.push(
        `| ${row.label} | ${row.requestsPerSecond.toFixed(0)} | ${ms(row.p50Ms)} | ${ms(row.p99Ms)} | ${ms(row.maxMs)} | ${row.ratio?.toFixed(3) ?? '1'} | ${row.cpuUsPerRequest?.toFixed(0) ?? '?'} | ${row.peakRssMiB.toFixed(0)} | ${loop} | ${row.errors + row.non2xx} |`,
      );
    }
    for (const reason of report.skipped) lines.push('', reason);
    lines.push('');
  }
  if (report.retrieval.length) {
    lines.push(
      '| knowledge base | entries | index build ms | p50 ms | p99 ms | mean ms | CPU ms/question | answered |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const s of report.retrieval) {
      lines.push(`| ${s.label} | ${s.entries} | ${s.buildMs.toFixed(0)} | ${ms(s.p50Ms)} | ${ms(s.p99Ms)} | ${ms(s.meanMs)} | ${ms(s.cpuMeanMs)} | ${(s.confidentShare * 100).toFixed(0)} % |`);
    }
    lines.push('');
  }
  if (report.startup) lines.push(`Start-up: \`npm start\` (built) answered /healthz after ${report.startup.readyMs.toFixed(0)} ms; idle RSS ${report.startup.idleRssMiB.toFixed(0)} MiB.`, '');
  lines.push('Goals:', '', goalsMarkdown(report.goals), '');
  return lines.join('\n');
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
