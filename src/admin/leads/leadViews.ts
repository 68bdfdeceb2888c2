/**
 * How leads are read and shown in the console: parsing every stored lead with the lead
 * schema, the filters of the leads page, what counts as personal data (shown to admins and
 * to the lead's own partner only). The CSV export is `leadsCsv.ts`, the answers in words `describeLead.ts`.
 */
import { addDays, startOfDateIn } from '../../shared/zonedTime.js';
import { leadRecordSchema, type LeadRecord } from '../../leads/leadRecord.js';
import type { StoredLead } from '../../store/contract.js';
import type { ConsoleTexts } from '../shared/texts/consoleTexts.js';

/** The display name of an industry answer (the id itself when unknown). */
export function industryLabel(t: ConsoleTexts, industry: unknown): string {
  if (typeof industry !== 'string' && typeof industry !== 'number') return '';
  return t.industries[String(industry)] ?? String(industry);
}

/** Answers that identify the applicant (the flow asks for them at the end). */
export const PERSONAL_ANSWER_KEYS: ReadonlySet<string> = new Set(['name', 'contact', 'phone', 'email', 'wechat']);

/** The leads that parse, newest first; the others are skipped (and counted). */
export function parseLeads(stored: readonly StoredLead[]): { leads: LeadRecord[]; invalid: number } {
  const leads: LeadRecord[] = [];
  let invalid = 0;
  for (const s of stored) {
    const parsed = leadRecordSchema.safeParse(s);
    if (parsed.success) leads.push(parsed.data);
    else invalid++;
  }
  return { leads: leads.sort((a, b) => b.createdAt - a.createdAt), invalid };
}

/** The filters of the leads page; empty strings mean "any". */
export interface LeadFilters {
  outcome: string;
  partner: string;
  status: string;
  industry: string;
  /** `YYYY-MM-DD` in the district's time zone, inclusive. */
  from: string;
  to: string;
}

/** Reads filters from a query string. */
export function readLeadFilters(query: Record<string, unknown>): LeadFilters {
  const get = (name: string) => (typeof query[name] === 'string' ? (query[name] as string).trim().slice(0, 64) : '');
  return { outcome: get('outcome'), partner: get('partner'), status: get('status'), industry: get('industry'), from: get('from'), to: get('to') };
}

const isDate = (date: string) => /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(`${date}T00:00:00Z`));

/**
 * The leads matching the filters.
 *
 * @param leads - the leads
 * @param f - the filters; `from` and `to` are days in `timeZone`
 * @param timeZone - the profile's IANA time zone
 */
export function filterLeads(leads: readonly LeadRecord[], f: LeadFilters, timeZone: string): LeadRecord[] {
  const from = isDate(f.from) ? startOfDateIn(f.from, timeZone) : Number.NaN;
  const to = isDate(f.to) ? startOfDateIn(addDays(f.to, 1), timeZone) : Number.NaN;
  return leads.filter(
    (l) =>
      (!f.outcome || l.outcome === f.outcome) &&
      (!f.partner || l.partnerId === f.partner || l.escalatedTo === f.partner) &&
      (!f.status || l.status === f.status) &&
      (!f.industry || l.answers.industry === f.industry) &&
      (Number.isNaN(from) || l.createdAt >= from) &&
      (Number.isNaN(to) || l.createdAt < to),
  );
}

/** True when a partner may see this lead: it is the lead's partner or the one it was escalated to. */
export function partnerMaySee(lead: LeadRecord, partnerId: string | undefined): boolean {
  return partnerId !== undefined && (lead.partnerId === partnerId || lead.escalatedTo === partnerId);
}
