/**
 * What the engine asks of the leads layer: submit a confirmed application, show an
 * applicant their leads, erase them. The implementation (`createLeadService`) routes,
 * queues deliveries in the outbox and records history; the engine knows none of that.
 */
import type { Language } from '../shared/language.js';
import type { AnswerValue, LeadContact, LeadOutcome, LeadReason, LeadRecord } from './leadRecord.js';

/** A confirmed application, as the conversation produced it. */
export interface LeadSubmission {
  channel: string;
  userId: string;
  language: Language;
  flowId: string;
  answers: Record<string, AnswerValue>;
  contact: LeadContact;
  outcome: LeadOutcome;
  reasons: LeadReason[];
  keepInformed?: boolean;
  consent: { noticeVersion: string; at: number };
}

/** What became of a submission. */
export interface SubmittedLead {
  lead: LeadRecord;
  /** False when an application of the same person within 30 days was updated instead. */
  created: boolean;
  /** The partner it was routed to, if any. */
  partner?: { id: string; name: string; ackWithinHours: number };
  /** False when that partner has no delivery method configured (the lead is only stored). */
  delivers: boolean;
}

/** The leads layer as the engine sees it. */
export interface LeadService {
  /** Saves the lead (or updates the same person's lead of the last 30 days), routes it and queues its deliveries. */
  submit(submission: LeadSubmission): Promise<SubmittedLead>;
  /** Marks a lead as wanting news of future events and tells the office. */
  keepInformed(leadId: string): Promise<LeadRecord | undefined>;
  /** The leads with these ids that still exist. */
  leadsByIds(ids: readonly string[]): Promise<LeadRecord[]>;
  /** Who a lead was routed to, by name, and within how many hours they confirm receipt; undefined when it went to no partner. */
  partnerOf(lead: LeadRecord): { name: string; ackWithinHours: number } | undefined;
  /** Erases the personal data of these leads and notifies partners that received them; returns how many were erased. */
  erase(ids: readonly string[]): Promise<number>;
}
