/**
 * 👍 / 👎 on sourced answers. The engine marks each answer that names a source as rateable
 * ({@link offerFeedback}: `reply.feedback`), remembers in the conversation state which
 * question it answered with which entry, and records a rating once per answer
 * ({@link takeRateable}) through an {@link AnswerFeedbackRecorder}: the question, the entry
 * id, the channel, the rating and the time — no user id.
 */
import { z } from 'zod';
import type { ConversationState } from './conversationState.js';
import type { Reply } from './messages.js';

/** A rating of an answer. */
export const feedbackRatingSchema = z.enum(['up', 'down']);
/** A rating of an answer: `up` 👍 (helpful) or `down` 👎 (not helpful). */
export type FeedbackRating = z.infer<typeof feedbackRatingSchema>;

/** What is recorded for one rating. */
export const answerFeedbackSchema = z.object({
  /** The question as asked (typed text, or the action of the button that asked it); the recorder strips personal data. */
  question: z.string(),
  /** The knowledge entry that answered (the reply's first source). */
  entryId: z.string(),
  /** The channel it was asked on (`web`, `telegram`…). */
  channel: z.string(),
  rating: feedbackRatingSchema,
  /** When it was rated, epoch milliseconds. */
  at: z.number(),
});
/** What is recorded for one rating. */
export type AnswerFeedback = z.infer<typeof answerFeedbackSchema>;

/** Where ratings go (the console's feedback counts). */
export interface AnswerFeedbackRecorder {
  /** Records one rating; never rejects (errors are the recorder's to log). */
  record(feedback: AnswerFeedback): Promise<void>;
  /** Removes the recorded questions that contain any of `values` (an erased person's name or contact); returns how many. */
  forget?(values: readonly string[]): Promise<number>;
}

/** How many answers of one conversation can still be rated: the most recent ones. */
export const MAX_RATEABLE_ANSWERS = 10;

/**
 * Marks `reply` as rateable when it is a sourced answer (not the fallback) and remembers
 * its question in `state`. Another answer from the same entry replaces the earlier one.
 *
 * @param state - the conversation state of the turn (changed)
 * @param reply - the answer about to be sent (changed)
 * @param question - what was asked
 */
export function offerFeedback(state: ConversationState, reply: Reply, question: string): void {
  const entryId = reply.sources[0]?.id;
  if (reply.fallback || entryId === undefined) return;
  reply.feedback = { entryId };
  const kept = (state.rateable ?? []).filter((r) => r.entryId !== entryId);
  state.rateable = [...kept, { entryId, question: question.slice(0, 500) }].slice(-MAX_RATEABLE_ANSWERS);
}

/**
 * Takes the rateable answer of `entryId` out of `state` (an answer is rated once) and returns its question.
 *
 * @param state - the conversation state (changed when found)
 * @param entryId - the entry of the answer rated
 * @returns the question, or undefined when this conversation has no such answer to rate (rated already, too old, never given)
 */
export function takeRateable(state: ConversationState, entryId: string): string | undefined {
  const found = state.rateable?.find((r) => r.entryId === entryId);
  if (!found) return undefined;
  state.rateable = state.rateable!.filter((r) => r !== found);
  return found.question;
}
