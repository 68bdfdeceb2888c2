/**
 * A lead as a WeCom template card (模板卡片): the same key facts as the chat text
 * (`formatLeadText.ts`) — title, outcome, reasons, industry, name, the contact masked — as the
 * card's title, text and key–value rows. The group robot sends it as a `text_notice` card whose
 * tap opens the signed lead page (acknowledge, full contact, status); the self-built app adds
 * status buttons to the same content (`button_interaction`). Card texts are plain (no markup);
 * values are shortened to the lengths WeCom suggests.
 *
 * References: https://developer.work.weixin.qq.com/document/path/91770 (group robot
 * `template_card`), https://developer.work.weixin.qq.com/document/path/90236 (app message).
 */
import { industryNames } from '../partners.js';
import type { LeadPayload } from './buildLeadPayload.js';
import { leadTitle, OUTCOME_NAMES, type FormatLeadTextOptions } from './formatLeadText.js';
import { maskEmail, maskPhone } from './maskContact.js';

/** The content every lead card has. */
export interface LeadCardContent {
  source: { desc: string; desc_color: number };
  main_title: { title: string; desc: string };
  sub_title_text: string;
  /** At most six rows (WeCom's limit). */
  horizontal_content_list: Array<{ keyname: string; value: string }>;
}

/** A group robot's `text_notice` card that opens the lead's page. */
export interface RobotLeadCard extends LeadCardContent {
  card_type: 'text_notice';
  jump_list: Array<{ type: 1; title: string; url: string }>;
  card_action: { type: 1; url: string };
}

/** The text of the jump to the lead's page. */
export const LEAD_PAGE_JUMP_TITLE = '确认接收 · 查看完整联系方式 · 更新状态';

const INDUSTRIES = industryNames('zh');
/** WeCom suggests at most 36 characters of title, 160 of text and 26 of a row's value. */
const MAX_TITLE_CHARS = 36;
const MAX_TEXT_CHARS = 160;
const MAX_VALUE_CHARS = 26;
const MAX_ROWS = 6;

/**
 * The card content of a lead delivery.
 *
 * @param payload - the delivery's body (built at send time)
 * @param options - partner names, the acknowledgement time, the district's name
 */
export function formatLeadCardContent(payload: LeadPayload, options: FormatLeadTextOptions = {}): LeadCardContent {
  const name = options.partnerName ?? ((id: string) => id);
  const rows: Array<{ keyname: string; value: string }> = [{ keyname: '结果', value: OUTCOME_NAMES[payload.outcome] }];
  const industry = payload.answers.industry;
  if (industry !== undefined) rows.push({ keyname: '产业领域', value: INDUSTRIES[String(industry)] ?? String(industry) });
  if (payload.contact) {
    rows.push({ keyname: '姓名', value: payload.contact.name });
    // A group chat is read by everyone in it: only masked contact details (the lead's page shows them in full).
    if (payload.contact.phone !== undefined) rows.push({ keyname: '电话', value: maskPhone(payload.contact.phone) });
    if (payload.contact.email !== undefined) rows.push({ keyname: '邮箱', value: maskEmail(payload.contact.email) });
  }
  if (payload.escalatedFrom !== undefined) rows.push({ keyname: '原合作方', value: name(payload.escalatedFrom) });
  const within = options.ackWithinHours !== undefined ? `请在 ${options.ackWithinHours} 小时内确认接收。` : '请尽快确认接收。';
  const reasons = payload.reasons.length ? `理由：${payload.reasons.join('；')}` : '';
  return {
    source: { desc: '人才项目线索', desc_color: 0 },
    main_title: { title: shorten(leadTitle(payload, options.districtName), MAX_TITLE_CHARS), desc: `线索编号：${payload.id}` },
    sub_title_text: `${shorten(reasons, MAX_TEXT_CHARS - within.length - 1)}${reasons ? '\n' : ''}${within}`,
    horizontal_content_list: rows.slice(0, MAX_ROWS).map((r) => ({ keyname: r.keyname, value: shorten(oneLine(r.value), MAX_VALUE_CHARS) })),
  };
}

/**
 * The group robot's card of a lead delivery with a lead page: tapping the card or its jump
 * opens the signed page.
 *
 * @param payload - the delivery's body; must have `ackUrl`
 * @param options - see {@link formatLeadCardContent}
 */
export function formatRobotLeadCard(payload: LeadPayload & { ackUrl: string }, options: FormatLeadTextOptions = {}): RobotLeadCard {
  return {
    card_type: 'text_notice',
    ...formatLeadCardContent(payload, options),
    jump_list: [{ type: 1, title: LEAD_PAGE_JUMP_TITLE, url: payload.ackUrl }],
    card_action: { type: 1, url: payload.ackUrl },
  };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, Math.max(0, max - 1)).join('')}…` : text;
}
