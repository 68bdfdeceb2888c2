/**
 * What the benchmark ran on, for the report: CPU, cores, memory, OS, Node and Redis versions.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';

/** The machine as one line per fact. */
export interface MachineDescription {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  redis: string;
  /** The 1-minute load average when the run started: above the core count, other work competed for the CPUs. */
  loadAverage: number;
}

/** Describes this machine; the Redis version is the `redis-server` binary's, when there is one. */
export function describeMachine(): MachineDescription {
  const list = cpus();
  let redis = 'not installed';
  try {
    redis = execFileSync('redis-server', ['--version'], { encoding: 'utf8' }).trim().split(' ').find((p) => p.startsWith('v='))?.slice(2) ?? 'unknown';
  } catch {
    // no redis-server on the PATH
  }
  return {
    cpu: `${list[0]?.model.trim() ?? 'unknown'}${list[0]?.speed ? ` @ ${list[0].speed} MHz` : ''}`,
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${osType()} ${release()}`,
    node: process.version,
    redis,
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}
