/**
 * Runs the processes a benchmark measures — the bot (`src/main.ts`), the bare Node server,
 * the in-process-store bot — as children on 127.0.0.1, with their output in log files (a
 * process manager's setup; a pipe read by the load generator would steal its CPU), and reads
 * their resident memory.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../test/helpers/serverProcess.js';
import { PROJECT_ROOT } from '../src/config/projectRoot.js';

/** A folder for this run's logs, data and profiles. */
export const BENCH_DIR = mkdtempSync(path.join(tmpdir(), 'talentbot-bench-'));

/** Deletes {@link BENCH_DIR} (logs, the SQLite files, profiles): call it when a run succeeded and nobody asked to keep them. */
export function removeBenchDir(): void {
  rmSync(BENCH_DIR, { recursive: true, force: true });
}

/** Every child started here and still running: killed when this process exits, however it exits. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

/** A running child process under measurement. */
export interface BenchProcess {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  readonly logFile: string;
  /** Resident set size now, in MiB (0 once it has exited). */
  rssMiB(): number;
  /** CPU time (user + system) used so far, in ms; undefined where /proc is missing. */
  cpuMs(): number | undefined;
  /** Sends `signal` (default SIGTERM) and waits up to 10 s for the exit, then SIGKILLs. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** How to start one child. */
export interface BenchProcessOptions {
  /** Names the log file and messages. */
  name: string;
  /** The TypeScript entry, relative to the project root, run through tsx. */
  script: string;
  /** Environment on top of this process's; PORT and HOST are set here. */
  env?: Record<string, string>;
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  /** Path answered with 2xx once ready. Default `/healthz`. */
  readyPath?: string;
  /** Default 30,000 ms. */
  timeoutMs?: number;
}

/** Starts a child on a free loopback port and waits until it answers. */
export async function startBenchProcess(options: BenchProcessOptions): Promise<BenchProcess> {
  const port = await freePort();
  const logFile = path.join(BENCH_DIR, `${options.name}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', path.join(PROJECT_ROOT, options.script)], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...options.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  running.add(child);
  child.once('exit', () => running.delete(child));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${options.name} exited early; see ${logFile}:\n${tail(logFile)}`);
    try {
      if ((await fetch(`${url}${options.readyPath ?? '/healthz'}`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} did not answer within ${options.timeoutMs ?? 30_000} ms; see ${logFile}`);
    }
    await sleep(100);
  }
  return {
    name: options.name,
    url,
    child,
    logFile,
    rssMiB: () => (child.pid !== undefined && child.exitCode === null ? readRssMiB(child.pid) : 0),
    cpuMs: () => (child.pid !== undefined ? readCpuMs(child.pid) : undefined),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resident memory of a process in MiB: /proc on Linux, `ps` elsewhere; 0 when unknown. */
export function readRssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
    if (Number.isFinite(kib)) return kib / 1024;
  } catch {
    // not Linux, or gone
  }
  try {
    return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024 || 0;
  } catch {
    return 0;
  }
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used, in ms, from /proc; undefined elsewhere. */
export function readCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state is field 3, utime field 14, stime field 15 (man 5 proc).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS every 250 ms until stopped; returns the peak in MiB. */
export function watchPeakRss(process: BenchProcess): { stop(): number } {
  let peak = process.rssMiB();
  const timer = setInterval(() => (peak = Math.max(peak, process.rssMiB())), 250);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.rssMiB());
    },
  };
}

/** The last lines of a log file, for error messages. */
function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}
