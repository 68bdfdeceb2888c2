/**
 * The Chinese text of a lead for chat deliveries (WeCom group robot markdown, Telegram
 * HTML): the key facts only — what happened, outcome, reasons, industry, name, the contact
 * masked (`138****5678`: a group chat is read by everyone in it) and the signed link to the
 * lead's page, where the partner acknowledges, sees the full contact and updates the status. Every value from the applicant is escaped for the format and
 * shortened, so a message stays well under the platforms' limits. The wording is
 * `locales/zh/leadMessage.json` (the English file has the same keys; messages go out in Chinese).
 */
import { localeView } from '../../i18n/locales.js';
import type { LeadPayload } from './buildLeadPayload.js';
import type { LeadOutcome } from '../leadRecord.js';
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

const { all: TEXTS, t } = localeView('zh', 'leadMessage');

/** The outcomes in Chinese, as chat deliveries name them. */
export const OUTCOME_NAMES: Readonly<Record<LeadOutcome, string>> = TEXTS.outcomes;

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
    lines.push(TEXTS.erased);
    lines.push(t('id', { id: v(payload.id) }));
    return lines.join('\n');
  }
  if (payload.chatMove) {
    const m = payload.chatMove;
    lines.push(t('chatMoved', { partner: v(name(m.partnerId)), from: v(m.from), to: v(m.to) }));
    lines.push(t('chatMovedHint', { configured: v(m.configured), to: v(m.to) }));
    lines.push(t('id', { id: v(payload.id) }));
    return lines.join('\n');
  }
  if (payload.escalatedFrom !== undefined) lines.push(t('escalatedFrom', { partner: v(name(payload.escalatedFrom)) }));
  if (payload.failedDelivery) {
    const f = payload.failedDelivery;
    lines.push(t('deliveryFailed', { partner: v(name(f.partnerId)), method: v(f.method), attempts: f.attempts, error: v(f.error) }));
    lines.push(TEXTS.deliveryFailedHint);
  }
  lines.push(t('outcome', { outcome: v(TEXTS.outcomes[payload.outcome]) }));
  if (payload.reasons.length) lines.push(t('reasons', { reasons: payload.reasons.map(v).join(TEXTS.reasonSeparator) }));
  const industry = payload.answers.industry;
  if (industry !== undefined) lines.push(t('industry', { industry: v(INDUSTRIES[String(industry)] ?? industry) }));
  if (payload.contact) {
    lines.push(t('name', { name: v(payload.contact.name) }));
    // A group chat is read by everyone in it: only masked contact details (the link shows them in full).
    // The mask's stars are put in after escaping (markdown would blank them); the rest is escaped.
    if (payload.contact.phone !== undefined) lines.push(t('phone', { phone: maskPhone(payload.contact.phone) }));
    if (payload.contact.email !== undefined) lines.push(t('email', { email: maskEmail(payload.contact.email).split('***').map(v).join('***') }));
  }
  if (payload.keepInformed) lines.push(TEXTS.keepInformed);
  lines.push(t('id', { id: v(payload.id) }));
  if (payload.ackUrl !== undefined) {
    const within = options.ackWithinHours !== undefined ? t('ackWithin', { hours: options.ackWithinHours }) : TEXTS.ackSoon;
    const link =
      format === 'html'
        ? `<a href="${escapeHtml(payload.ackUrl)}">${escapeHtml(TEXTS.ackLink)}</a>`
        : `[${TEXTS.ackLink}](${payload.ackUrl.replace(/[()\s]/g, encodeURIComponent)})`;
    lines.push(t('ackLine', { within, link }));
    lines.push(TEXTS.afterAck);
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
  return payload.escalatedFrom !== undefined ? TEXTS.escalatedTitle : t(`titles.${payload.type}`, { district: districtName });
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
