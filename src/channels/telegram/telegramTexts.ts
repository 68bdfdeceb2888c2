/**
 * What the Telegram channel itself says (everything else comes from the engine). These
 * texts go out before the conversation's language is known, so each is in both languages.
 * None states a policy fact.
 */

/** The channel's own texts. */
export const TELEGRAM_TEXTS = {
  /** The one notice when a user goes over the flood limit. */
  tooManyMessages: '消息太频繁了，请稍等一分钟再发。\nToo many messages — please wait a minute before sending more.',
  /** When a turn failed: the store or a dependency is down. */
  unavailable: '服务暂时不可用，请稍后再试。\nThe service is briefly unavailable; please try again shortly.',
  /** When the user's conversation is still busy with earlier messages. */
  busy: '上一条消息还在处理中，请稍后再试。\nStill working on your previous message; please try again shortly.',
  /** Toasts of the partner's acknowledge button (at most 200 characters each). */
  ackDone: '已确认接收，谢谢！请尽快联系申请人。/ Acknowledged, thank you. Please contact the applicant soon.',
  ackAlready: '该线索此前已确认接收。/ This lead was already acknowledged.',
  ackGone: '该线索已不存在。/ This lead no longer exists.',
  ackWrongChat: '该线索未分配给本群所属的合作方。/ This lead is not assigned to the partner of this chat.',
  ackFailed: '暂时无法确认，请稍后再试。/ Could not acknowledge right now; please try again shortly.',
} as const;
