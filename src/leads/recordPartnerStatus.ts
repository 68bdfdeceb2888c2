/**
 * Records how a lead goes for its partner — contacted, in talks, landed, declined — with an
 * optional note: the one piece of logic behind the lead's signed page (`registerAckRoute.ts`,
 * opened from a WeCom group robot or Telegram message) and, through the same schema, the
 * partner portal. A lead not yet acknowledged is acknowledged with it. Callers check who is
 * asking (the link's signature and form token, the portal session) before calling it.
 */
import { z } from 'zod';
import type { Clock } from '../shared/clock.js';
import { silentLogger, type Logger } from '../shared/logger.js';
import type { Store } from '../store/contract.js';
import type { LeadRecord, LeadStatus } from './leadRecord.js';
import { readLead } from './readLead.js';

/** The statuses a partner records, in the order they are offered. */
export const PARTNER_STATUSES = ['contacted', 'in_talks', 'landed', 'declined'] as const;
/** A status a partner records. */
export const partnerStatusSchema = z.enum(PARTNER_STATUSES);
/** A status a partner records. */
export type PartnerStatus = z.infer<typeof partnerStatusSchema>;
/** Longest note kept, in characters. */
export const MAX_PARTNER_NOTE_CHARS = 1000;

/** What became of the change. */
export type RecordPartnerStatusResult =
  | { outcome: 'recorded'; lead: LeadRecord }
  /** The applicant's data was erased: nothing to follow up. */
  | { outcome: 'erased'; lead: LeadRecord }
  | { outcome: 'not_assigned' }
  | { outcome: 'not_found' };

/** What recording needs. */
export interface RecordPartnerStatusDependencies {
  store: Store;
  clock: Clock;
  logger?: Logger;
}

/**
 * A note as kept: line ends unified, trimmed, at most {@link MAX_PARTNER_NOTE_CHARS}.
 *
 * @param note - what the partner typed
 */
export function cleanPartnerNote(note: string): string {
  return note.replace(/\r\n?/g, '\n').trim().slice(0, MAX_PARTNER_NOTE_CHARS);
}

/**
 * Sets the lead's status for its partner atomically (the assignment is checked again inside
 * the update), with `partnerNote`, `updatedAt` and a history entry `status:<status>`.
 *
 * @param leadId - the lead
 * @param partnerId - the partner, already authenticated by the caller
 * @param change - the status and an optional note (cleaned with {@link cleanPartnerNote})
 * @param deps - see {@link RecordPartnerStatusDependencies}
 * @param via - how the partner recorded it, in the history (`link`, `portal`)
 */
export async function recordPartnerStatus(
  leadId: string,
  partnerId: string,
  change: { status: PartnerStatus; note?: string },
  deps: RecordPartnerStatusDependencies,
  via: string,
): Promise<RecordPartnerStatusResult> {
  const note = cleanPartnerNote(change.note ?? '');
  const now = deps.clock.now();
  let result = { outcome: 'not_found' } as RecordPartnerStatusResult;
  await deps.store.leads.updateLead(leadId, (current) => {
    const lead = readLead(current);
    if (lead.partnerId !== partnerId && lead.escalatedTo !== partnerId) {
      result = { outcome: 'not_assigned' };
      return undefined;
    }
    if (lead.status === 'erased') {
      result = { outcome: 'erased', lead };
      return undefined;
    }
    const history = [...lead.history];
    if (lead.acknowledgedAt === undefined) history.push({ at: now, event: 'acknowledged', partnerId, detail: `via ${via}` });
    history.push({ at: now, event: `status:${change.status}`, partnerId, ...(note ? { detail: note } : {}) });
    const next: LeadRecord = {
      ...lead,
      acknowledgedAt: lead.acknowledgedAt ?? now,
      status: change.status,
      ...(note ? { partnerNote: note } : {}),
      updatedAt: now,
      history,
    };
    result = { outcome: 'recorded', lead: next };
    return { lead: next };
  });
  if (result.outcome === 'recorded') (deps.logger ?? silentLogger).info({ leadId, partnerId, status: change.status, via }, 'lead status recorded by its partner');
  return result;
}

/** True when `status` is one a partner may record (for pre-selecting a form). */
export function isPartnerStatus(status: LeadStatus): status is PartnerStatus {
  return (PARTNER_STATUSES as readonly string[]).includes(status);
}
