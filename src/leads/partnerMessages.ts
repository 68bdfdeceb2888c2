/**
 * The outbox messages for one partner: one item per delivery method, each with its own
 * idempotency key.
 */
import { randomUUID } from 'node:crypto';
import { newOutboxItem, type ChatMove, type DeliveryFailure, type LeadMessageType, type SendItem } from './leadOutboxItem.js';
import type { Partner } from './partners.js';

/** Extra fields of a message. */
export interface PartnerMessageOptions {
  /** For an escalation: the partner that did not acknowledge. */
  escalatedFrom?: string;
  /** For a `lead.delivery_failed` alert. */
  failure?: DeliveryFailure;
  /** For a `lead.chat_moved` alert. */
  chatMove?: ChatMove;
  /** Makes idempotency keys; default `crypto.randomUUID`. */
  newId?: () => string;
}

/**
 * Queues-to-be items sending `type` to every delivery method of `partner`. A partner
 * without delivery methods gets none.
 *
 * @param leadId - the lead
 * @param partner - the recipient
 * @param type - what is sent
 * @param now - creation and due time
 * @param options - see {@link PartnerMessageOptions}
 */
export function partnerMessages(leadId: string, partner: Partner, type: LeadMessageType, now: number, options: PartnerMessageOptions = {}): SendItem[] {
  return partner.delivery.map(
    (method) =>
      newOutboxItem(
        leadId,
        now,
        {
          kind: 'send',
          type,
          partnerId: partner.id,
          method,
          ...(options.escalatedFrom !== undefined ? { escalatedFrom: options.escalatedFrom } : {}),
          ...(options.failure !== undefined ? { failure: options.failure } : {}),
          ...(options.chatMove !== undefined ? { chatMove: options.chatMove } : {}),
        },
        now,
        options.newId ?? randomUUID,
      ) as SendItem,
  );
}
