/**
 * Sends one outbox message through its delivery method: builds the body from the lead as it
 * is now, then posts it as a signed webhook, a WeCom robot card (markdown for erasures and alerts) or a Telegram
 * message (to where the chat moved, when it did). The only place that knows all three kinds.
 */
import { localeView } from '../../i18n/locales.js';
import type { Clock } from '../../shared/clock.js';
import { InputError } from '../../shared/errors.js';
import type { SendRateRule } from '../../core/sendRateLimiter.js';
import type { AckLink } from '../ackLink.js';
import type { LeadRecord } from '../leadRecord.js';
import type { SendItem } from '../leadOutboxItem.js';
import type { LoadedPartners } from '../partners.js';
import type { TelegramChatId, TelegramChatMove, TelegramChatMoves } from '../telegramChatMoves.js';
import { buildLeadPayload } from './buildLeadPayload.js';
import { formatAppLeadCard, leadCardTaskId, type AppLeadCard } from './formatAppLeadCard.js';
import { formatRobotLeadCard } from './formatLeadCard.js';
import { formatLeadText } from './formatLeadText.js';
import { telegramSendRules, wecomRobotSendRules } from './platformSendLimits.js';
import type { FetchFunction } from './postJson.js';
import { sendTelegramMessage } from './sendTelegramMessage.js';
import { sendWebhook } from './sendWebhook.js';
import { sendWecomRobot } from './sendWecomRobot.js';
import { truncateUtf8 } from './truncateUtf8.js';

/** WeCom's limit for an app's markdown message, in UTF-8 bytes. */
export const WECOM_APP_MARKDOWN_MAX_BYTES = 2048;

/** The text of the acknowledgement button in chat messages. */
export const ACK_BUTTON_TEXT = localeView('zh', 'leadMessage').all.ackLink;

/**
 * The self-built app's messages to members (`message/send`), provided by the WeCom channel so
 * that the leads layer imports no channel.
 */
export interface WecomAppSender {
  /** Sends a lead card; a card WeCom already has (42014, the same task id: a retry after a lost answer) counts as sent. */
  sendCard(toUsers: readonly string[], card: AppLeadCard): Promise<void>;
  /** Sends a markdown message (an erasure, an alert: nothing to press). */
  sendMarkdown(toUsers: readonly string[], content: string): Promise<void>;
}

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
  /** The self-built app (the WeCom channel); unset: `wecom_app` deliveries fail saying so. */
  wecomApp?: WecomAppSender;
  /** Where moved Telegram chats are remembered; default: a move is followed for that one message only. */
  telegramChats?: TelegramChatMoves;
  /** Told after a partner's Telegram chat moved and the move was recorded, before the message is sent to the new chat (the worker tells staff). */
  onTelegramChatMoved?: (move: TelegramChatMove) => void;
}

export type { TelegramChatMove } from '../telegramChatMoves.js';

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
    case 'wecom_robot': {
      const key = requireSecret(deps.partners, method.keyEnv);
      // A lead with its page goes as a card that opens the page; an erasure or an alert as markdown.
      const ackUrl = payload.type === 'lead.erased' ? undefined : payload.ackUrl;
      return sendWecomRobot(
        ackUrl !== undefined ? { key, card: formatRobotLeadCard({ ...payload, ackUrl }, textOptions) } : { key, content: formatLeadText(payload, 'markdown', textOptions) },
        { fetch: deps.fetch, timeoutMs: deps.timeoutMs, ...(deps.wecomApiBase ? { apiBase: deps.wecomApiBase } : {}) },
      );
    }
    case 'wecom_app': {
      const app = deps.wecomApp;
      if (!app) throw new InputError('WECOM_CORP_ID', 'the WeCom channels are off, so leads cannot be delivered through the self-built app (wecom_app); set the five WECOM_* variables and restart');
      const ackUrl = payload.type === 'lead.erased' ? undefined : payload.ackUrl;
      if (ackUrl === undefined) return app.sendMarkdown(method.users, truncateUtf8(formatLeadText(payload, 'markdown', textOptions), WECOM_APP_MARKDOWN_MAX_BYTES));
      return app.sendCard(method.users, formatAppLeadCard({ ...payload, ackUrl }, leadCardTaskId(item.id), textOptions));
    }
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
    case 'wecom_app':
      return [];
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
