/**
 * The Chinese text of a lead for chat deliveries (WeCom group robot markdown, Telegram
 * HTML): the key facts only — what happened, outcome, reasons, industry, name, the contact
 * masked (`138****5678`: a group chat is read by everyone in it) and the signed link to the
 * lead's page, where the partner acknowledges, sees the full contact and updates the status. Every value from the applicant is escaped for the format and
 * shortened, so a message stays well under the platforms' limits.
 */
import type { LeadOutcome } from '../leadRecord.js';
import type { LeadMessageType } from '../leadOutboxItem.js';
import type { LeadPayload } from './buildLeadPayload.js';
import { industryNames } from '../partners.js';
import { maskEmail, maskPhone } from './maskContact.js';

/** Markup of a chat platform. */
export type TextFormat = 'markdown' | 'html';

/** What the text needs besides the payload. */
export interface FormatLeadTextOptions {
  /** The display name of a partner id; default: the id itself. */
  partnerName?: (id: string) => string;
  /** How soon the recipient should acknowledge, shown in the text. */
  ackWithinHours?: number;
  /** The district's name (the profile's, in Chinese) in the title of a new lead; default: none. */
  districtName?: string;
}

const TITLES: Record<LeadMessageType, (district: string) => string> = {
  'lead.qualified': (district) => `【新线索】${district}人才项目申请`,
  'lead.updated': () => '【线索更新】申请人更新了申请信息',
  'lead.reminder': () => '【提醒】以下线索尚未确认接收',
  'lead.erased': () => '【线索已删除】申请人要求删除个人信息',
  'lead.delivery_failed': () => '【投递失败】以下线索未能送达合作方',
  'lead.chat_moved': () => '【配置提醒】合作方的 Telegram 群已变更',
};

/** The outcomes in Chinese, as chat deliveries name them. */
export const OUTCOME_NAMES: Readonly<Record<LeadOutcome, string>> = {
  qualified: '符合条件',
  needs_review: '需人工审核',
  not_a_fit: '暂不符合',
  handoff: '申请人请求人工服务',
};

const INDUSTRIES = industryNames('zh');

/** Longest applicant-supplied value shown, in characters. */
const MAX_VALUE_CHARS = 200;

/**
 * Formats a lead for a chat message.
 *
 * @param payload - the delivery's body (built at send time)
 * @param format - `markdown` (WeCom robot) or `html` (Telegram, `parse_mode: HTML`)
 * @param options - see {@link FormatLeadTextOptions}
 */
export function formatLeadText(payload: LeadPayload, format: TextFormat, options: FormatLeadTextOptions = {}): string {
  const name = options.partnerName ?? ((id: string) => id);
  const v = (value: unknown) => escapeValue(shorten(String(value)), format);
  const bold = (text: string) => (format === 'html' ? `<b>${text}</b>` : `**${text}**`);
  const lines: string[] = [bold(leadTitle(payload, options.districtName))];

  if (payload.type === 'lead.erased') {
    lines.push('申请人已要求删除其个人信息。请删除贵方保存的该申请人的全部个人信息（姓名、联系方式、申请内容）。');
    lines.push(`线索编号：${v(payload.id)}`);
    return lines.join('\n');
  }
  if (payload.chatMove) {
    const m = payload.chatMove;
    lines.push(`合作方 ${v(name(m.partnerId))} 的 Telegram 群已升级为超级群，ID 由 ${v(m.from)} 变为 ${v(m.to)}；本条及此后的线索改发新群。`);
    lines.push(`请在合作方配置文件（PARTNERS_FILE）中把该合作方的 telegram chatId 由 ${v(m.configured)} 改为 ${v(m.to)}，并重启。`);
    lines.push(`线索编号：${v(payload.id)}`);
    return lines.join('\n');
  }
  if (payload.escalatedFrom !== undefined) lines.push(`原合作方：${v(name(payload.escalatedFrom))}（未确认接收），现转由贵方跟进。`);
  if (payload.failedDelivery) {
    const f = payload.failedDelivery;
    lines.push(`向合作方 ${v(name(f.partnerId))}（${v(f.method)}）投递 ${f.attempts} 次均失败：${v(f.error)}`);
    lines.push('请人工联系该合作方或申请人，并检查该合作方的接收配置。');
  }
  lines.push(`结果：${v(OUTCOME_NAMES[payload.outcome])}`);
  if (payload.reasons.length) lines.push(`理由：${payload.reasons.map(v).join('；')}`);
  const industry = payload.answers.industry;
  if (industry !== undefined) lines.push(`产业领域：${v(INDUSTRIES[String(industry)] ?? industry)}`);
  if (payload.contact) {
    lines.push(`姓名：${v(payload.contact.name)}`);
    // A group chat is read by everyone in it: only masked contact details (the link shows them in full).
    // The mask's stars are put in after escaping (markdown would blank them); the rest is escaped.
    if (payload.contact.phone !== undefined) lines.push(`电话：${maskPhone(payload.contact.phone)}`);
    if (payload.contact.email !== undefined) lines.push(`邮箱：${maskEmail(payload.contact.email).split('***').map(v).join('***')}`);
  }
  if (payload.keepInformed) lines.push('申请人希望获知今后的赛事活动信息。');
  lines.push(`线索编号：${v(payload.id)}`);
  if (payload.ackUrl !== undefined) {
    const within = options.ackWithinHours !== undefined ? `请在 ${options.ackWithinHours} 小时内` : '请尽快';
    const link =
      format === 'html'
        ? `<a href="${escapeHtml(payload.ackUrl)}">确认接收 / Acknowledge</a>`
        : `[确认接收 / Acknowledge](${payload.ackUrl.replace(/[()\s]/g, encodeURIComponent)})`;
    lines.push(`${within}确认接收：${link}`);
    lines.push('确认后在该页面查看完整联系方式，并更新跟进状态（已联系、洽谈中、已落地、不合适）。');
  }
  return lines.join('\n');
}

/**
 * The title of a chat delivery (`【新线索】…人才项目申请`, `【逾期转办】…` for an escalation).
 *
 * @param payload - the delivery's body
 * @param districtName - the district's name in a new lead's title; default none
 */
export function leadTitle(payload: Pick<LeadPayload, 'type' | 'escalatedFrom'>, districtName = ''): string {
  return payload.escalatedFrom !== undefined ? '【逾期转办】合作方未在时限内确认的线索' : TITLES[payload.type](districtName);
}

/**
 * Escapes text for Telegram's HTML parse mode: `&`, `<`, `>` and `"`.
 *
 * @param text - any text
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function escapeValue(text: string, format: TextFormat): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  // WeCom robot markdown has no escape character: keep values on one line (no heading or
  // quote can start) and blank the characters that open a link, bold, code or a <font> tag.
  return format === 'html' ? escapeHtml(oneLine) : oneLine.replace(/[[\]*`<>]/g, ' ');
}

function shorten(text: string): string {
  const chars = [...text];
  return chars.length > MAX_VALUE_CHARS ? `${chars.slice(0, MAX_VALUE_CHARS).join('')}…` : text;
}
