/**
 * Retention: leads judged `not_a_fit` are deleted after UNQUALIFIED_RETENTION_DAYS (with
 * their outbox items). The outbox worker runs this every hour.
 */
import type { LeadStore } from '../store/contract.js';

/** Default retention of unqualified leads: 90 days. */
export const DEFAULT_UNQUALIFIED_RETENTION_MS = 90 * 24 * 3600_000;

/**
 * Deletes the `not_a_fit` leads the applicant last changed more than `retentionMs` ago.
 * Leads whose applicant asked to be kept informed of future events are kept: they were
 * handed to the talent office for that purpose, and the applicant can erase them.
 *
 * @param leads - the lead store
 * @param now - the current time, epoch milliseconds
 * @param retentionMs - how long to keep them; default 90 days
 * @returns how many leads were deleted
 */
export async function purgeUnqualifiedLeads(leads: LeadStore, now: number, retentionMs = DEFAULT_UNQUALIFIED_RETENTION_MS): Promise<number> {
  let deleted = 0;
  for (const lead of await leads.listLeads()) {
    if (lead.outcome !== 'not_a_fit' || lead.keepInformed === true) continue;
    if (lead.updatedAt > now - retentionMs) continue;
    await leads.deleteLead(lead.id);
    deleted += 1;
  }
  return deleted;
}
