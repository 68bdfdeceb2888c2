/**
 * The applicant funnel, per week (weeks start on Monday, in the district's time zone):
 *
 * | stage | counted from |
 * | --- | --- |
 * | conversations | the engine: {@link FunnelCounter.count}`('conversations')` on a conversation's first turn |
 * | eligibility started | the engine: `count('eligibility_started')` when the eligibility flow starts |
 * | eligibility completed | the engine: `count('eligibility_completed')` when an application is confirmed |
 * | qualified | leads: outcome `qualified`, by creation time |
 * | delivered | leads: `deliveredAt` |
 * | acknowledged | leads: `acknowledgedAt` (link, Telegram button or portal) |
 * | landed | leads: the partner's `landed` status update |
 *
 * The first three have no record of their own, so they are counters in the state store
 * (`admin:funnel:<stage>:<week>`); the others are read from the leads themselves, which
 * makes them exact whatever path a lead took (retries, escalation, acknowledgement link or
 * portal), with no counting hook in the leads layer.
 */
import { addDays, dateIn, weekdayOf } from '../../shared/zonedTime.js';
import type { Clock } from '../../shared/clock.js';
import { silentLogger, type Logger } from '../../shared/logger.js';
import type { LeadRecord } from '../../leads/leadRecord.js';
import type { Store } from '../../store/contract.js';

/** Stages the engine counts. */
export const COUNTED_STAGES = ['conversations', 'eligibility_started', 'eligibility_completed'] as const;
/** A stage the engine counts. */
export type CountedStage = (typeof COUNTED_STAGES)[number];
/** Every stage of the funnel, in order. */
export const FUNNEL_STAGES = [...COUNTED_STAGES, 'qualified', 'delivered', 'acknowledged', 'landed'] as const;
/** A stage of the funnel. */
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/** Counts engine events. Never throws. */
export interface FunnelCounter {
  /**
   * Adds one to a stage in the week of `at`.
   *
   * @param stage - what happened
   * @param at - when (epoch milliseconds); default now
   */
  count(stage: CountedStage, at?: number): Promise<void>;
}

/** Counters are kept about two years. */
const COUNTER_TTL_MS = 800 * 24 * 3600_000;

/**
 * The Monday that starts the week of `at` in the district's time zone, as `YYYY-MM-DD`.
 *
 * @param at - the instant
 * @param timeZone - the profile's IANA time zone
 */
export function weekOf(at: number, timeZone: string): string {
  const today = dateIn(at, timeZone);
  return addDays(today, -weekdayOf(today));
}

const counterKey = (stage: CountedStage, week: string) => `admin:funnel:${stage}:${week}`;

/**
 * Creates the counter the engine calls.
 *
 * @param store - where counts are kept
 * @param clock - the default time of a count
 * @param timeZone - the profile's IANA time zone, in which weeks begin
 * @param logger - where failures are logged
 */
export function createFunnelCounter(store: Store, clock: Clock, timeZone: string, logger: Logger = silentLogger): FunnelCounter {
  return {
    async count(stage, at = clock.now()) {
      try {
        await store.state.update<number>(counterKey(stage, weekOf(at, timeZone)), (current) => ({
          action: 'set',
          value: (typeof current === 'number' ? current : 0) + 1,
          ttlMs: COUNTER_TTL_MS,
        }));
      } catch (error) {
        logger.warn({ err: error, stage }, 'could not count a funnel stage');
      }
    },
  };
}

/** One week of the funnel. */
export interface FunnelWeek {
  week: string;
  counts: Record<FunnelStage, number>;
}

/** The funnel of the last weeks, oldest first, and the totals. */
export interface FunnelReport {
  weeks: FunnelWeek[];
  totals: Record<FunnelStage, number>;
}

/**
 * Builds the funnel of the last `weeks` weeks (the current one included).
 *
 * @param store - the counters
 * @param leads - every lead (parsed)
 * @param now - the current time
 * @param timeZone - the profile's IANA time zone, in which weeks begin
 * @param weeks - how many weeks; default 12
 */
export async function buildFunnelReport(store: Store, leads: readonly LeadRecord[], now: number, timeZone: string, weeks = 12): Promise<FunnelReport> {
  const current = weekOf(now, timeZone);
  const names = Array.from({ length: weeks }, (_, i) => addDays(current, (i - weeks + 1) * 7));
  const zero = () => Object.fromEntries(FUNNEL_STAGES.map((s) => [s, 0])) as Record<FunnelStage, number>;
  const byWeek = new Map(names.map((w) => [w, zero()]));
  await Promise.all(
    names.flatMap((week) =>
      COUNTED_STAGES.map(async (stage) => {
        const value = await store.state.get(counterKey(stage, week));
        byWeek.get(week)![stage] = typeof value === 'number' ? value : 0;
      }),
    ),
  );
  const add = (stage: FunnelStage, at: number | undefined) => {
    if (at === undefined) return;
    const counts = byWeek.get(weekOf(at, timeZone));
    if (counts) counts[stage] += 1;
  };
  for (const lead of leads) {
    if (lead.outcome === 'qualified') add('qualified', lead.createdAt);
    add('delivered', lead.deliveredAt);
    add('acknowledged', lead.acknowledgedAt);
    add('landed', lead.history.find((h) => h.event === 'status:landed')?.at ?? (lead.status === 'landed' ? lead.updatedAt : undefined));
  }
  const result = names.map((week) => ({ week, counts: byWeek.get(week)! }));
  const totals = zero();
  for (const w of result) for (const stage of FUNNEL_STAGES) totals[stage] += w.counts[stage];
  return { weeks: result, totals };
}

/**
 * The report without the weeks in which nothing happened (every stage 0); the totals stay.
 *
 * @param report - the funnel report
 */
export function withoutEmptyWeeks(report: FunnelReport): FunnelReport {
  return { ...report, weeks: report.weeks.filter((w) => FUNNEL_STAGES.some((stage) => w.counts[stage] > 0)) };
}

/**
 * Each stage's share of the stage before it (0–1), from the first stage's on: undefined for
 * the first stage and where the stage before it counted nobody.
 *
 * @param counts - the counts of each stage (a week's or the totals)
 */
export function conversionRates(counts: Readonly<Record<FunnelStage, number>>): Record<FunnelStage, number | undefined> {
  return Object.fromEntries(
    FUNNEL_STAGES.map((stage, i) => {
      const before = i === 0 ? 0 : counts[FUNNEL_STAGES[i - 1]!];
      return [stage, before > 0 ? counts[stage] / before : undefined];
    }),
  ) as Record<FunnelStage, number | undefined>;
}
