/**
 * The senders of calendar notifications, one per channel that can write to a person first:
 * Telegram (`sendMessage` to the subscriber's private chat, through the same Bot API call as
 * the leads' Telegram deliveries) and the WeCom self-built app (`message/send` to the member).
 * Both throw the platform's error, so the outbox retries (or gives up on a permanent refusal,
 * such as a bot the person blocked). Telegram notifications count against the bot's sending
 * budgets when given them (`limits`): one over them is tried again once the window ends. 微信客服 sends only inside the platform's window (the
 * customer wrote within 48 hours and a message of the five is left), else the notice waits for
 * their next message, like every web notice.
 */
import { TELEGRAM_CHANNEL } from '../channels/telegram/convertTelegramUpdate.js';
import { escapeTelegramHtml } from '../channels/telegram/formatTelegramHtml.js';
import type { WecomApi } from '../channels/wecom/api.js';
import { APP_CHANNEL } from '../channels/wecom/appChannel.js';
import { KF_CHANNEL } from '../channels/wecom/kfChannel.js';
import { PlatformError } from '../shared/errors.js';
import type { SendRateLimiter } from '../core/sendRateLimiter.js';
import { telegramSendRules } from '../leads/deliveries/platformSendLimits.js';
import type { FetchFunction } from '../leads/deliveries/postJson.js';
import { sendTelegramMessage } from '../leads/deliveries/sendTelegramMessage.js';
import type { NotificationSender } from './createCalendarNotifier.js';

/** The channels that can be written to first, each when it is configured. */
export interface NotificationSenderParts {
  /** `limits`: Telegram's sending budgets shared with replies and lead deliveries; a notification over them waits in the outbox. */
  telegram?: { token: string; apiRoot: string; fetch: FetchFunction; limits?: SendRateLimiter };
  wecomApp?: { api: WecomApi; agentId: number };
  /** 微信客服: sends inside the platform's window, else false (the notice waits for the customer's next message). */
  wecomKf?: { sendNotice(user: string, text: string): Promise<boolean> };
}

/** Time limit of one send, in milliseconds. */
const SEND_TIMEOUT_MS = 10_000;

/**
 * The senders by channel name.
 *
 * @param parts - see {@link NotificationSenderParts}
 */
export function createNotificationSenders(parts: NotificationSenderParts): Record<string, NotificationSender> {
  const senders: Record<string, NotificationSender> = {};
  const { telegram, wecomApp } = parts;
  if (telegram) {
    senders[TELEGRAM_CHANNEL] = async (subscription, text) => {
      const waitMs = (await telegram.limits?.take(telegramSendRules(subscription.userId))) ?? 0;
      // Over the budget: tried again from the outbox once the window has ended (nothing was sent).
      if (waitMs > 0) throw new PlatformError('telegram', 'sendMessage', 429, 'the bot\'s own sending limit is used up', Math.ceil(waitMs / 1000));
      await sendTelegramMessage({ chatId: subscription.userId, html: escapeTelegramHtml(text) }, { fetch: telegram.fetch, token: telegram.token, apiRoot: telegram.apiRoot, timeoutMs: SEND_TIMEOUT_MS });
      return true;
    };
  }
  if (wecomApp) {
    senders[APP_CHANNEL] = async (subscription, text) => {
      await wecomApp.api.sendAppText({ agentId: wecomApp.agentId, toUser: subscription.userId, content: text });
      return true;
    };
  }
  const kf = parts.wecomKf;
  if (kf) senders[KF_CHANNEL] = (subscription, text) => kf.sendNotice(subscription.userId, text);
  return senders;
}
