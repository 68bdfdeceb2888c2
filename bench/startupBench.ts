/**
 * How long `npm start` takes to answer once built, and how much memory the idle bot holds:
 * brings `dist/` up to date first (not timed), then runs `npm start` exactly as an operator
 * does (its `prestart` finds nothing to compile), times it until `GET /healthz` answers, lets
 * it sit idle, and reads the resident memory of the `node dist/src/main.js` process.
 *
 * Run alone: `npx tsx bench/startupBench.ts`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../src/config/projectRoot.js';
import { freePort } from '../test/helpers/serverProcess.js';
import { BENCH_DIR, readRssMiB, removeBenchDir } from './processes.js';

/** What one start showed. */
export interface StartupSummary {
  /** From spawning `npm start` to the first 200 of `/healthz`, in ms (npm, prestart, Node, loading, the index). */
  readyMs: number;
  /** Resident memory of the bot's process after {@link StartupOptions.idleMs} without requests, in MiB. */
  idleRssMiB: number;
}

/** Options of {@link runStartupBench}. */
export interface StartupOptions {
  /** How long the bot sits idle before its memory is read; default 5,000 ms. */
  idleMs?: number;
  /** Extra environment for the bot, e.g. the console's variables. */
  env?: Record<string, string>;
}

/** The process ids below `pid` (children, grandchildren…), from /proc; empty elsewhere. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  try {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    return [];
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/** The command line of a process, from /proc; '' when unknown. */
function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/**
 * Builds when needed, then times one `npm start` and reads its idle memory.
 *
 * @param options - see {@link StartupOptions}
 */
export async function runStartupBench(options: StartupOptions = {}): Promise<StartupSummary> {
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'buildIfStale.mjs')], { cwd: PROJECT_ROOT, stdio: 'ignore' });
  const port = await freePort();
  const fd = openSync(path.join(BENCH_DIR, 'npm-start.log'), 'a');
  const started = performance.now();
  const npm = spawn('npm', ['start'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...options.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATA_DIR: path.join(BENCH_DIR, 'startup-data'), REDIS_URL: '' },
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  closeSync(fd);
  try {
    let readyMs = 0;
    const deadline = started + 60_000;
    while (!readyMs) {
      if (npm.exitCode !== null) throw new Error(`npm start exited with ${npm.exitCode}; see ${path.join(BENCH_DIR, 'npm-start.log')}`);
      if (performance.now() > deadline) throw new Error('npm start did not answer /healthz within 60 s');
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) readyMs = performance.now() - started;
      } catch {
        // not listening yet
      }
      if (!readyMs) await sleep(20);
    }
    await sleep(options.idleMs ?? 5000);
    // npm runs the script through a shell: the bot is the largest process naming main.js.
    const bots = descendants(npm.pid ?? -1).filter((pid) => commandLine(pid).includes(path.join('dist', 'src', 'main.js')));
    return { readyMs, idleRssMiB: Math.max(0, ...bots.map(readRssMiB)) };
  } finally {
    // The whole group: npm, its shell and the bot.
    if (npm.pid !== undefined && npm.exitCode === null) process.kill(-npm.pid, 'SIGTERM');
    await new Promise((resolve) => (npm.exitCode !== null ? resolve(undefined) : npm.once('exit', resolve)));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const summary = await runStartupBench();
  console.log(`npm start ready after ${summary.readyMs.toFixed(0)} ms; idle RSS ${summary.idleRssMiB.toFixed(0)} MiB`);
  removeBenchDir();
}
