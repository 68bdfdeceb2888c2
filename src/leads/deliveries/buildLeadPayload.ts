/**
 * The lead webhook body of CONTRACTS.md, built at send time from the lead as it is then:
 * an erased lead never leaks its contact, an updated one shows its latest answers.
 */
import { z } from 'zod';
import { languageSchema } from '../../shared/language.js';
import { answerValueSchema, leadOutcomeSchema, leadStatusSchema, type LeadRecord } from '../leadRecord.js';
import { chatMoveSchema, deliveryFailureSchema, leadMessageTypeSchema, type SendItem } from '../leadOutboxItem.js';

/** The JSON body partners receive (CONTRACTS.md "Lead webhook body"), plus a few additions. */
export const leadPayloadSchema = z.object({
  /** The lead id (the `webhook-id` header is the delivery's idempotency key). */
  id: z.string(),
  type: leadMessageTypeSchema,
  /** ISO 8601. */
  createdAt: z.string(),
  /** ISO 8601: when the applicant last changed the lead. */
  updatedAt: z.string(),
  language: languageSchema,
  channel: z.string(),
  outcome: leadOutcomeSchema,
  /** The reasons for the outcome, in the lead's language. */
  reasons: z.array(z.string()),
  answers: z.record(z.string(), answerValueSchema),
  /** Absent once the lead is erased. */
  contact: z.object({ name: z.string(), phone: z.string().optional(), email: z.string().optional() }).optional(),
  keepInformed: z.boolean(),
  status: leadStatusSchema,
  /** The partner this delivery is for. */
  partnerId: z.string(),
  /** Opening it acknowledges the lead for `partnerId`. Absent on `lead.delivery_failed` and `lead.chat_moved` alerts. */
  ackUrl: z.string().optional(),
  /** On an escalation (`lead.qualified` to the fallback partner): the partner that did not acknowledge. */
  escalatedFrom: z.string().optional(),
  /** ISO 8601, on erased leads. */
  erasedAt: z.string().optional(),
  /** On `lead.delivery_failed` alerts: the delivery that gave up. */
  failedDelivery: deliveryFailureSchema.optional(),
  /** On `lead.chat_moved` alerts: the partner's Telegram chat that moved (no contact is sent with it). */
  chatMove: chatMoveSchema.optional(),
});
/** The JSON body partners receive. */
export type LeadPayload = z.infer<typeof leadPayloadSchema>;

/**
 * Builds the body of one delivery.
 *
 * @param lead - the lead as it is now
 * @param item - the delivery: its type, recipient, escalation or failure
 * @param ackUrl - the signed acknowledgement link for the recipient
 */
export function buildLeadPayload(lead: LeadRecord, item: Pick<SendItem, 'type' | 'partnerId' | 'escalatedFrom' | 'failure' | 'chatMove'>, ackUrl: string): LeadPayload {
  const alert = item.type === 'lead.delivery_failed' || item.type === 'lead.chat_moved';
  const erased = lead.status === 'erased';
  const payload: LeadPayload = {
    id: lead.id,
    type: item.type,
    createdAt: new Date(lead.createdAt).toISOString(),
    updatedAt: new Date(lead.updatedAt).toISOString(),
    language: lead.language,
    channel: lead.channel,
    outcome: lead.outcome,
    reasons: lead.reasons.map((reason) => reason[lead.language]),
    // A chat-move alert is about the partners file: none of the applicant's answers (they include the contact).
    answers: item.type === 'lead.chat_moved' ? {} : { ...lead.answers },
    keepInformed: lead.keepInformed,
    status: lead.status,
    partnerId: item.partnerId,
  };
  if (lead.contact && !erased && item.type !== 'lead.chat_moved') {
    payload.contact = { name: lead.contact.name };
    if (lead.contact.phone !== undefined) payload.contact.phone = lead.contact.phone;
    if (lead.contact.email !== undefined) payload.contact.email = lead.contact.email;
  }
  if (!alert) payload.ackUrl = ackUrl;
  if (item.escalatedFrom !== undefined) payload.escalatedFrom = item.escalatedFrom;
  if (lead.erasedAt !== undefined) payload.erasedAt = new Date(lead.erasedAt).toISOString();
  if (item.failure !== undefined) payload.failedDelivery = item.failure;
  if (item.chatMove !== undefined) payload.chatMove = item.chatMove;
  return payload;
}
