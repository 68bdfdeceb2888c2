/**
 * The Telegram channel's settings: {@link TelegramChannelConfig} as given (all but the token
 * optional) and {@link resolveTelegramConfig}, which checks them and fills in the defaults
 * once, at construction.
 */
import { InputError } from '../../shared/errors.js';
import { DEFAULT_ACTION_TTL_MS } from './actionTable.js';
import { DEFAULT_UPDATE_CLAIM_TTL_MS } from './claimUpdate.js';
import { DEFAULT_USER_MESSAGES_PER_MINUTE } from './limitFlood.js';

/** How updates arrive: long polling (one process) or webhook (several). */
export type TelegramMode = 'polling' | 'webhook';

/** Settings of the channel; all but `token` optional, with the defaults below. */
export interface TelegramChannelConfig {
  /** TELEGRAM_BOT_TOKEN, from @BotFather. A secret: never logged. */
  token: string;
  /** TELEGRAM_MODE. Default `polling`. */
  mode?: TelegramMode;
  /** TELEGRAM_WEBHOOK_SECRET: required in webhook mode; Telegram sends it in `X-Telegram-Bot-Api-Secret-Token`. A secret: never logged. */
  webhookSecret?: string;
  /**
   * The public URL of `POST /telegram/webhook` (`${PUBLIC_BASE_URL}/telegram/webhook`). In
   * webhook mode `start()` registers it with `setWebhook` (https://core.telegram.org/bots/api#setwebhook);
   * omitted: the operator registers the webhook.
   */
  webhookUrl?: string;
  /** TELEGRAM_API_ROOT: another Bot API server. Default `https://api.telegram.org`. */
  apiRoot?: string;
  /** TELEGRAM_MAX_RETRY_DELAY_SECONDS: a 429 asking to wait longer fails the call instead. Default 30. */
  maxRetryDelaySeconds?: number;
  /** Retries of one call after 429 or 5xx. Default 3. */
  maxRetryAttempts?: number;
  /** Time limit of one outgoing call, retries included, in milliseconds. Default 60,000. */
  callTimeoutMs?: number;
  /** TELEGRAM_USER_MESSAGES_PER_MINUTE: messages and presses per user and minute. Default 30. */
  userMessagesPerMinute?: number;
  /** How long an update id is remembered for de-duplication, in milliseconds. Default 10 minutes. */
  updateClaimTtlMs?: number;
  /** How long a long button action is kept in the action table, in milliseconds. Default 30 days. */
  actionTtlMs?: number;
  /** The webhook answers Telegram after this many milliseconds even if the turn is still running. Default 5,000. */
  webhookAnswerWithinMs?: number;
  /** How long `stop()` waits for turns in progress, in milliseconds. Default 10,000. */
  stopTimeoutMs?: number;
}

/** {@link TelegramChannelConfig} checked, with every default filled in. */
export interface ResolvedTelegramConfig {
  token: string;
  mode: TelegramMode;
  /** Present in webhook mode. */
  webhookSecret: string | undefined;
  webhookUrl: string | undefined;
  /** Without trailing slashes; undefined: grammY's default. */
  apiRoot: string | undefined;
  maxRetryDelaySeconds: number;
  maxRetryAttempts: number;
  callTimeoutMs: number;
  userMessagesPerMinute: number;
  updateClaimTtlMs: number;
  actionTtlMs: number;
  webhookAnswerWithinMs: number;
  stopTimeoutMs: number;
  /** The bot's numeric id, the token's part before the colon. */
  botId: string;
}

/**
 * Checks the settings and fills in the defaults.
 *
 * @param config - see {@link TelegramChannelConfig}
 * @throws InputError when the token is malformed or the mode needs a setting that is missing
 */
export function resolveTelegramConfig(config: TelegramChannelConfig): ResolvedTelegramConfig {
  const mode = config.mode ?? 'polling';
  const token = config.token;
  if (!/^\d+:[A-Za-z0-9_-]+$/.test(token)) throw new InputError('TELEGRAM_BOT_TOKEN', 'expected a bot token like 123456:ABC-DEF… from @BotFather');
  if (mode === 'webhook' && !config.webhookSecret) {
    throw new InputError('TELEGRAM_WEBHOOK_SECRET', 'required when TELEGRAM_MODE=webhook: set 16–256 characters of A–Z, a–z, 0–9, _ and - (openssl rand -hex 32)');
  }
  return {
    token,
    mode,
    webhookSecret: config.webhookSecret,
    webhookUrl: config.webhookUrl,
    apiRoot: config.apiRoot ? config.apiRoot.replace(/\/+$/, '') : undefined,
    maxRetryDelaySeconds: config.maxRetryDelaySeconds ?? 30,
    maxRetryAttempts: config.maxRetryAttempts ?? 3,
    callTimeoutMs: config.callTimeoutMs ?? 60_000,
    userMessagesPerMinute: config.userMessagesPerMinute ?? DEFAULT_USER_MESSAGES_PER_MINUTE,
    updateClaimTtlMs: config.updateClaimTtlMs ?? DEFAULT_UPDATE_CLAIM_TTL_MS,
    actionTtlMs: config.actionTtlMs ?? DEFAULT_ACTION_TTL_MS,
    webhookAnswerWithinMs: config.webhookAnswerWithinMs ?? 5_000,
    stopTimeoutMs: config.stopTimeoutMs ?? 10_000,
    botId: token.split(':')[0]!,
  };
}
