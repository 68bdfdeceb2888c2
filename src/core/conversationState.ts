/**
 * What the engine remembers about one conversation between turns. Stored state carries a
 * `version`; {@link readConversationState} upgrades older shapes, so state kept in a
 * store survives a deploy that changes it.
 */
import { z } from 'zod';
import { flowStateSchema } from '../flows/runFlow.js';
import { subscriptionScopeSchema } from '../calendar/subscriptionSchema.js';
import { languageSchema } from '../shared/language.js';

/** The current version of {@link ConversationState}. */
export const CONVERSATION_STATE_VERSION = 2;

/** Conversation state, version 2. */
export const conversationStateSchema = z.object({
  version: z.literal(CONVERSATION_STATE_VERSION),
  /** The language the user chose or last wrote in. */
  language: languageSchema.optional(),
  /** How many turns this conversation has had. */
  turns: z.number().int().nonnegative(),
  /** The topic of the last answer, if any. */
  lastTopic: z.string().optional(),
  /** The flow in progress, with the answers given so far (only after consent). */
  flow: flowStateSchema.optional(),
  /**
   * A check the applicant quit after consenting: its answers, kept (like a check in progress,
   * until it expires or "forget me") so that "继续" / "let's continue" goes on where they left.
   * Optional, so version 2 state without it reads unchanged.
   */
  pausedFlow: flowStateSchema.optional(),
  /** The leads this conversation submitted, for "my data" and "forget me". */
  leadIds: z.array(z.string()),
  /** The lead submitted last, for its follow-up buttons. */
  lastLeadId: z.string().optional(),
  /** The entry that answered last, for follow-up questions. */
  lastEntryId: z.string().optional(),
  /**
   * The last question, when the bot did not answer it because it was about another place
   * ("苏州的购房补贴多少？"), so that "那<district>的呢" asks it about the district. Optional, so
   * version 2 state without it reads unchanged.
   */
  askedElsewhere: z.object({ question: z.string(), place: z.string() }).optional(),
  /** What the bot's last reply offered, so that "好的" / "no thanks" answers it. */
  offer: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('flow'), flowId: z.string() }),
      z.object({ kind: z.literal('topic'), topic: z.string() }),
      /** The consent question of a calendar subscription. */
      z.object({ kind: z.literal('subscribe'), scope: subscriptionScopeSchema }),
      /** The confirmation before erasing everything ("forget me"). */
      z.object({ kind: z.literal('forget') }),
    ])
    .optional(),
  /**
   * Answers to the eligibility questions read from what the applicant said about themselves
   * before the check, kept only to fill the check in after consent (cleared then, on decline and by "forget me").
   */
  prefill: z.record(z.string(), z.string()).optional(),
  /**
   * The recent sourced answers that can still be rated 👍 / 👎, with the question each answered
   * (`answerFeedback.ts`). Optional, so version 2 state without it reads unchanged.
   */
  rateable: z.array(z.object({ entryId: z.string(), question: z.string() })).optional(),
  /**
   * The conversation's random reference in the console's conversation logs, set once the
   * welcome's notice of the logs was shown (`logTurn.ts`); absent: the conversation is not
   * logged. Optional, so version 2 state without it reads unchanged.
   */
  logRef: z.string().optional(),
  /** When the conversation last changed, epoch milliseconds. */
  updatedAt: z.number(),
});
/** What the engine remembers about one conversation. */
export type ConversationState = z.infer<typeof conversationStateSchema>;

/** A fresh conversation. */
export function createConversationState(now: number): ConversationState {
  return { version: CONVERSATION_STATE_VERSION, turns: 0, leadIds: [], updatedAt: now };
}

/**
 * Upgrades from older versions, keyed by the version they upgrade from. Each takes the
 * stored object of that version and returns the next version's shape.
 */
const migrations: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {
  // Version 2 added flows and leads.
  1: (old) => ({ ...old, version: 2, leadIds: [] }),
};

/**
 * Reads stored conversation state, upgrading it if it was written by an older version.
 * Unreadable state (corrupt, or from a newer version) gives a fresh conversation rather
 * than an error: losing a menu position is better than a user who cannot talk to the bot.
 *
 * @param stored - what the store returned, or undefined
 * @param now - the current time, used for a fresh conversation
 */
export function readConversationState(stored: unknown, now: number): ConversationState {
  if (stored === undefined || stored === null || typeof stored !== 'object') return createConversationState(now);
  let value = stored as Record<string, unknown>;
  let version = typeof value.version === 'number' ? value.version : 0;
  while (version < CONVERSATION_STATE_VERSION) {
    const migrate = migrations[version];
    if (!migrate) return createConversationState(now);
    value = migrate(value);
    version += 1;
  }
  const parsed = conversationStateSchema.safeParse(value);
  return parsed.success ? parsed.data : createConversationState(now);
}
