/**
 * The pages of the acknowledgement link: the lead's summary with an "acknowledge" button
 * (a form that posts back, so opening the link — or a chat app's link preview, or a mail
 * scanner — acknowledges nothing and shows no contact details), and the lead's page after a
 * post: the full contact and a form to record the status. Chinese and English; every value
 * is escaped.
 */
import { dateIn } from '../knowledge/zonedTime.js';
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

const OUTCOMES: Record<LeadRecord['outcome'], string> = {
  qualified: '符合条件 / Qualified',
  needs_review: '需人工审核 / Needs review',
  not_a_fit: '暂不符合 / Not a fit',
  handoff: '申请人请求人工服务 / Asked for a person',
};
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
    ['合作方 / Partner', partnerName],
    ['线索编号 / Lead', lead.id],
    ['日期 / Date', dateIn(lead.createdAt, timeZone)],
    ['结果 / Outcome', OUTCOMES[lead.outcome]],
    ...(industry ? ([['领域 / Industry', industry]] as Array<[string, string]>) : []),
    ...(lead.contact ? ([['申请人 / Applicant', lead.contact.name]] as Array<[string, string]>) : []),
    ...(lead.status === 'erased' ? ([['状态 / Status', '申请人已要求删除个人信息 / The applicant asked for their data to be erased']] as Array<[string, string]>) : []),
  ];
  const reasons = lead.reasons.map((r) => `<li>${escapeHtml(r.zh)}<br><span lang="en">${escapeHtml(r.en)}</span></li>`).join('');
  const action =
    form && lead.acknowledgedAt === undefined
      ? hiddenForm(lead.id, 'ack', form, '确认接收 / Acknowledge')
      : `<p><strong>该线索此前已确认接收。/ This lead was already acknowledged.</strong></p>`;
  const open = form && lead.acknowledgedAt !== undefined && lead.status !== 'erased' ? hiddenForm(lead.id, 'ack', form, '查看联系方式、更新状态 / See the contact, update the status') : '';
  return page(
    '确认接收线索 / Acknowledge the lead',
    `<h1 style="font-size: 1.3rem">确认接收线索<br>Acknowledge the lead</h1>
<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
${reasons ? `<p>原因 / Reasons:</p><ul>${reasons}</ul>` : ''}
${action}
${open}`,
  );
}

/** What the lead's page says at the top. */
export type LeadPageNotice = 'acknowledged' | 'already_acknowledged' | 'status_saved';

const NOTICES: Record<LeadPageNotice, [string, string]> = {
  acknowledged: ['已确认接收该线索，谢谢！', 'The lead is acknowledged. Thank you!'],
  already_acknowledged: ['该线索此前已确认接收。', 'This lead was already acknowledged.'],
  status_saved: ['跟进状态已保存。', 'The status is saved.'],
};
const STATUS_NAMES: Record<LeadRecord['status'], string> = {
  new: '新线索 / New',
  delivered: '已送达 / Delivered',
  acknowledged: '已确认接收 / Acknowledged',
  contacted: '已联系 / Contacted',
  in_talks: '洽谈中 / In talks',
  landed: '已落地 / Landed',
  declined: '不合适 / Declined',
  erased: '已删除个人信息 / Erased',
};

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
    ['合作方 / Partner', partnerName],
    ['线索编号 / Lead', lead.id],
    ['状态 / Status', STATUS_NAMES[lead.status]],
    ...(contact ? ([['申请人 / Applicant', contact.name]] as Array<[string, string]>) : []),
    ...(contact?.phone !== undefined ? ([['电话 / Phone', contact.phone]] as Array<[string, string]>) : []),
    ...(contact?.email !== undefined ? ([['邮箱 / E-mail', contact.email]] as Array<[string, string]>) : []),
    ...(lead.partnerNote !== undefined ? ([['备注 / Note', lead.partnerNote]] as Array<[string, string]>) : []),
  ];
  const current = isPartnerStatus(lead.status) ? lead.status : 'contacted';
  const options = PARTNER_STATUSES.map((st) => `<option value="${st}"${st === current ? ' selected' : ''}>${escapeHtml(STATUS_NAMES[st])}</option>`).join('');
  const statusForm =
    lead.status === 'erased'
      ? ''
      : `<form method="post" action="/leads/${encodeURIComponent(lead.id)}/status">
${hiddenFields(form)}
<p><label>跟进状态 / Status <select name="status">${options}</select></label></p>
<p><label>备注 / Note<br><textarea name="note" rows="3" cols="40" maxlength="1000"></textarea></label></p>
<button type="submit">保存 / Save</button>
</form>`;
  return page(
    '线索 / Lead',
    `<h1 style="font-size: 1.3rem">${escapeHtml(zh)}<br>${escapeHtml(en)}</h1>
<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
${lead.status === 'erased' ? '<p>申请人已要求删除个人信息。/ The applicant asked for their data to be erased.</p>' : '<p>请尽快联系申请人。/ Please contact the applicant soon.</p>'}
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
