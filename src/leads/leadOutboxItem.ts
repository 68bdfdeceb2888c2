/**
 * What the leads layer keeps in the store's outbox: messages to send to a partner through
 * one delivery method, and follow-up checks that fire later (acknowledgement check,
 * escalation check). Follow-ups are outbox items too, so nothing scans the leads.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { OUTBOX_STATUSES } from '../store/contract.js';
import { deliveryMethodSchema } from './partners.js';

/**
 * The messages partners receive, the `type` of the webhook body:
 * - `lead.qualified`: a new lead (also an escalated one, with `escalatedFrom`);
 * - `lead.updated`: the applicant re-applied or asked to be kept informed;
 * - `lead.erased`: the applicant's personal data was erased; delete your copy;
 * - `lead.reminder`: the lead still awaits your acknowledgement;
 * - `lead.delivery_failed`: (to the fallback partner) a delivery to another partner gave up;
 * - `lead.chat_moved`: (to the fallback partner) a partner's Telegram group became a
 *   supergroup; the lead went to the new chat, the partners file should name its new id.
 */
export const leadMessageTypeSchema = z.enum(['lead.qualified', 'lead.updated', 'lead.erased', 'lead.reminder', 'lead.delivery_failed', 'lead.chat_moved']);
/** A message type partners receive. */
export type LeadMessageType = z.infer<typeof leadMessageTypeSchema>;

const baseFields = {
  id: z.string(),
  leadId: z.string(),
  status: z.enum(OUTBOX_STATUSES),
  dueAt: z.number(),
  attempts: z.number().int().min(0),
  leaseUntil: z.number().optional(),
  leaseOwner: z.string().optional(),
  createdAt: z.number(),
  /** The partner the item concerns: the recipient of a message, the partner a check is about. */
  partnerId: z.string(),
  /** What went wrong on the latest attempt (no secrets). */
  lastError: z.string().optional(),
};

/** A delivery that failed for good, as reported in a `lead.delivery_failed` alert. */
export const deliveryFailureSchema = z.object({ deliveryId: z.string(), partnerId: z.string(), method: z.string(), attempts: z.number(), error: z.string() });
/** A delivery that failed for good. */
export type DeliveryFailure = z.infer<typeof deliveryFailureSchema>;

/** A partner's Telegram chat that moved, as reported in a `lead.chat_moved` alert. */
export const chatMoveSchema = z.object({
  partnerId: z.string(),
  /** The id the partners file names. */
  configured: z.union([z.number(), z.string()]),
  /** The id Telegram refused. */
  from: z.union([z.number(), z.string()]),
  /** The id Telegram named instead. */
  to: z.union([z.number(), z.string()]),
  /** When the move was seen, epoch milliseconds. */
  at: z.number(),
});
/** A partner's Telegram chat that moved. */
export type ChatMove = z.infer<typeof chatMoveSchema>;

/** One outbox item of the leads layer. */
export const leadOutboxItemSchema = z.discriminatedUnion('kind', [
  z.object({
    ...baseFields,
    kind: z.literal('send'),
    type: leadMessageTypeSchema,
    /** A copy of the partner's delivery method when the item was queued. */
    method: deliveryMethodSchema,
    /** For an escalation: the partner that did not acknowledge. */
    escalatedFrom: z.string().optional(),
    /** For a `lead.delivery_failed` alert: what failed. */
    failure: deliveryFailureSchema.optional(),
    /** For a `lead.chat_moved` alert: the move. */
    chatMove: chatMoveSchema.optional(),
  }),
  /** Fires `ackWithinHours` after the first delivery: reminds the partner unless acknowledged. */
  z.object({ ...baseFields, kind: z.literal('ack_check') }),
  /** Fires after a reminder: escalates to the fallback partner unless acknowledged. */
  z.object({ ...baseFields, kind: z.literal('escalation_check') }),
]);
/** One outbox item of the leads layer. */
export type LeadOutboxItem = z.infer<typeof leadOutboxItemSchema>;
/** A message to send. */
export type SendItem = Extract<LeadOutboxItem, { kind: 'send' }>;

/** What {@link newOutboxItem} needs besides the common fields. */
export type NewOutboxItemFields =
  | Omit<SendItem, 'id' | 'leadId' | 'status' | 'dueAt' | 'attempts' | 'createdAt' | 'leaseUntil' | 'leaseOwner' | 'lastError'>
  | { kind: 'ack_check' | 'escalation_check'; partnerId: string };

/**
 * A fresh pending outbox item with a new idempotency key.
 *
 * @param leadId - the lead it belongs to
 * @param now - creation time, epoch milliseconds
 * @param fields - the kind and its fields
 * @param dueAt - when it is first due; default `now`
 * @param newId - makes the id (the idempotency key); default `crypto.randomUUID`
 */
export function newOutboxItem(leadId: string, now: number, fields: NewOutboxItemFields, dueAt = now, newId: () => string = randomUUID): LeadOutboxItem {
  return { ...fields, id: newId(), leadId, status: 'pending', dueAt, attempts: 0, createdAt: now } as LeadOutboxItem;
}
