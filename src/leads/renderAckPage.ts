/**
 * The pages of the acknowledgement link: the lead's summary with an "acknowledge" button
 * (a form that posts back, so opening the link — or a chat app's link preview, or a mail
 * scanner — acknowledges nothing and shows no contact details), and the lead's page after a
 * post: the full contact and a form to record the status. Chinese and English, from
 * `locales/<language>/ackPage.json`; every value is escaped.
 */
import { localeView, type Namespaces } from '../i18n/locales.js';
import { dateIn } from '../shared/zonedTime.js';
import { escapeHtml } from './deliveries/formatLeadText.js';
import type { LeadRecord } from './leadRecord.js';
import { industryNames } from './partners.js';
import { isPartnerStatus, PARTNER_STATUSES } from './recordPartnerStatus.js';

/** What the form posts back, besides the lead id in the path. */
export interface AckFormFields {
  partner: string;
  sig: string;
  issued: number;
  token: string;
}

type AckTexts = Namespaces['ackPage'];
const ZH: AckTexts = localeView('zh', 'ackPage').all;
const EN: AckTexts = localeView('en', 'ackPage').all;

/** A text in Chinese, then in English after `separator`. */
function both(pick: (texts: AckTexts) => string, separator = ' / '): string {
  return `${pick(ZH)}${separator}${pick(EN)}`;
}

/** A row's label, both languages. */
const row = (name: keyof AckTexts['rows']) => both((t) => t.rows[name]);

const OUTCOMES = Object.fromEntries(Object.keys(ZH.outcomes).map((id) => [id, both((t) => t.outcomes[id as keyof AckTexts['outcomes']])])) as Record<LeadRecord['outcome'], string>;
const INDUSTRIES = industryNames('zh');

/**
 * The summary page (no contact details): the acknowledge button, or once acknowledged a
 * button to the lead's page (full contact, status form). Both are posts, so opening the link
 * changes and reveals nothing.
 *
 * @param lead - the lead
 * @param partnerName - the partner's display name
 * @param form - the hidden fields of the forms; undefined: no button (an erased, acknowledged lead)
 * @param timeZone - the district's IANA time zone, in which the lead's date is shown
 */
export function renderAckSummaryPage(lead: LeadRecord, partnerName: string, form: AckFormFields | undefined, timeZone: string): string {
  const industry = typeof lead.answers.industry === 'string' ? (INDUSTRIES[lead.answers.industry] ?? lead.answers.industry) : undefined;
  const rows: Array<[string, string]> = [
    [row('partner'), partnerName],
    [row('lead'), lead.id],
    [row('date'), dateIn(lead.createdAt, timeZone)],
    [row('outcome'), OUTCOMES[lead.outcome]],
    ...(industry ? ([[row('industry'), industry]] as Array<[string, string]>) : []),
    ...(lead.contact ? ([[row('applicant'), lead.contact.name]] as Array<[string, string]>) : []),
    ...(lead.status === 'erased' ? ([[row('status'), both((t) => t.erasedStatus)]] as Array<[string, string]>) : []),
  ];
  const reasons = lead.reasons.map((r) => `<li>${escapeHtml(r.zh)}<br><span lang="en">${escapeHtml(r.en)}</span></li>`).join('');
  const action =
    form && lead.acknowledgedAt === undefined
      ? hiddenForm(lead.id, 'ack', form, both((t) => t.acknowledge))
      : `<p><strong>${escapeHtml(both((t) => t.alreadyAcknowledged, '/ '))}</strong></p>`;
  const open = form && lead.acknowledgedAt !== undefined && lead.status !== 'erased' ? hiddenForm(lead.id, 'ack', form, both((t) => t.open)) : '';
  return page(
    both((t) => t.pageTitle),
    `<h1 style="font-size: 1.3rem">${escapeHtml(ZH.pageTitle)}<br>${escapeHtml(EN.pageTitle)}</h1>
<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
${reasons ? `<p>${escapeHtml(both((t) => t.reasons))}:</p><ul>${reasons}</ul>` : ''}
${action}
${open}`,
  );
}

/** What the lead's page says at the top. */
export type LeadPageNotice = 'acknowledged' | 'already_acknowledged' | 'status_saved';

const NOTICES = Object.fromEntries(Object.keys(ZH.notices).map((id) => [id, [ZH.notices[id as LeadPageNotice], EN.notices[id as LeadPageNotice]]])) as Record<LeadPageNotice, [string, string]>;
const STATUS_NAMES = Object.fromEntries(Object.keys(ZH.statuses).map((id) => [id, both((t) => t.statuses[id as keyof AckTexts['statuses']])])) as Record<LeadRecord['status'], string>;

/**
 * The lead's page after a post from the link's page: what happened, the full contact (never
 * on the `GET` page, so a link preview shows none) and the form to record the status.
 *
 * @param lead - the lead as it is now
 * @param partnerName - the partner's display name
 * @param form - the hidden fields of the status form (a fresh token)
 * @param notice - what the top of the page says
 */
export function renderLeadPage(lead: LeadRecord, partnerName: string, form: AckFormFields, notice: LeadPageNotice): string {
  const [zh, en] = NOTICES[notice];
  const contact = lead.contact;
  const rows: Array<[string, string]> = [
    [row('partner'), partnerName],
    [row('lead'), lead.id],
    [row('status'), STATUS_NAMES[lead.status]],
    ...(contact ? ([[row('applicant'), contact.name]] as Array<[string, string]>) : []),
    ...(contact?.phone !== undefined ? ([[row('phone'), contact.phone]] as Array<[string, string]>) : []),
    ...(contact?.email !== undefined ? ([[row('email'), contact.email]] as Array<[string, string]>) : []),
    ...(lead.partnerNote !== undefined ? ([[row('note'), lead.partnerNote]] as Array<[string, string]>) : []),
  ];
  const current = isPartnerStatus(lead.status) ? lead.status : 'contacted';
  const options = PARTNER_STATUSES.map((st) => `<option value="${st}"${st === current ? ' selected' : ''}>${escapeHtml(STATUS_NAMES[st])}</option>`).join('');
  const statusForm =
    lead.status === 'erased'
      ? ''
      : `<form method="post" action="/leads/${encodeURIComponent(lead.id)}/status">
${hiddenFields(form)}
<p><label>${escapeHtml(both((t) => t.followUpStatus))} <select name="status">${options}</select></label></p>
<p><label>${escapeHtml(both((t) => t.note))}<br><textarea name="note" rows="3" cols="40" maxlength="1000"></textarea></label></p>
<button type="submit">${escapeHtml(both((t) => t.save))}</button>
</form>`;
  return page(
    both((t) => t.leadPageTitle),
    `<h1 style="font-size: 1.3rem">${escapeHtml(zh)}<br>${escapeHtml(en)}</h1>
<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
<p>${escapeHtml(both((t) => (lead.status === 'erased' ? t.erasedNotice : t.contactSoon), '/ '))}</p>
${statusForm}`,
  );
}

function hiddenFields(form: AckFormFields): string {
  return (Object.entries(form) as Array<[string, string | number]>).map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(String(v))}">`).join('\n');
}

function hiddenForm(leadId: string, path: 'ack' | 'status', form: AckFormFields, label: string): string {
  return `<form method="post" action="/leads/${encodeURIComponent(leadId)}/${path}">
${hiddenFields(form)}
<button type="submit" style="font-size: 1.1rem; padding: .5rem 1.2rem">${escapeHtml(label)}</button>
</form>`;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.6">
${body}
</body>
</html>
`;
}
