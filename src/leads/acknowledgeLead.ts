/**
 * Records that a partner acknowledged a lead: the one piece of logic behind both ways a
 * partner can acknowledge — the signed link (`GET /leads/:id/ack`, `registerAckRoute.ts`)
 * and the "acknowledge" button under a lead in the partner's Telegram chat
 * (`src/channels/telegram`). Callers check who is asking (the link's signature, the chat
 * the button was pressed in) before calling it.
 */
import type { Clock } from '../shared/clock.js';
import { silentLogger, type Logger } from '../shared/logger.js';
import type { Store } from '../store/contract.js';
import type { LeadRecord, LeadStatus } from './leadRecord.js';
import { readLead } from './readLead.js';

/** What recording an acknowledgement needs. */
export interface AcknowledgeLeadDependencies {
  store: Store;
  clock: Clock;
  logger?: Logger;
}

/** How the partner acknowledged, kept in the lead's history. */
export type AcknowledgementChannel = 'link' | 'telegram' | 'wecom';

/** What became of an acknowledgement. */
export type AcknowledgeLeadResult =
  /** First acknowledgement: recorded now. */
  | { outcome: 'acknowledged'; lead: LeadRecord }
  /** The lead was acknowledged before; nothing changed. */
  | { outcome: 'already_acknowledged'; lead: LeadRecord }
  /** The partner is neither the lead's partner nor the one it was escalated to; nothing changed. */
  | { outcome: 'not_assigned'; lead: LeadRecord }
  /** No such lead (never existed, or deleted). */
  | { outcome: 'not_found' };

/** Statuses that become `acknowledged`; any later status is kept. */
const NOT_YET_ACKNOWLEDGED: readonly LeadStatus[] = ['new', 'delivered'];

/**
 * Acknowledges a lead for a partner. The first time, the lead gets `acknowledgedAt`, the
 * status `acknowledged` (unless it is already further, e.g. `contacted`) and a history
 * entry `acknowledged` naming the partner and `via`; later calls change nothing. Only the
 * lead's partner, or the partner it was escalated to, can acknowledge it.
 *
 * @param leadId - the lead
 * @param partnerId - the partner acknowledging, already authenticated by the caller
 * @param deps - see {@link AcknowledgeLeadDependencies}
 * @param via - how the partner acknowledged; default `link`
 */
export async function acknowledgeLead(leadId: string, partnerId: string, deps: AcknowledgeLeadDependencies, via: AcknowledgementChannel = 'link'): Promise<AcknowledgeLeadResult> {
  const existing = readLead(await deps.store.leads.getLead(leadId));
  if (!existing) return { outcome: 'not_found' };
  if (!isAssignedTo(existing, partnerId)) return { outcome: 'not_assigned', lead: existing };
  const now = deps.clock.now();
  let first = false;
  let assigned = true;
  const stored = await deps.store.leads.updateLead(leadId, (current) => {
    const lead = readLead(current);
    // Checked again inside the atomic update: the lead may have been re-routed meanwhile.
    assigned = isAssignedTo(lead, partnerId);
    first = assigned && lead.acknowledgedAt === undefined;
    if (!first) return undefined;
    const next: LeadRecord = {
      ...lead,
      acknowledgedAt: now,
      status: NOT_YET_ACKNOWLEDGED.includes(lead.status) ? 'acknowledged' : lead.status,
      history: [...lead.history, { at: now, event: 'acknowledged', partnerId, detail: `via ${via}` }],
    };
    return { lead: next };
  });
  if (!stored) return { outcome: 'not_found' };
  const lead = readLead(stored);
  if (!assigned) return { outcome: 'not_assigned', lead };
  if (first) (deps.logger ?? silentLogger).info({ leadId, partnerId, via }, 'lead acknowledged');
  return { outcome: first ? 'acknowledged' : 'already_acknowledged', lead };
}

function isAssignedTo(lead: LeadRecord, partnerId: string): boolean {
  return lead.partnerId === partnerId || lead.escalatedTo === partnerId;
}
