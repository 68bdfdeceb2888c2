/**
 * "Forget me", the store's part: after the leads are erased (`LeadService.erase`), the
 * conversation state, its history (the recent messages a web page shows again), every cached
 * reply of that user (their handled-message records, which may hold their eligibility
 * summary), their calendar subscription with its waiting notices, the inbox's wordings and rated questions that contain the person's name or
 * contact, the conversation's logged turns (and other logged conversations holding them), and then the deleted bytes in the store's files ({@link Store.scrub}).
 */
import type { SubscriptionBook } from '../calendar/subscriptionBook.js';
import type { Store } from '../store/contract.js';
import type { AnswerFeedbackRecorder } from './answerFeedback.js';
import type { ConversationLogRecorder, UnansweredQuestionRecorder } from './ports.js';
import { conversationKey, handledMessagesPrefix, historyKey } from './storeKeys.js';
import type { Logger } from '../shared/logger.js';

/** What the erasure works on. */
export interface ErasureParts {
  store: Store;
  /** The inbox of unanswered questions, when the console records one. */
  inbox: UnansweredQuestionRecorder | undefined;
  /** The recorded ratings of answers, whose questions may hold the person's name or contact. */
  feedback?: AnswerFeedbackRecorder | undefined;
  /** The calendar subscriptions: the person's subscription and its waiting notices go too. */
  subscriptions?: SubscriptionBook | undefined;
  /** The console's conversation logs: the conversation's turns, and others holding the person's name or contact. */
  logs?: ConversationLogRecorder | undefined;
  logger: Logger;
}

/**
 * Deletes the conversation's state, history, cached replies and logged turns, and the inbox wordings, rated questions and logged conversations holding `values`.
 *
 * @param parts - the store, the inbox and a logger
 * @param who - the conversation (channel and user) and its reference in the conversation logs, if it has one
 * @param values - the person's name, phone and e-mail as they gave them (may be empty)
 */
export async function eraseConversation(parts: ErasureParts, who: { channel: string; userId: string; logRef?: string | undefined }, values: readonly string[]): Promise<void> {
  await parts.store.state.delete(conversationKey(who.channel, who.userId));
  await parts.store.lists.delete(historyKey(who.channel, who.userId));
  const replies = await parts.store.state.deletePrefix(handledMessagesPrefix(who.channel, who.userId));
  const subscribed = (await parts.subscriptions?.unsubscribe(who)) ?? false;
  const wordings = values.length && parts.inbox?.forget ? await parts.inbox.forget(values) : 0;
  const rated = values.length && parts.feedback?.forget ? await parts.feedback.forget(values) : 0;
  const logged = parts.logs ? await parts.logs.forget(who.logRef, values) : 0;
  parts.logger.info({ channel: who.channel, cachedReplies: replies, inboxWordings: wordings, feedbackQuestions: rated, subscription: subscribed, loggedTurns: logged }, 'conversation erased');
}

/**
 * Overwrites what the erasure deleted in the store's files. A failure is logged, not thrown:
 * the data is already unreachable through the bot, and the applicant's answer must not fail.
 *
 * @param store - the store to scrub
 * @param logger - where a failure is logged
 */
export async function scrubAfterErasure(store: Store, logger: Logger): Promise<void> {
  try {
    await store.scrub();
  } catch (error) {
    logger.error({ err: error }, 'could not scrub the store after an erasure; erased bytes may remain in its files until the next checkpoint or AOF rewrite');
  }
}
