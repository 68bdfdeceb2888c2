/**
 * The pages of the acknowledgement link: the lead's summary with an "acknowledge" button
 * (a form that posts back, so opening the link — or a chat app's link preview, or a mail
 * scanner — acknowledges nothing), and the page after the acknowledgement. Chinese and
 * English; every value is escaped.
 */
import { dateIn } from '../knowledge/zonedTime.js';
import { escapeHtml } from './deliveries/formatLeadText.js';
import type { LeadRecord } from './leadRecord.js';
import { industryNames } from './partners.js';

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
 * The summary page with the acknowledge button, or without it once acknowledged.
 *
 * @param lead - the lead
 * @param partnerName - the partner's display name
 * @param form - the hidden fields of the form; undefined when already acknowledged
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
  const action = form
    ? `<form method="post" action="/leads/${encodeURIComponent(lead.id)}/ack">
${(Object.entries(form) as Array<[string, string | number]>).map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(String(v))}">`).join('\n')}
<button type="submit" style="font-size: 1.1rem; padding: .5rem 1.2rem">确认接收 / Acknowledge</button>
</form>`
    : `<p><strong>该线索此前已确认接收。/ This lead was already acknowledged.</strong></p>`;
  return page(
    '确认接收线索 / Acknowledge the lead',
    `<h1 style="font-size: 1.3rem">确认接收线索<br>Acknowledge the lead</h1>
<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
${reasons ? `<p>原因 / Reasons:</p><ul>${reasons}</ul>` : ''}
${action}`,
  );
}

/**
 * The page after the button was pressed.
 *
 * @param leadId - the lead
 * @param partnerName - the partner's display name
 * @param first - false when it had been acknowledged before
 */
export function renderAckDonePage(leadId: string, partnerName: string, first: boolean): string {
  const zh = first ? '已确认接收该线索，谢谢！' : '该线索此前已确认接收。';
  const en = first ? 'The lead is acknowledged. Thank you!' : 'This lead was already acknowledged.';
  return page(
    '确认接收 / Acknowledged',
    `<h1 style="font-size: 1.3rem">${escapeHtml(zh)}<br>${escapeHtml(en)}</h1>
<p>合作方 / Partner: ${escapeHtml(partnerName)}<br>线索编号 / Lead: ${escapeHtml(leadId)}</p>
<p>请尽快联系申请人。/ Please contact the applicant soon.</p>`,
  );
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
