/**
 * A lead as the self-built app's `button_interaction` template card: the lead card's content
 * (`formatLeadCard.ts`) with one button per thing a partner does — acknowledge, contacted, in
 * talks, landed, declined — and a tap on the card opening the signed lead page. A press comes
 * back to the callback URL as a `template_card_event` whose `EventKey` is the button's key
 * (`lead:<leadId>:<action>`, {@link parseLeadCardKey}); the WeCom channel records it for the
 * member's partner and updates the card with the status (`src/channels/wecom/leadCardEvents.ts`).
 *
 * Reference: https://developer.work.weixin.qq.com/document/path/90236 (按钮交互型).
 */
import type { LeadStatus } from '../leadRecord.js';
import { PARTNER_STATUSES, type PartnerStatus } from '../recordPartnerStatus.js';
import type { LeadPayload } from './buildLeadPayload.js';
import { formatLeadCardContent, type LeadCardContent } from './formatLeadCard.js';
import type { FormatLeadTextOptions } from './formatLeadText.js';

/** What a button does: acknowledge, or record one of the partner statuses. */
export type LeadCardAction = 'ack' | PartnerStatus;

/** The self-built app's card of a lead. */
export interface AppLeadCard extends LeadCardContent {
  card_type: 'button_interaction';
  /** Unique within the app (WeCom refuses a repeated one with 42014): the delivery's id. */
  task_id: string;
  card_action: { type: 1; url: string };
  button_list: Array<{ text: string; style: number; key: string }>;
  /** Set once nothing more can be done: the buttons show this, greyed out. */
  replace_text?: string;
}

/** The buttons, in order, with their texts. */
export const LEAD_CARD_BUTTONS: ReadonlyArray<{ action: LeadCardAction; text: string; style: number }> = [
  { action: 'ack', text: '确认接收', style: 1 },
  { action: 'contacted', text: '已联系', style: 2 },
  { action: 'in_talks', text: '洽谈中', style: 2 },
  { action: 'landed', text: '已落地', style: 2 },
  { action: 'declined', text: '不合适', style: 3 },
];

/** The statuses in Chinese, as the card shows them. */
export const LEAD_STATUS_NAMES: Readonly<Record<LeadStatus, string>> = {
  new: '待投递',
  delivered: '待确认接收',
  acknowledged: '已确认接收',
  contacted: '已联系',
  in_talks: '洽谈中',
  landed: '已落地',
  declined: '不合适',
  erased: '已删除',
};

const KEY_PREFIX = 'lead:';
const ACTIONS: ReadonlySet<string> = new Set<string>(['ack', ...PARTNER_STATUSES]);

/**
 * The task id of a delivery's card: only digits, letters and `_-@`, at most 128 bytes.
 *
 * @param deliveryId - the outbox item's id
 */
export function leadCardTaskId(deliveryId: string): string {
  return `lead-${deliveryId.replace(/[^A-Za-z0-9_@-]/g, '_')}`.slice(0, 128);
}

/**
 * The lead and the action of a pressed button's key, or undefined for any other key.
 *
 * @param key - the callback's `EventKey`
 */
export function parseLeadCardKey(key: string | undefined): { leadId: string; action: LeadCardAction } | undefined {
  if (!key?.startsWith(KEY_PREFIX)) return undefined;
  const rest = key.slice(KEY_PREFIX.length);
  const at = rest.lastIndexOf(':');
  const leadId = rest.slice(0, at);
  const action = rest.slice(at + 1);
  return at > 0 && ACTIONS.has(action) ? { leadId, action: action as LeadCardAction } : undefined;
}

/**
 * The app card of a lead delivery.
 *
 * @param payload - the delivery's body; must have `ackUrl` (the card opens the lead page)
 * @param taskId - {@link leadCardTaskId} of the delivery (the same one again when the card is updated)
 * @param options - see {@link formatLeadCardContent}
 * @param changed - after a press: who did what, shown on the card; a final status (landed, declined) greys the buttons out
 */
export function formatAppLeadCard(payload: LeadPayload & { ackUrl: string }, taskId: string, options: FormatLeadTextOptions = {}, changed?: { by: string }): AppLeadCard {
  const content = formatLeadCardContent(payload, options);
  const final = payload.status === 'landed' || payload.status === 'declined' || payload.status === 'erased';
  if (changed) {
    content.horizontal_content_list = [{ keyname: '状态', value: `${LEAD_STATUS_NAMES[payload.status]}（${changed.by}）` }, ...content.horizontal_content_list].slice(0, 6);
  }
  return {
    card_type: 'button_interaction',
    ...content,
    task_id: taskId,
    card_action: { type: 1, url: payload.ackUrl },
    button_list: LEAD_CARD_BUTTONS.map((b) => ({ text: b.text, style: b.style, key: `${KEY_PREFIX}${payload.id}:${b.action}` })),
    ...(final ? { replace_text: LEAD_STATUS_NAMES[payload.status] } : {}),
  };
}
