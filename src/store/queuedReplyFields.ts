/**
 * The fields every item of the reply outbox has (see `QueuedReply` in `contract.ts`), as zod
 * shapes for the channels' own item schemas to spread: the 微信客服 work items and the calendar
 * notifications add what they owe on top.
 */
import { z } from 'zod';
import { REPLY_STATUSES } from './contract.js';

/** The outbox's own fields of a queued reply. */
export const queuedReplyFields = {
  id: z.string(),
  conversation: z.string(),
  status: z.enum(REPLY_STATUSES),
  dueAt: z.number(),
  attempts: z.number().int().min(0),
  leaseUntil: z.number().optional(),
  leaseOwner: z.string().optional(),
  createdAt: z.number(),
};
