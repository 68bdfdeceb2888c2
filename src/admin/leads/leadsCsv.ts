/**
 * The leads as CSV, in the staff's language: column headers in words (times with the district's
 * time zone named), times as `YYYY-MM-DD HH:MM` in that zone, outcomes, statuses, channels,
 * languages and reasons in words, and one column per question of the flows, named by its label
 * and holding the choice's label. UTF-8 with a byte-order mark, so spreadsheet programs read
 * Chinese; a leading = + - @ is neutralised so they do not run it as a formula.
 */
import type { Flows } from '../../flows/loadFlows.js';
import type { Language } from '../../shared/language.js';
import { referenceOf } from '../../leads/leadReference.js';
import type { LeadRecord } from '../../leads/leadRecord.js';
import { formatTime } from '../shared/consolePage.js';
import type { ConsoleTexts } from '../shared/texts/consoleTexts.js';
import { stripPersonalData } from '../shared/stripPersonalData.js';
import { describeLeadAnswers, flowFields, flowTitle } from './describeLead.js';

/** What the export is written with. */
export interface LeadsCsvWording {
  t: ConsoleTexts;
  language: Language;
  timeZone: string;
  flows: Flows;
  /** A partner's name by id. */
  partnerName: (id: string) => string;
}

/** One CSV field, quoted, with a leading formula sign neutralised. */
function csvField(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * The leads as CSV.
 *
 * @param leads - the leads to export
 * @param personal - include contact details and identifying answers (admins only)
 * @param w - the staff's language, the district's time zone, the flows and partner names; see {@link LeadsCsvWording}
 */
export function leadsToCsv(leads: readonly LeadRecord[], personal: boolean, w: LeadsCsvWording): string {
  const { t, language, timeZone } = w;
  const h = t.leadWords.csv;
  const described = leads.map((lead) => new Map(describeLeadAnswers(lead, w.flows, language, personal).map((a) => [a.field, a])));
  // One column per answer field: the flows' questions in their order, then any other field.
  const columns = new Map<string, string>();
  for (const flow of w.flows.values()) for (const f of flowFields(flow, language)) if (!columns.has(f.field)) columns.set(f.field, f.label);
  const used = new Set(described.flatMap((m) => [...m.keys()]));
  for (const m of described) for (const a of m.values()) if (!columns.has(a.field)) columns.set(a.field, a.label);
  const answerColumns = [...columns].filter(([field]) => used.has(field));
  const time = (at: number | undefined) => formatTime(at, timeZone);
  const inZone = t.leadWords.timesIn(timeZone);
  const header = [
    h.reference,
    h.id,
    `${h.created}${inZone}`,
    `${h.updated}${inZone}`,
    h.channel,
    h.language,
    h.flow,
    h.outcome,
    h.reasons,
    h.partner,
    h.escalatedTo,
    h.status,
    `${h.delivered}${inZone}`,
    `${h.acknowledged}${inZone}`,
    h.partnerNote,
    h.keepInformed,
    ...(personal ? [h.contactName, h.contactPhone, h.contactEmail] : []),
    ...answerColumns.map(([, label]) => label),
  ];
  const rows = leads.map((l, i) => [
    referenceOf(l.id),
    l.id,
    time(l.createdAt),
    time(l.updatedAt),
    t.logs.channels[l.channel] ?? l.channel,
    t.leadWords.languages[l.language] ?? l.language,
    flowTitle(w.flows, l.flowId, language),
    t.outcomes[l.outcome],
    l.reasons.map((r) => r[language]).join(' '),
    l.partnerId ? w.partnerName(l.partnerId) : '',
    l.escalatedTo ? w.partnerName(l.escalatedTo) : '',
    t.statuses[l.status],
    time(l.deliveredAt),
    time(l.acknowledgedAt),
    personal ? (l.partnerNote ?? '') : stripPersonalData(l.partnerNote ?? ''),
    l.keepInformed ? t.leadWords.yes : t.leadWords.no,
    ...(personal ? [l.contact?.name ?? '', l.contact?.phone ?? '', l.contact?.email ?? ''] : []),
    ...answerColumns.map(([field]) => described[i]!.get(field)?.value ?? ''),
  ]);
  return `\ufeff${[header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}
