/**
 * The performance issue's goals, and the table `npm run bench` ends with: each goal, the
 * figure this run measured for it, and whether it is met. A goal whose measurement did not
 * run (Redis unreachable, `--no-load`, `--retrieval none`) says so instead of guessing.
 */
import type { RetrievalSummary } from './retrievalBench.js';
import type { LoadSummary } from './runLoad.js';
import type { StartupSummary } from './startupBench.js';

/** The targets, in one place. */
export const GOALS = {
  /** Requests/s of the FAQ mix against the bare server's, SQLite and Redis. */
  faqRatio: 0.25,
  /** p99 latency of the FAQ mix at 50 connections, ms. */
  faqP99Ms: 20,
  /** Requests/s of the eligibility mix against the bare server's. */
  eligibilityRatio: 0.15,
  idleRssMiB: 150,
  /** `npm start` until `/healthz` answers, once built, ms. */
  startMs: 3000,
  retrievalP99MsAt1000: 1,
  retrievalP99MsAt10000: 5,
  indexBuildMsAt1000: 1000,
  /** The event-loop delay p99 under the FAQ load, from `/metrics`, ms. */
  eventLoopP99Ms: 50,
  /** Throughput lost with the staff console on, as a share of the throughput with it off. */
  consoleCost: 0.1,
} as const;

/** One row of the goals table; `met` is undefined when the figure was not measured. */
export interface GoalRow {
  goal: string;
  figure: string;
  met?: boolean;
}

/** What one run measured, as far as it got. */
export interface GoalInputs {
  connections: number;
  bare?: LoadSummary;
  sqlite?: LoadSummary;
  redis?: LoadSummary;
  /** The eligibility mix on the default store. */
  eligibility?: LoadSummary;
  /** The FAQ mix on the default store with the staff console on. */
  console?: LoadSummary;
  startup?: StartupSummary;
  retrieval: readonly RetrievalSummary[];
}

const fixed = (n: number, digits: number) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const notMeasured = (goal: string, why: string): GoalRow => ({ goal, figure: `not measured (${why})` });

/** The ratio rows of one store's run against the bare server. */
function ratioRows(name: string, run: LoadSummary | undefined, bare: LoadSummary | undefined, ratio: number, connections: number, withP99: boolean): GoalRow[] {
  const goal = `${name}: ≥ ${ratio}× the bare server`;
  const p99Goal = `${name}: p99 ≤ ${GOALS.faqP99Ms} ms at ${connections} connections`;
  if (!run || !bare) return [notMeasured(goal, run ? 'no bare run' : 'no run'), ...(withP99 ? [notMeasured(p99Goal, 'no run')] : [])];
  const r = run.requestsPerSecond / bare.requestsPerSecond;
  const failures = run.errors + run.non2xx;
  const rows: GoalRow[] = [
    {
      goal,
      figure: `${fixed(r, 3)}× (${fixed(run.requestsPerSecond, 0)} vs ${fixed(bare.requestsPerSecond, 0)} req/s${failures ? `, ${failures} failures` : ''})`,
      met: r >= ratio && failures === 0,
    },
  ];
  if (withP99) rows.push({ goal: p99Goal, figure: `${fixed(run.p99Ms, 0)} ms (p50 ${fixed(run.p50Ms, 0)} ms)`, met: run.p99Ms <= GOALS.faqP99Ms });
  return rows;
}

/** The retrieval summary for `size` synthetic entries, if that size ran. */
const retrievalAt = (all: readonly RetrievalSummary[], size: number) => all.find((s) => s.label === `shipped + ${size} synthetic`);

