/**
 * The leads layer behind {@link LeadService}: saves a confirmed application as a lead (or
 * updates the same person's recent one), routes it to a partner and queues its deliveries
 * in the store's outbox in the same transaction; marks keep-informed wishes; erases.
 * Sending, retrying and following up are the outbox worker's (`createOutboxWorker`).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../shared/clock.js';
import { InputError } from '../shared/errors.js';
import { silentLogger, type Logger } from '../shared/logger.js';
import type { Store } from '../store/contract.js';
import { leadOutboxItemSchema, type LeadMessageType, type LeadOutboxItem } from './leadOutboxItem.js';
import { LEAD_RECORD_VERSION, leadRecordSchema, type LeadHistoryEntry, type LeadRecord } from './leadRecord.js';
import type { LeadService, LeadSubmission, SubmittedLead } from './leadService.js';
import { partnerMessages } from './partnerMessages.js';
import type { LoadedPartners, Partner } from './partners.js';
import { personKey } from './personKey.js';
import { readLead } from './readLead.js';
import { routeLead } from './routeLead.js';

/** Default window in which a re-application updates the earlier lead: 30 days. */
export const DEFAULT_REAPPLY_WINDOW_MS = 30 * 24 * 3600_000;

/** What the lead service is built from. */
export interface LeadServiceOptions {
  /** Leads and outbox (`store.leads`), assignment counts (`store.state`), per-person locks (`store.locks`). */
  store: Store;
  clock: Clock;
  partners: LoadedPartners;
  logger?: Logger;
  /** A re-application by the same person within this window updates the earlier lead (REAPPLY_WINDOW_DAYS). Default 30 days; 0 turns it off. */
  reapplyWindowMs?: number;
  /** Makes lead ids and idempotency keys; default `crypto.randomUUID`. */
  newId?: () => string;
}

/**
 * Creates the lead service.
 *
 * @param options - see {@link LeadServiceOptions}
 */
