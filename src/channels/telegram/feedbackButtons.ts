/**
 * 👍 / 👎 under a sourced answer on Telegram: a row of two inline keyboard buttons whose
 * actions (`feedback:up:<entry id>`, `feedback:down:<entry id>`) go through the action table
 * like any other button. A press is not a turn: the channel records the rating
 * (`Engine.rate`), answers the press with a short toast and removes the row.
 */
import { feedbackActionsOf } from '../../core/feedbackActions.js';
import type { Reply } from '../../core/messages.js';

/** An inline keyboard button that sends callback data (the shape `renderTelegramReply.ts` lays out). */
type CallbackButton = { text: string; callback_data: string };

export { FEEDBACK_ACTION_PREFIX, FEEDBACK_TEXTS, feedbackAction, feedbackActionsOf, parseFeedbackAction } from '../../core/feedbackActions.js';

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
