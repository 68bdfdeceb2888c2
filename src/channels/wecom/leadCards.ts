/**
 * Partners act on leads from WeCom: a partner whose delivery in the partners file is
 * `type: wecom_app` gets each lead from the self-built app as a `button_interaction` card
 * (`src/leads/deliveries/formatAppLeadCard.ts`) — 确认接收 / 已联系 / 洽谈中 / 已落地 / 不合适,
 * and a tap on the card opens the signed lead page. A press arrives at the callback URL as a
 * `template_card_event`; it counts only when the member who pressed is one of the `users` of
 * the lead's partner (or of the partner it was escalated to): then the lead is acknowledged or
 * its status recorded (history `via wecom`), exactly as from the lead page, and the card is
 * replaced for everyone who got it with one that shows the new status and who set it (a final
 * status greys the buttons out). Anyone else's press changes nothing.
 *
 * Reference: https://developer.work.weixin.qq.com/document/path/90240 (模板卡片事件推送),
 * https://developer.work.weixin.qq.com/document/path/94888 (更新模版卡片消息).
 */
import type { Clock } from '../../shared/clock.js';
import { PlatformError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { AckLink } from '../../leads/ackLink.js';
import { acknowledgeLead } from '../../leads/acknowledgeLead.js';
import { buildLeadPayload } from '../../leads/deliveries/buildLeadPayload.js';
import { formatAppLeadCard, parseLeadCardKey, type LeadCardAction } from '../../leads/deliveries/formatAppLeadCard.js';
import type { WecomAppSender } from '../../leads/deliveries/sendDelivery.js';
import type { LeadRecord } from '../../leads/leadRecord.js';
import type { LoadedPartners } from '../../leads/partners.js';
import { readLead } from '../../leads/readLead.js';
import { recordPartnerStatus } from '../../leads/recordPartnerStatus.js';
import type { Store } from '../../store/contract.js';
import { WECOM_ERRCODES, type WecomApi } from './api.js';

/** What the partner cards need besides the channel's parts. */
export interface LeadCardOptions {
  /** The partners, with their `wecom_app` members. */
  partners: LoadedPartners;
  /** Signs the lead page link a tap on the card opens. */
  ackLink: AckLink;
  /** The district's name in a new lead's title (profile, Chinese); default none. */
  districtName?: string;
}

/** What the partner cards are built from. */
export interface LeadCardDependencies extends LeadCardOptions {
  api: WecomApi;
  store: Store;
  clock: Clock;
  logger: Logger;
  /** The self-built app's AgentId. */
  agentId: number;
}

/** The partner cards. */
export interface LeadCards {
  /** Sends lead cards and messages to members: hand it to the outbox worker (`wecomApp`). */
  sender: WecomAppSender;
  /** Handles one `template_card_event` callback (a button pressed on a lead card). */
  handlePress(fields: Readonly<Record<string, string>>): Promise<void>;
}

/**
 * Creates the partner cards.
 *
 * @param deps - see {@link LeadCardDependencies}
 */
export function createLeadCards(deps: LeadCardDependencies): LeadCards {
  const { api, logger, partners } = deps;

  /** The partner of the lead (or the one it was escalated to) that names this member, if any. */
  const partnerOfMember = (lead: LeadRecord, user: string): string | undefined =>
    [lead.partnerId, lead.escalatedTo].find(
      (id): id is string => typeof id === 'string' && (partners.get(id)?.delivery ?? []).some((m) => m.type === 'wecom_app' && m.users.includes(user)),
    );

  async function apply(leadId: string, partnerId: string, action: LeadCardAction): Promise<LeadRecord | undefined> {
    const parts = { store: deps.store, clock: deps.clock, logger };
    if (action === 'ack') {
      const result = await acknowledgeLead(leadId, partnerId, parts, 'wecom');
      return result.outcome === 'not_found' ? undefined : result.lead;
    }
    const result = await recordPartnerStatus(leadId, partnerId, { status: action }, parts, 'wecom');
    return result.outcome === 'recorded' || result.outcome === 'erased' ? result.lead : undefined;
  }

  async function updateCard(lead: LeadRecord, partnerId: string, fields: Readonly<Record<string, string>>, user: string): Promise<void> {
    const responseCode = fields.ResponseCode;
    const taskId = fields.TaskId;
    if (!responseCode || !taskId) return;
    const escalatedFrom = lead.escalatedTo === partnerId && lead.partnerId !== partnerId ? lead.partnerId : undefined;
    const payload = buildLeadPayload(lead, { type: 'lead.qualified', partnerId, ...(escalatedFrom ? { escalatedFrom } : {}) }, deps.ackLink.url(lead.id, partnerId));
    const partner = partners.get(partnerId);
    const card = formatAppLeadCard({ ...payload, ackUrl: deps.ackLink.url(lead.id, partnerId) }, taskId, {
      partnerName: (id) => partners.get(id)?.name ?? id,
      ...(partner ? { ackWithinHours: partner.ackWithinHours } : {}),
      ...(deps.districtName ? { districtName: deps.districtName } : {}),
    }, { by: user });
    try {
      await api.updateAppTemplateCard({ agentId: deps.agentId, responseCode, card });
    } catch (error) {
      // The status is recorded; only the card still shows the old one.
      logger.warn({ err: error, leadId: lead.id, taskId }, 'wecom: the lead card could not be updated after a press; the status is recorded');
    }
  }

  return {
    sender: {
      async sendCard(toUsers, card) {
        try {
          await api.sendAppTemplateCard({ agentId: deps.agentId, toUsers, card });
        } catch (error) {
          // The task id is the delivery's: WeCom has this card already (a retry after an answer that was lost).
          if (error instanceof PlatformError && error.code === WECOM_ERRCODES.taskIdExists) {
            logger.info({ taskId: card.task_id }, 'wecom: the lead card was sent before (task id known to WeCom); not sent again');
            return;
          }
          throw error;
        }
      },
      sendMarkdown: (toUsers, content) => api.sendAppMarkdown({ agentId: deps.agentId, toUsers, content }),
    },
    async handlePress(fields) {
      const pressed = parseLeadCardKey(fields.EventKey);
      const user = fields.FromUserName;
      if (!pressed || !user) {
        logger.debug({ eventKey: fields.EventKey }, 'wecom: a template card press that is not a lead card button; ignored');
        return;
      }
      const lead = readLead(await deps.store.leads.getLead(pressed.leadId));
      const partnerId = lead ? partnerOfMember(lead, user) : undefined;
      if (!lead || !partnerId) {
        logger.warn({ leadId: pressed.leadId, user }, 'wecom: lead card button pressed by a member who is not a wecom_app user of the lead\'s partner (or the lead is gone); nothing changed');
        return;
      }
      const updated = await apply(lead.id, partnerId, pressed.action);
      if (!updated) return;
      logger.info({ leadId: lead.id, partnerId, user, action: pressed.action }, 'wecom: lead card button recorded');
      await updateCard(updated, partnerId, fields, user);
    },
  };
}
