/**
 * The lead: what an applicant confirmed at the end of the eligibility conversation, how it
 * was judged, where it was routed and what happened to it. One zod schema is the source
 * of the type; stored leads are parsed with it when read.
 */
import { z } from 'zod';
import { languageSchema } from '../shared/language.js';

/** The current version of {@link LeadRecord}. */
export const LEAD_RECORD_VERSION = 1;

/** How the qualification rules judged an application; `handoff` is a request for a person. */
export const leadOutcomeSchema = z.enum(['qualified', 'needs_review', 'not_a_fit', 'handoff']);
/** How the qualification rules judged an application. */
export type LeadOutcome = z.infer<typeof leadOutcomeSchema>;

/** Where a lead stands with its partner. */
export const leadStatusSchema = z.enum(['new', 'delivered', 'acknowledged', 'contacted', 'in_talks', 'landed', 'declined', 'erased']);
/** Where a lead stands with its partner. */
export type LeadStatus = z.infer<typeof leadStatusSchema>;

/** An answer of the eligibility conversation: a choice id, a text or a number. */
export const answerValueSchema = z.union([z.string(), z.number()]);
/** An answer of the eligibility conversation. */
export type AnswerValue = z.infer<typeof answerValueSchema>;

/** How to reach the applicant. At least one of phone and email. */
export const leadContactSchema = z
  .object({ name: z.string().min(1).max(100), phone: z.string().optional(), email: z.string().optional() })
  .refine((c) => c.phone !== undefined || c.email !== undefined, { message: 'a phone number or an e-mail address is required' });
/** How to reach the applicant. */
export type LeadContact = z.infer<typeof leadContactSchema>;

/** One reason for an outcome, in both languages, with a stable code for filters. */
export const leadReasonSchema = z.object({ code: z.string(), zh: z.string(), en: z.string() });
/** One reason for an outcome. */
export type LeadReason = z.infer<typeof leadReasonSchema>;

/** One event in a lead's life: routed, delivered, failed attempt, acknowledged, reminded, escalated, erased. */
export const leadHistoryEntrySchema = z.object({
  at: z.number(),
  event: z.string(),
  partnerId: z.string().optional(),
  deliveryId: z.string().optional(),
  detail: z.string().optional(),
});
/** One event in a lead's life. */
export type LeadHistoryEntry = z.infer<typeof leadHistoryEntrySchema>;

/** A lead, version 1. */
export const leadRecordSchema = z.object({
  version: z.literal(LEAD_RECORD_VERSION),
  id: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** The conversation the lead came from. */
  channel: z.string(),
  userId: z.string(),
  language: languageSchema,
  /** Hash of the normalised contact: finds a re-application by the same person. Removed on erasure. */
  personKey: z.string().optional(),
  /** The flow that produced the lead, e.g. "eligibility". */
  flowId: z.string(),
  answers: z.record(z.string(), answerValueSchema),
  /** Absent once erased. */
  contact: leadContactSchema.optional(),
  outcome: leadOutcomeSchema,
  reasons: z.array(leadReasonSchema),
  /** The applicant asked to hear about future events (not-a-fit next step). */
  keepInformed: z.boolean().default(false),
  consent: z.object({ noticeVersion: z.string(), at: z.number() }),
  /** The partner the lead is routed to; null while none (not-a-fit leads are not routed). */
  partnerId: z.string().nullable(),
  status: leadStatusSchema,
  acknowledgedAt: z.number().optional(),
  /** The partner's latest note on the lead (partner portal). */
  partnerNote: z.string().optional(),
  erasedAt: z.number().optional(),
  /** When a partner first received the lead (the first `lead.qualified` delivery that succeeded). */
  deliveredAt: z.number().optional(),
  /** When the partner was reminded that the lead awaits acknowledgement. */
  remindedAt: z.number().optional(),
  /** The partner (the fallback) the lead was escalated to when nobody acknowledged it. */
  escalatedTo: z.string().optional(),
  /** When the lead was escalated. */
  escalatedAt: z.number().optional(),
  history: z.array(leadHistoryEntrySchema).default([]),
});
/** A lead. */
export type LeadRecord = z.infer<typeof leadRecordSchema>;