export function createLeadService(options: LeadServiceOptions): LeadService {
  const { store, clock, partners } = options;
  const logger = options.logger ?? silentLogger;
  const reapplyWindowMs = options.reapplyWindowMs ?? DEFAULT_REAPPLY_WINDOW_MS;
  const newId = options.newId ?? randomUUID;
  const route = (lead: Pick<LeadRecord, 'outcome' | 'answers' | 'keepInformed'>) => routeLead(lead, { partners, state: store.state });
  /** Messages of `type` to each of `partnerIds` still configured. */
  const messagesTo = (leadId: string, partnerIds: Iterable<string>, type: LeadMessageType, now: number): LeadOutboxItem[] =>
    [...new Set(partnerIds)].flatMap((id) => {
      const partner = partners.get(id);
      if (!partner) {
        logger.warn({ leadId, partnerId: id, type }, 'partner is no longer in the partners file; message not queued');
        return [];
      }
      return partnerMessages(leadId, partner, type, now, { newId });
    });
  const result = (lead: LeadRecord, created: boolean, partner: Partner | undefined): SubmittedLead => ({
    lead,
    created,
    ...(partner ? { partner: { id: partner.id, name: partner.name, ackWithinHours: partner.ackWithinHours } } : {}),
    delivers: partner !== undefined && partner.delivery.length > 0,
  });

  async function create(submission: LeadSubmission, key: string, now: number): Promise<SubmittedLead> {
    const draft = validate({
      version: LEAD_RECORD_VERSION,
      id: newId(),
      createdAt: now,
      updatedAt: now,
      channel: submission.channel,
      userId: submission.userId,
      language: submission.language,
      personKey: key,
      flowId: submission.flowId,
      answers: submission.answers,
      contact: submission.contact,
      outcome: submission.outcome,
      reasons: submission.reasons,
      keepInformed: submission.keepInformed ?? false,
      consent: submission.consent,
      partnerId: null,
      status: 'new',
      history: [{ at: now, event: 'created' }],
    });
    const partner = await route(draft);
    const lead: LeadRecord = partner ? { ...draft, partnerId: partner.id, history: [...draft.history, { at: now, event: 'routed', partnerId: partner.id }] } : draft;
    const items = partner ? partnerMessages(lead.id, partner, 'lead.qualified', now, { newId }) : [];
    await store.leads.saveLead(lead, items);
    logger.info({ leadId: lead.id, outcome: lead.outcome, partnerId: lead.partnerId, deliveries: items.length }, 'lead saved');
    return result(lead, true, partner);
  }

  async function reapply(previous: LeadRecord, submission: LeadSubmission, now: number): Promise<SubmittedLead> {
    const newPartner = previous.partnerId === null ? await route({ ...submission, keepInformed: submission.keepInformed ?? previous.keepInformed }) : undefined;
    const stored = await store.leads.updateLead(previous.id, (current) => {
      const lead = readLead(current);
      if (lead.status === 'erased') return undefined;
      const history: LeadHistoryEntry[] = [...lead.history, { at: now, event: 'reapplied' }];
      let next = validate({
        ...lead,
        updatedAt: now,
        language: submission.language,
        answers: submission.answers,
        contact: submission.contact,
        outcome: submission.outcome,
        reasons: submission.reasons,
        keepInformed: submission.keepInformed ?? lead.keepInformed,
        consent: submission.consent,
        history,
      });
      let enqueue: LeadOutboxItem[];
      if (lead.partnerId !== null) {
        enqueue = messagesTo(lead.id, [lead.partnerId, ...(lead.escalatedTo ? [lead.escalatedTo] : [])], 'lead.updated', now);
      } else if (newPartner) {
        next = { ...next, partnerId: newPartner.id, history: [...history, { at: now, event: 'routed', partnerId: newPartner.id }] };
        enqueue = partnerMessages(lead.id, newPartner, 'lead.qualified', now, { newId });
      } else {
        enqueue = [];
      }
      return { lead: next, enqueue };
    });
    const lead = readLead(stored) ?? previous;
    logger.info({ leadId: lead.id, outcome: lead.outcome, partnerId: lead.partnerId }, 'lead updated by a re-application');
    return result(lead, false, lead.partnerId ? partners.get(lead.partnerId) : undefined);
  }

  return {
    async submit(submission) {
      const key = personKey(submission.contact);
      return store.locks.withLock(`leads:person:${key}`, async () => {
        const now = clock.now();
        const previous = readLead(await store.leads.findLeadByPerson(key));
        if (previous && previous.status !== 'erased' && reapplyWindowMs > 0 && now - previous.createdAt < reapplyWindowMs) {
          return reapply(previous, submission, now);
        }
        return create(submission, key, now);
      });
    },

    async keepInformed(leadId) {
      const existing = readLead(await store.leads.getLead(leadId));
      if (!existing || existing.status === 'erased') return existing;
      if (existing.keepInformed && existing.partnerId !== null) return existing;
      const now = clock.now();
      const newPartner = existing.partnerId === null ? await route({ ...existing, keepInformed: true }) : undefined;
      const stored = await store.leads.updateLead(leadId, (current) => {
        const lead = readLead(current);
        if (lead.status === 'erased' || (lead.keepInformed && lead.partnerId !== null)) return undefined;
        const history: LeadHistoryEntry[] = [...lead.history, { at: now, event: 'keep_informed' }];
        if (lead.partnerId !== null) {
          const recipients = [lead.partnerId, ...(lead.escalatedTo ? [lead.escalatedTo] : [])];
          return { lead: { ...lead, keepInformed: true, updatedAt: now, history }, enqueue: messagesTo(lead.id, recipients, 'lead.updated', now) };
        }
        if (!newPartner) return { lead: { ...lead, keepInformed: true, updatedAt: now, history } };
        return {
          lead: { ...lead, keepInformed: true, updatedAt: now, partnerId: newPartner.id, history: [...history, { at: now, event: 'routed', partnerId: newPartner.id }] },
          enqueue: partnerMessages(lead.id, newPartner, 'lead.qualified', now, { newId }),
        };
      });
      return readLead(stored);
    },

    partnerOf(lead) {
      const partner = lead.partnerId ? partners.get(lead.partnerId) : undefined;
      return partner ? { name: partner.name, ackWithinHours: partner.ackWithinHours } : undefined;
    },

    async leadsByIds(ids) {
      const leads: LeadRecord[] = [];
      for (const id of new Set(ids)) {
        const lead = readLead(await store.leads.getLead(id));
        if (lead) leads.push(lead);
      }
      return leads;
    },

    async erase(ids) {
      let erased = 0;
      for (const id of new Set(ids)) {
        const now = clock.now();
        const existing = await store.leads.getLead(id);
        if (!existing || readLead(existing).status === 'erased') continue;
        // Whoever may hold a copy: delivered, attempted (a timed-out attempt may have
        // arrived) or being sent right now.
        const holders = new Set<string>();
        for (const raw of await store.leads.listDeliveries(id)) {
          const item = leadOutboxItemSchema.safeParse(raw);
          if (!item.success || item.data.kind !== 'send' || item.data.type === 'lead.erased') continue;
          const d = item.data;
          if (d.status === 'delivered' || d.attempts > 0 || (d.leaseUntil ?? 0) > now) holders.add(d.partnerId);
        }
        let changed = false;
        await store.leads.updateLead(id, (current) => {
          const lead = readLead(current);
          changed = false;
          if (lead.status === 'erased') return undefined;
          changed = true;
          const { contact: _contact, personKey: _personKey, partnerNote: _note, ...rest } = lead;
          const answers: LeadRecord['answers'] = lead.answers.industry !== undefined ? { industry: lead.answers.industry } : {};
          const next: LeadRecord = {
            ...rest,
            userId: '',
            answers,
            status: 'erased',
            erasedAt: now,
            updatedAt: now,
            history: [...lead.history, { at: now, event: 'erased' }],
          };
          return { lead: next, enqueue: messagesTo(id, holders, 'lead.erased', now) };
        });
        if (changed) {
          erased += 1;
          logger.info({ leadId: id, notified: [...holders] }, 'lead erased');
        }
      }
      return erased;
    },
  };
}

function validate(candidate: unknown): LeadRecord {
  const parsed = leadRecordSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ where: `lead.${issue.path.join('.') || '-'}`, problem: issue.message }));
  throw new InputError(issues[0]!.where, issues[0]!.problem, issues);
}