/** Every goal with this run's figure. */
export function evaluateGoals(inputs: GoalInputs): GoalRow[] {
  const { bare, connections } = inputs;
  const rows: GoalRow[] = [
    ...ratioRows('FAQ mix, SQLite store (default)', inputs.sqlite, bare, GOALS.faqRatio, connections, true),
    ...ratioRows('FAQ mix, Redis store', inputs.redis, bare, GOALS.faqRatio, connections, true),
    ...ratioRows('eligibility turns, SQLite store', inputs.eligibility, bare, GOALS.eligibilityRatio, connections, false),
  ];

  const loop = inputs.sqlite?.eventLoop;
  const loopGoal = `event-loop delay p99 ≤ ${GOALS.eventLoopP99Ms} ms under the FAQ load (/metrics)`;
  rows.push(loop ? { goal: loopGoal, figure: `${fixed(loop.p99Ms, 1)} ms (max ${fixed(loop.maxMs, 0)} ms)`, met: loop.p99Ms <= GOALS.eventLoopP99Ms } : notMeasured(loopGoal, 'no SQLite run or no gauge'));

  const consoleGoal = `staff console on costs ≤ ${GOALS.consoleCost * 100} % of req/s`;
  if (inputs.console && inputs.sqlite) {
    const cost = 1 - inputs.console.requestsPerSecond / inputs.sqlite.requestsPerSecond;
    rows.push({
      goal: consoleGoal,
      figure: `${fixed(cost * 100, 1)} % (${fixed(inputs.console.requestsPerSecond, 0)} vs ${fixed(inputs.sqlite.requestsPerSecond, 0)} req/s)`,
      met: cost <= GOALS.consoleCost,
    });
  } else rows.push(notMeasured(consoleGoal, 'no console run'));

  const startGoal = `npm start ready ≤ ${GOALS.startMs / 1000} s once built`;
  const rssGoal = `idle RSS ≤ ${GOALS.idleRssMiB} MiB`;
  if (inputs.startup) {
    rows.push({ goal: startGoal, figure: `${fixed(inputs.startup.readyMs / 1000, 2)} s`, met: inputs.startup.readyMs <= GOALS.startMs });
    rows.push({ goal: rssGoal, figure: `${fixed(inputs.startup.idleRssMiB, 0)} MiB`, met: inputs.startup.idleRssMiB > 0 && inputs.startup.idleRssMiB <= GOALS.idleRssMiB });
  } else rows.push(notMeasured(startGoal, 'skipped'), notMeasured(rssGoal, 'skipped'));

  const at1000 = retrievalAt(inputs.retrieval, 1000);
  const at10000 = retrievalAt(inputs.retrieval, 10000);
  const p99Goal1000 = `retrieval p99 ≤ ${GOALS.retrievalP99MsAt1000} ms at 1,000 entries`;
  const p99Goal10000 = `retrieval p99 ≤ ${GOALS.retrievalP99MsAt10000} ms at 10,000 entries`;
  const buildGoal = `index build ≤ ${GOALS.indexBuildMsAt1000 / 1000} s at 1,000 entries`;
  rows.push(at1000 ? { goal: p99Goal1000, figure: `${fixed(at1000.p99Ms, 2)} ms (p50 ${fixed(at1000.p50Ms, 2)} ms)`, met: at1000.p99Ms <= GOALS.retrievalP99MsAt1000 } : notMeasured(p99Goal1000, 'size not run'));
  rows.push(at10000 ? { goal: p99Goal10000, figure: `${fixed(at10000.p99Ms, 1)} ms (p50 ${fixed(at10000.p50Ms, 1)} ms)`, met: at10000.p99Ms <= GOALS.retrievalP99MsAt10000 } : notMeasured(p99Goal10000, 'size not run'));
  rows.push(at1000 ? { goal: buildGoal, figure: `${fixed(at1000.buildMs / 1000, 2)} s`, met: at1000.buildMs <= GOALS.indexBuildMsAt1000 } : notMeasured(buildGoal, 'size not run'));
  return rows;
}

/** The goals as a Markdown table: goal, figure, met. */
export function goalsMarkdown(rows: readonly GoalRow[]): string {
  const lines = ['| goal | figure | met |', '| --- | --- | --- |'];
  for (const row of rows) lines.push(`| ${row.goal} | ${row.figure} | ${row.met === undefined ? '—' : row.met ? 'yes' : '**no**'} |`);
  const measured = rows.filter((r) => r.met !== undefined);
  lines.push('', `${measured.filter((r) => r.met).length} of ${rows.length} goals met${measured.length < rows.length ? ` (${rows.length - measured.length} not measured)` : ''}.`);
  return lines.join('\n');
}
