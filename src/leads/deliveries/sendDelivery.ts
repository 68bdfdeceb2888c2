/**
 * Sends one outbox message through its delivery method: builds the body from the lead as it
 * is now, then posts it as a signed webhook, a WeCom robot markdown message or a Telegram
 * message (to where the chat moved, when it did). The only place that knows all three kinds.
 */
import { localeView } from '../../i18n/locales.js';
import type { Clock } from '../../core/clock.js';
import { InputError } from '../../core/errors.js';
import type { SendRateRule } from '../../core/sendRateLimiter.js';
import type { AckLink } from '../ackLink.js';
import type { LeadRecord } from '../leadRecord.js';
import type { SendItem } from '../leadOutboxItem.js';
import type { LoadedPartners } from '../partners.js';
import type { TelegramChatId, TelegramChatMoves } from '../telegramChatMoves.js';
import { buildLeadPayload } from './buildLeadPayload.js';
import { formatLeadText } from './formatLeadText.js';
import { telegramSendRules, wecomRobotSendRules } from './platformSendLimits.js';
import type { FetchFunction } from './postJson.js';
import { sendTelegramMessage } from './sendTelegramMessage.js';
import { sendWebhook } from './sendWebhook.js';
import { sendWecomRobot } from './sendWecomRobot.js';

/** The text of the acknowledgement button in chat messages. */
export const ACK_BUTTON_TEXT = localeView('zh', 'leadMessage').all.ackLink;

/** What sending needs. */
export interface SendDeliveryDependencies {
  fetch: FetchFunction;
  clock: Clock;
  partners: LoadedPartners;
  ackLink: AckLink;
  /** Time limit of one attempt in milliseconds. */
  timeoutMs: number;
  /** `WECOM_API_BASE`; default WeCom's. */
  wecomApiBase?: string;
  /** The district's name in the title of chat deliveries (profile); default: none. */
  districtName?: string;
  /** `TELEGRAM_BOT_TOKEN`; unset: Telegram deliveries fail saying so. */
  telegramBotToken?: string;
  /** `TELEGRAM_API_ROOT`; default Telegram's. */
  telegramApiRoot?: string;
  /** Where moved Telegram chats are remembered; default: a move is followed for that one message only. */
  telegramChats?: TelegramChatMoves;
  /** Told after a partner's Telegram chat moved and the move was recorded (the worker tells the operator). */
  onTelegramChatMoved?: (move: TelegramChatMove) => void;
}

/** A partner's Telegram chat that moved: the id in the partners file, the id it was sent to, and the new one. */
export interface TelegramChatMove {
  partnerId: string;
  /** The `chatId` in the partners file (as copied into the outbox item). */
  configured: TelegramChatId;
  /** The id that Telegram refused. */
  from: TelegramChatId;
  /** The id Telegram named instead. */
  to: number;
}

/**
 * Makes one attempt to deliver `item`.
 *
 * @param item - the outbox message: type, recipient, method, idempotency key
 * @param lead - the lead as it is now
 * @param deps - see {@link SendDeliveryDependencies}
 * @throws PlatformError, NetworkError, or InputError when a secret or token is missing
 */
export async function sendDelivery(item: SendItem, lead: LeadRecord, deps: SendDeliveryDependencies): Promise<void> {
  const ackUrl = deps.ackLink.url(lead.id, item.partnerId);
  const payload = buildLeadPayload(lead, item, ackUrl);
  const textOptions = {
    partnerName: (id: string) => deps.partners.get(id)?.name ?? id,
    ackWithinHours: deps.partners.get(item.partnerId)?.ackWithinHours,
    ...(deps.districtName ? { districtName: deps.districtName } : {}),
  };
  const method = item.method;
  switch (method.type) {
    case 'webhook':
      return sendWebhook(
        { url: method.url, secret: requireSecret(deps.partners, method.secretEnv), id: item.id, timestamp: new Date(deps.clock.now()), body: JSON.stringify(payload) },
        { fetch: deps.fetch, timeoutMs: deps.timeoutMs },
      );
    case 'wecom_robot':
      return sendWecomRobot(
        { key: requireSecret(deps.partners, method.keyEnv), content: formatLeadText(payload, 'markdown', textOptions) },
        { fetch: deps.fetch, timeoutMs: deps.timeoutMs, ...(deps.wecomApiBase ? { apiBase: deps.wecomApiBase } : {}) },
      );
    case 'telegram': {
      // Telegram refuses URL buttons to hosts it cannot reach (localhost); the link is in the text too.
      const button = payload.ackUrl !== undefined && payload.type !== 'lead.erased' && isPublicUrl(payload.ackUrl) ? { text: ACK_BUTTON_TEXT, url: payload.ackUrl } : undefined;
      const chats = deps.telegramChats;
      const chatId = chats ? await chats.resolve(method.chatId) : method.chatId;
      const onChatMoved = async (from: TelegramChatId, to: number) => {
        await chats?.record(from, to);
        deps.onTelegramChatMoved?.({ partnerId: item.partnerId, configured: method.chatId, from, to });
      };
      return sendTelegramMessage(
        { chatId, html: formatLeadText(payload, 'html', textOptions), ...(button ? { button } : {}) },
        { fetch: deps.fetch, token: deps.telegramBotToken, timeoutMs: deps.timeoutMs, onChatMoved, ...(deps.telegramApiRoot ? { apiRoot: deps.telegramApiRoot } : {}) },
      );
    }
  }
}

/**
 * The platform budgets one attempt of `item` counts against (see `platformSendLimits.ts`):
 * a robot's 20 a minute, Telegram's per chat, per group and overall; none for webhooks, or
 * when the robot key is missing (the attempt then fails saying so).
 *
 * @param item - the outbox message
 * @param partners - where robot keys are read
 * @param telegramChatId - the chat the message will go to (after a recorded move); default the configured one
 */
export function deliverySendRules(item: SendItem, partners: LoadedPartners, telegramChatId?: TelegramChatId): SendRateRule[] {
  const method = item.method;
  switch (method.type) {
    case 'webhook':
      return [];
    case 'wecom_robot': {
      const key = partners.readSecret(method.keyEnv);
      return key ? wecomRobotSendRules(key) : [];
    }
    case 'telegram':
      return telegramSendRules(telegramChatId ?? method.chatId);
  }
}

function requireSecret(partners: LoadedPartners, envName: string): string {
  const value = partners.readSecret(envName);
  if (!value) throw new InputError(envName, 'not set, or no partner in PARTNERS_FILE names it any more; set it and restart');
  return value;
}

function isPublicUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return !(host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1' || host === '[::1]' || host === '0.0.0.0');
  } catch {
    return false;
  }
}
