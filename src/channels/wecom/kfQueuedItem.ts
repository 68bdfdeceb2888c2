/**
 * What the 微信客服 path keeps in the store's reply outbox (`store.replies`), one item per
 * piece of work owed to a customer:
 *
 * - `message`: a customer message to answer. Its steps (the kf messages to send, or a
 *   hand-over to a person) are planned once — the engine turn runs once — and then followed
 *   one by one; `done` counts the steps WeCom accepted, so a retry or another process goes
 *   on where the last attempt stopped and sends nothing twice.
 * - `handoff_check`: fires a while after a hand-over to the servicer queue; if no person
 *   has taken the session by then, the customer is told and the bot answers again.
 *
 * Items carry a version (`v`); {@link readKfQueuedItem} upgrades older shapes when a
 * release changes them.
 */
import { z } from 'zod';
import type { QueuedReply } from '../../store/contract.js';
import { queuedReplyFields } from '../../store/queuedReplyFields.js';
import { languageSchema } from '../../shared/language.js';
import { kfMessageContentSchema, kfSyncedMessageSchema } from './api.js';

/** The current version of a kf queued item. */
export const KF_QUEUED_ITEM_VERSION = 1;

const baseFields = {
  ...queuedReplyFields,
  v: z.literal(KF_QUEUED_ITEM_VERSION),
  /** The 微信客服 account. */
  openKfId: z.string(),
  /** The customer (`external_userid`). */
  user: z.string(),
  /** What went wrong on the latest attempt (no secrets). */
  lastError: z.string().optional(),
};

/** One planned step of an answer. */
export const kfStepSchema = z.discriminatedUnion('kind', [
  /** Send one kf message (`kf/send_msg`). */
  z.object({ kind: z.literal('send'), content: kfMessageContentSchema }),
  /** Hand the session to the queue (2) or to a member (3); on a refusal, send `failedText` instead. */
  z.object({
    kind: z.literal('transfer'),
    serviceState: z.union([z.literal(2), z.literal(3)]),
    servicerUserId: z.string().optional(),
    failedText: z.string(),
    /** The customer's language, for what the hand-over's time limit tells them; absent in steps planned before it was kept (then Chinese). */
    language: languageSchema.optional(),
  }),
]);
/** One planned step of an answer. */
export type KfStep = z.infer<typeof kfStepSchema>;

/** A queued kf item. */
export const kfQueuedItemSchema = z.discriminatedUnion('kind', [
  z.object({
    ...baseFields,
    kind: z.literal('message'),
    /** The customer message as sync_msg returned it. */
    message: kfSyncedMessageSchema,
    /** The plan, once made. */
    steps: z.array(kfStepSchema).optional(),
    /** How many steps WeCom accepted. */
    done: z.number().int().min(0),
  }),
  z.object({
    ...baseFields,
    kind: z.literal('handoff_check'),
    /** When the session was handed to the queue, epoch milliseconds. */
    since: z.number(),
    /** The customer's language, for the message when no person takes the session; absent in items queued before it was kept (then Chinese). */
    language: languageSchema.optional(),
  }),
]);
/** A queued kf item. */
export type KfQueuedItem = z.infer<typeof kfQueuedItemSchema>;
/** A customer message to answer. */
export type KfMessageItem = Extract<KfQueuedItem, { kind: 'message' }>;

/**
 * A stored item read back, upgraded to the current version; `undefined` when it is not a
 * kf item this code can read.
 *
 * @param raw - the item as the store returned it
 */
export function readKfQueuedItem(raw: QueuedReply): KfQueuedItem | undefined {
  const parsed = kfQueuedItemSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** The conversation a customer's answers are queued under: one at a time, in order. */
export function kfConversation(openKfId: string, user: string): string {
  return `wecom-kf:${openKfId}:${user}`;
}

/** The outbox id of the answer to one customer message: recording it twice queues it once. */
export function kfMessageItemId(openKfId: string, msgid: string): string {
  return `wecom-kf:${openKfId}:msg:${msgid}`;
}
