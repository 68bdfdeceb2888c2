/**
 * What a calendar subscription is, as zod schemas (the single source of its types): who is
 * told (a channel and that channel's user id), in which language, and what they follow — one
 * event, the events of one region, or every event. Stored records carry a version.
 */
import { z } from 'zod';
import { languageSchema } from '../shared/language.js';

/** The current version of a stored {@link Subscription}. */
export const SUBSCRIPTION_VERSION = 1;

/** What a subscriber follows. */
export const subscriptionScopeSchema = z.discriminatedUnion('kind', [
  /** Every event of the calendar. */
  z.object({ kind: z.literal('all') }),
  /** One event, by its calendar id. */
  z.object({ kind: z.literal('event'), eventId: z.string().min(1).max(120) }),
  /** Every event in one region, by the region's Chinese name in the calendar (大湾区). */
  z.object({ kind: z.literal('region'), region: z.string().min(1).max(60) }),
]);
/** What a subscriber follows. */
export type SubscriptionScope = z.infer<typeof subscriptionScopeSchema>;

/** One subscriber, as the store keeps them. */
export const subscriptionSchema = z.object({
  v: z.literal(SUBSCRIPTION_VERSION),
  /** Random id: the only reference queued notifications hold, so the outbox keeps no chat id. */
  id: z.string().min(1),
  /** The channel subscribed from (`telegram`, `wecom`, `wecom-kf`, `web`). */
  channel: z.string().min(1).max(32),
  /** That channel's user id (a Telegram chat, a WeCom member, a web conversation). */
  userId: z.string().min(1).max(128),
  language: languageSchema,
  /** What they follow; at least one. */
  follows: z.array(subscriptionScopeSchema).min(1),
  /** Epoch milliseconds. */
  createdAt: z.number(),
  updatedAt: z.number(),
});
/** One subscriber. */
export type Subscription = z.infer<typeof subscriptionSchema>;

/** A subscription scope as a button action's tail (`all`, `event:<id>`, `region:<name>`). */
export function encodeScope(scope: SubscriptionScope): string {
  if (scope.kind === 'all') return 'all';
  return scope.kind === 'event' ? `event:${scope.eventId}` : `region:${scope.region}`;
}

/** The scope of an action tail written by {@link encodeScope}; undefined when it is not one. */
export function decodeScope(text: string): SubscriptionScope | undefined {
  const [kind, ...rest] = text.split(':');
  const value = rest.join(':');
  const parsed = subscriptionScopeSchema.safeParse(kind === 'all' ? { kind } : kind === 'event' ? { kind, eventId: value } : { kind, region: value });
  return parsed.success ? parsed.data : undefined;
}

/** True when two scopes are the same. */
export function sameScope(a: SubscriptionScope, b: SubscriptionScope): boolean {
  return encodeScope(a) === encodeScope(b);
}
