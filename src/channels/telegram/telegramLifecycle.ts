/**
 * Starting and stopping the Telegram channel: checking the token, registering the command
 * menu, then either accepting webhook updates (and registering the webhook URL) or long
 * polling with `@grammyjs/runner`; on stop, waiting for the updates in progress.
 */
import { run, type RunnerHandle } from '@grammyjs/runner';
import { GrammyError, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { InputError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { settleWithin } from './settleWithin.js';
import type { TelegramMode } from './telegramConfig.js';
import { toTelegramError, type Redact } from './telegramErrors.js';
import type { ApiSignal } from './telegramSending.js';
import { commandMenu } from './telegramCommands.js';

/** The update types the bot asks for; the rest are never sent. */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/** What {@link createTelegramLifecycle} needs. */
export interface TelegramLifecycleOptions {
  /** The bot, with its middleware installed. */
  bot: Bot;
  mode: TelegramMode;
  /** Registered with `setWebhook` at start in webhook mode; omitted: the operator registers it. */
  webhookUrl: string | undefined;
  /** TELEGRAM_WEBHOOK_SECRET (webhook mode). */
  webhookSecret: string | undefined;
  /** How long `stop()` waits for the turns in progress, in milliseconds. */
  stopTimeoutMs: number;
  /** Every update inside the bot's middleware; `stop()` waits for them. */
  inFlight: ReadonlySet<Promise<void>>;
  logger: Logger;
  redact: Redact;
  describe: (error: unknown) => string;
  signal: () => ApiSignal;
}

/** A channel's start and stop, and the webhook's view of them. */
export interface TelegramLifecycle {
  /** See `TelegramChannel.start`. */
  start(): Promise<void>;
  /** See `TelegramChannel.stop`. */
  stop(): Promise<void>;
  /** Whether webhook updates are taken now. */
  isAccepting(): boolean;
  /** Hands a webhook update to the bot; `stop()` waits for it. The promise never rejects. */
  handleWebhookUpdate(update: Update): Promise<void>;
}

/**
 * Creates the lifecycle of one channel.
 *
 * @param options - see {@link TelegramLifecycleOptions}
 */
export function createTelegramLifecycle(options: TelegramLifecycleOptions): TelegramLifecycle {
  const { bot, mode, logger, describe, signal } = options;
  let started = false;
  let accepting = false;
  let runner: RunnerHandle | undefined;
  const webhookTasks = new Set<Promise<void>>();

  const track = (task: Promise<void>) => {
    const settled = task.catch((error: unknown) => logger.error({ error: describe(error) }, 'Telegram update failed'));
    webhookTasks.add(settled);
    void settled.finally(() => webhookTasks.delete(settled));
    return settled;
  };

  async function registerCommands(): Promise<void> {
    const calls = [
      bot.api.setMyCommands(commandMenu('en'), {}, signal()),
      bot.api.setMyCommands(commandMenu('en'), { language_code: 'en' }, signal()),
      bot.api.setMyCommands(commandMenu('zh'), { language_code: 'zh' }, signal()),
    ];
    const results = await Promise.allSettled(calls);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) logger.warn({ error: describe(failed.reason) }, 'could not register the bot commands with Telegram; the bot works, its command menu may be out of date');
  }

  async function registerWebhook(url: string, secret: string): Promise<void> {
    await bot.api
      .setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES], drop_pending_updates: false }, signal())
      .catch((error: unknown) => {
        logger.error({ url, error: describe(error) }, 'Telegram refused the webhook URL: it must be a public https URL of this server (PUBLIC_BASE_URL); updates do not arrive until it is fixed');
      });
  }

  function startPolling(): void {
    runner = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES }, silent: true } });
    runner.task()?.catch((error: unknown) => {
      logger.error(
        { error: describe(error) },
        'Telegram polling stopped: another process is polling with the same token (409), a webhook is set, or the token was revoked (401). Run one polling process, or use TELEGRAM_MODE=webhook',
      );
    });
  }

  return {
    isAccepting: () => accepting,
    handleWebhookUpdate: (update) => track(bot.handleUpdate(update)),

    async start() {
      if (started) return;
      started = true;
      try {
        await bot.init(signal());
      } catch (error) {
        started = false;
        if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) {
          throw new InputError('TELEGRAM_BOT_TOKEN', `Telegram refused the token (${error.error_code}); copy it again from @BotFather (/mybots → API Token) and restart`);
        }
        throw toTelegramError(error, options.redact);
      }
      await registerCommands();
      if (mode === 'webhook') {
        accepting = true;
        if (options.webhookUrl) await registerWebhook(options.webhookUrl, options.webhookSecret!);
        logger.info({ bot: bot.botInfo.username, mode }, 'Telegram channel is receiving updates by webhook');
        return;
      }
      await bot.api.deleteWebhook({ drop_pending_updates: false }, signal()).catch((error: unknown) => {
        logger.error({ error: describe(error) }, 'could not remove the Telegram webhook; polling will fail until it is removed (or set TELEGRAM_MODE=webhook)');
      });
      startPolling();
      logger.info({ bot: bot.botInfo.username, mode }, 'Telegram channel is polling for updates');
    },

    async stop() {
      accepting = false;
      const polling = runner;
      runner = undefined;
      if (polling?.isRunning()) await settleWithin(polling.stop(), options.stopTimeoutMs);
      // Let updates already fetched enter the middleware, then wait for all of them.
      await new Promise((resolve) => setImmediate(resolve));
      await settleWithin(Promise.allSettled([...webhookTasks, ...options.inFlight]), options.stopTimeoutMs);
      started = false;
    },
  };
}
