/**
 * The actions of 👍 / 👎 buttons under a sourced answer (`feedback:up:<entry id>`,
 * `feedback:down:<entry id>`), shared by the channels that show them as buttons (Telegram's
 * inline keyboard, 微信客服's menu). A press is not a turn: the channel records the rating with
 * `Engine.rate` and answers with one of {@link FEEDBACK_TEXTS}.
 */
import { localeView } from '../i18n/locales.js';
import type { FeedbackRating } from './answerFeedback.js';
import type { Reply } from './messages.js';

/** Actions of the feedback buttons start with this. */
export const FEEDBACK_ACTION_PREFIX = 'feedback:';

const both = (key: 'feedback.thanks' | 'feedback.already') => `${localeView('zh', 'channels').t(key)}/ ${localeView('en', 'channels').t(key)}`;

/** The toasts of a rating (at most 200 characters; both languages, like the channel's other texts; `locales/<language>/channels.json`). */
export const FEEDBACK_TEXTS = {
  thanks: both('feedback.thanks'),
  already: both('feedback.already'),
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

