/**
 * 👍 / 👎 on 微信客服: a sourced answer's menu (`msgmenu`) gets two more click items whose
 * ids are the feedback actions (`src/core/feedbackActions.ts`); a click comes back as a text
 * with that `menu_id` and is recorded with `Engine.rate`, like a rating on the web or
 * Telegram (one per answer), answered with a short thanks. The two items join the answer's
 * own menu, so they cost no extra message of the five WeCom allows per customer message
 * (an answer longer than a menu's head gets one "please choose" menu after it).
 */
import { feedbackActionsOf } from '../../core/feedbackActions.js';
import type { Button, Reply } from '../../core/messages.js';
import { localeView } from '../../i18n/locales.js';
import type { Language } from '../../shared/language.js';

/** The labels of the two items, per language. */
export const KF_FEEDBACK_LABELS: Record<Language, { up: string; down: string }> = {
  zh: { up: localeView('zh', 'channels').all.kf.feedbackUp, down: localeView('zh', 'channels').all.kf.feedbackDown },
  en: { up: localeView('en', 'channels').all.kf.feedbackUp, down: localeView('en', 'channels').all.kf.feedbackDown },
};

/**
 * The 👍 / 👎 buttons of a reply; none when it cannot be rated (no source, the fallback).
 *
 * @param reply - the engine's reply
 */
export function kfFeedbackButtons(reply: Reply): Button[] {
  const [up, down] = feedbackActionsOf(reply);
  if (!up || !down) return [];
  const labels = KF_FEEDBACK_LABELS[reply.language];
  return [
    { label: labels.up, action: up },
    { label: labels.down, action: down },
  ];
}
