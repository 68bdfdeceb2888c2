/**
 * Chooses the partner a lead goes to: the partners of the applicant's industry (and event
 * region), spread evenly among them; else the fallback partner (the talent office), which
 * also reviews `needs_review` and `handoff` leads.
 */
import type { StateStore } from '../store/contract.js';
import type { LeadRecord } from './leadRecord.js';
import type { LoadedPartners, Partner } from './partners.js';

/** The state key under which the number of leads assigned to each partner is counted. */
export const ASSIGNMENT_COUNTS_KEY = 'leads:assignments';

/** What routing needs. */
export interface RouteLeadDependencies {
  partners: LoadedPartners;
  /** Holds the assignment counts, changed atomically with `update`. */
  state: StateStore;
}

/**
 * Routes a lead and counts the assignment.
 *
 * - `qualified`: partners whose `industries` include `answers.industry` and whose
 *   `regions` are empty or include `answers.event_region` (any region when the lead has
 *   none); among them the one with the fewest leads so far, ties by id; none: the fallback.
 * - `needs_review`, `handoff`: the fallback partner (the office reviews them).
 * - `not_a_fit`: nobody, unless the applicant asked to be kept informed (then the fallback).
 *
 * The count is taken and increased in one atomic `update`, so concurrent leads spread
 * evenly. A lead whose save fails afterwards still counts; the balance is a heuristic.
 *
 * @param lead - the lead's outcome, answers and keep-informed wish
 * @param deps - see {@link RouteLeadDependencies}
 * @returns the partner, or undefined when the lead is not routed
 */
export async function routeLead(
  lead: Pick<LeadRecord, 'outcome' | 'answers' | 'keepInformed'>,
  deps: RouteLeadDependencies,
): Promise<Partner | undefined> {
  const { partners } = deps;
  let candidates: readonly Partner[];
  switch (lead.outcome) {
    case 'not_a_fit':
      if (!lead.keepInformed) return undefined;
      candidates = [partners.fallback];
      break;
    case 'needs_review':
    case 'handoff':
      candidates = [partners.fallback];
      break;
    case 'qualified': {
      const matching = matchingPartners(lead.answers, partners.partners);
      candidates = matching.length ? matching : [partners.fallback];
      break;
    }
  }
  const ids = candidates.map((p) => p.id);
  const chosen = await deps.state.update<Record<string, number>>(ASSIGNMENT_COUNTS_KEY, (current) => {
    const counts = isCounts(current) ? { ...current } : {};
    const id = [...ids].sort((a, b) => (counts[a] ?? 0) - (counts[b] ?? 0) || (a < b ? -1 : a > b ? 1 : 0))[0]!;
    counts[id] = (counts[id] ?? 0) + 1;
    return { action: 'set', value: counts, result: id };
  });
  return candidates.find((p) => p.id === chosen) ?? partners.fallback;
}

function matchingPartners(answers: LeadRecord['answers'], partners: readonly Partner[]): Partner[] {
  const industry = answers.industry;
  if (typeof industry !== 'string') return [];
  const region = typeof answers.event_region === 'string' ? answers.event_region.trim().toLowerCase() : undefined;
  return partners.filter(
    (p) =>
      (p.industries as readonly string[]).includes(industry) &&
      (region === undefined || p.regions.length === 0 || p.regions.some((r) => r.toLowerCase() === region)),
  );
}

function isCounts(value: unknown): value is Record<string, number> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
