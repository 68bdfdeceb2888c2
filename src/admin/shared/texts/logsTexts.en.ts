/**
 * The conversation logs' and the answer quality's texts in English, part of the console's
 * texts (`consoleTexts.en.ts`, key `logs`). The type is the Chinese texts' shape.
 */
import type { zhLogsTexts } from './logsTexts.zh.js';

/** The conversation logs' texts in English. */
export const enLogsTexts: typeof zhLogsTexts = {
  title: 'Conversation logs',
  intro: (days: number) =>
    `Every turn of a conversation shown the privacy notice is kept for ${days} days with personal data removed (phone numbers, e-mail addresses, ID numbers, the name and contact an applicant gave, …), then deleted; "forget me" deletes it at once. No user id is shown or kept.`,
  off: 'Conversation logs are off (CONVERSATION_LOG_DAYS=0).',
  from: 'From',
  to: 'To',
  channel: 'Channel',
  channels: { web: 'Web', telegram: 'Telegram', wecom: 'WeCom app', 'wecom-kf': 'WeChat customer service (微信客服)' } as Record<string, string>,
  topic: 'Topic',
  fallback: 'Fallback',
  rating: 'Rating',
  search: 'Text',
  any: 'Any',
  yes: 'Yes',
  no: 'No',
  ratingUp: '👍 helpful',
  ratingDown: '👎 not helpful',
  ratingNone: 'Not rated',
  apply: 'Filter',
  reset: 'Clear filters',
  time: 'Time',
  conversation: 'Conversation',
  asked: 'Applicant',
  answered: 'Bot answered',
  entry: 'Entry',
  confidence: 'Confidence',
  pressed: (action: string) => `[button] ${action}`,
  personal: '[personal data, not kept]',
  fallbackMark: 'fallback',
  empty: 'No conversation matches.',
  older: 'Older →',
  scanned: (n: number) => `${n} turns looked at; there may be more matches further back.`,
  wholeConversation: 'Whole conversation',
  conversationTitle: (ref: string) => `Conversation ${ref}`,
  backToList: '← Back to the logs',
  turns: (n: number) => `${n} turns`,
  quality: {
    title: 'Answer quality',
    intro: 'Per entry and per week: hits (answers given from the entry), fallbacks (per entry: counted against the nearest entry), and 👍 / 👎. Hits and fallbacks come from the conversation logs, ratings from the ratings of answers, both within the logs\' retention.',
    byEntry: 'Per entry',
    byWeek: 'Per week',
    week: 'Week (from Monday)',
    hits: 'Hits',
    fallbacks: 'Fallbacks',
    turns: 'Turns',
    downShare: '👎 share',
    fallbackShare: 'Fallback share',
    empty: 'Nothing yet.',
  },
};
