/**
 * 👍 / 👎 under a sourced answer on Telegram: a row of two inline keyboard buttons whose
 * actions (`feedback:up:<entry id>`, `feedback:down:<entry id>`) go through the action table
 * like any other button. A press is not a turn: the channel records the rating
 * (`Engine.rate`), answers the press with a short toast and removes the row.
 */
import type { FeedbackRating } from '../../core/engine.js';
import type { Reply } from '../../core/messages.js';

/** An inline keyboard button that sends callback data (the shape `renderTelegramReply.ts` lays out). */
type CallbackButton = { text: string; callback_data: string };

/** Actions of the feedback buttons start with this. */
export const FEEDBACK_ACTION_PREFIX = 'feedback:';

/** The toasts of a rating (at most 200 characters; both languages, like the channel's other texts). */
export const FEEDBACK_TEXTS = {
  thanks: '谢谢您的反馈！/ Thank you for your feedback!',
  already: '这条回答已经评价过了。/ This answer was already rated.',
} as const;

/** The action of a feedback button. */
export function feedbackAction(rating: FeedbackRating, entryId: string): string {
  return `${FEEDBACK_ACTION_PREFIX}${rating}:${entryId}`;
}

/**
 * The rating behind a feedback action.
 *
 * @param action - a decoded button action
 * @returns the rating and entry id, or undefined when it is not a feedback action
 */
export function parseFeedbackAction(action: string): { rating: FeedbackRating; entryId: string } | undefined {
  const match = /^feedback:(up|down):(.+)$/.exec(action);
  return match ? { rating: match[1] as FeedbackRating, entryId: match[2]! } : undefined;
}

/** The actions of a reply's feedback buttons; none when it cannot be rated. */
export function feedbackActionsOf(reply: Reply): string[] {
  return reply.feedback ? [feedbackAction('up', reply.feedback.entryId), feedbackAction('down', reply.feedback.entryId)] : [];
}

/**
 * The keyboard row of a reply's feedback buttons.
 *
 * @param reply - the reply
 * @param callbackData - the callback data of an action
 */
export function feedbackKeyboardRow(reply: Reply, callbackData: (action: string) => string): CallbackButton[] | undefined {
  const [up, down] = feedbackActionsOf(reply);
  if (!up || !down) return undefined;
  return [
    { text: '👍', callback_data: callbackData(up) },
    { text: '👎', callback_data: callbackData(down) },
  ];
}

/**
 * A keyboard without the row that holds `data` (the pressed feedback button), to edit into the message.
 *
 * @param keyboard - the message's inline keyboard
 * @param data - the callback data pressed
 */
export function withoutFeedbackRow(keyboard: ReadonlyArray<ReadonlyArray<{ text: string; callback_data?: string }>>, data: string): CallbackButton[][] {
  return keyboard
    .filter((row) => !row.some((b) => b.callback_data === data))
    .map((row) => row.filter((b): b is CallbackButton => typeof b.callback_data === 'string'));
}
