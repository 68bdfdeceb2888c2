/**
 * The Telegram channel on grammY: a thin adapter between Telegram updates and the engine.
 *
 * An update goes through, in order: de-duplication by `update_id` in the store, per-chat
 * sequencing (`@grammyjs/runner`'s `sequentialize`, in both modes), then
 * - a partner's "acknowledge" button (`ack:<leadId>`) → {@link acknowledgeFromChat};
 * - a private text message or button press → the per-user flood limit → the engine's
 *   `handleOnce` → each reply rendered as HTML messages with an inline keyboard.
 * Every button press is answered with `answerCallbackQuery`. Group messages are ignored:
 * the conversation happens in private chats; the bot is in partner groups to deliver leads.
 *
 * Outgoing calls go through `@grammyjs/auto-retry` (429 `retry_after` up to a bound, 5xx,
 * network errors) inside a time limit per call. Updates arrive by long polling
 * (`@grammyjs/runner`, one process) or by webhook (`POST /telegram/webhook`, any number of
 * processes sharing the store). The webhook answers Telegram once the turn is done or after
 * a few seconds, whichever is first, so a slow turn is never re-sent; it never throws.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import type { FastifyInstance } from 'fastify';
import { Bot, GrammyError, HttpError, type Api, type BotError, type ApiClientOptions, type Context, type Transformer } from 'grammy';
import type { CallbackQuery, Update } from 'grammy/types';
import type { Clock } from '../../core/clock.js';
import type { Engine } from '../../core/engine.js';
import { InputError, NetworkError, PlatformError } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/logger.js';
import type { InboundMessage } from '../../core/messages.js';
import { parseAckCallbackData } from '../../leads/deliveries/sendTelegramMessage.js';
import type { LoadedPartners } from '../../leads/partners.js';
import { LockTimeoutError, type Store } from '../../store/contract.js';
import { acknowledgeFromChat } from './acknowledgeFromChat.js';
import { createActionTable, DEFAULT_ACTION_TTL_MS } from './actionTable.js';
import { checkSecretToken, SECRET_TOKEN_HEADER } from './checkSecretToken.js';
import { claimUpdate, DEFAULT_UPDATE_CLAIM_TTL_MS } from './claimUpdate.js';
import { convertCallbackQuery, convertTelegramMessage } from './convertTelegramUpdate.js';
import { DEFAULT_USER_MESSAGES_PER_MINUTE, limitFlood } from './limitFlood.js';
import { escapeTelegramHtml } from './formatTelegramHtml.js';
import { renderTelegramReply } from './renderTelegramReply.js';
import { commandMenu } from './telegramCommands.js';
import { TELEGRAM_TEXTS } from './telegramTexts.js';

/** The abort signal type grammY's API methods declare. */
type ApiSignal = NonNullable<Parameters<Api['getMe']>[0]>;

/** How updates arrive: long polling (one process) or webhook (several). */
export type TelegramMode = 'polling' | 'webhook';

/** The route Telegram posts updates to in webhook mode (CONTRACTS.md). */
export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';
/** The update types the bot asks for; the rest are never sent. */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
/** The action sent to the engine when a button's table entry has expired: the engine answers "that button is no longer valid" with the menu. */
export const EXPIRED_BUTTON_ACTION = 'telegram:expired';

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

/** What the channel is built from. */
export interface TelegramChannelDependencies {
  /** The engine: `app.engine`. */
  engine: Engine;
  /** The store the engine uses: update claims, flood counters and the action table go there too. */
  store: Store;
  clock: Clock;
  logger?: Logger;
  /** The partners: their Telegram chats may acknowledge leads with the button. */
  partners: LoadedPartners;
  config: TelegramChannelConfig;
  /** The HTTP call to the Bot API; default grammY's own (node-fetch). */
  fetch?: ApiClientOptions['fetch'];
  /** Called after each update is finished with (handled, dropped as a duplicate or ignored). For tests and metrics. */
  onUpdateHandled?: (updateId: number) => void;
}

/** The running channel. */
export interface TelegramChannel {
  /** Registers `POST /telegram/webhook` in webhook mode; nothing in polling mode. Call before the server listens. */
  registerRoutes(http: FastifyInstance): void;
  /**
   * Checks the token (`getMe`), registers the commands in zh and en, then in webhook mode
   * accepts updates and registers `webhookUrl`; in polling mode removes any webhook and starts polling.
   *
   * @throws InputError when Telegram refuses the token
   * @throws PlatformError or NetworkError when Telegram cannot be reached to check it
   */
  start(): Promise<void>;
  /** Stops taking updates and waits (up to `stopTimeoutMs`) for the turns in progress. */
  stop(): Promise<void>;
}

/**
 * Creates the Telegram channel.
 *
 * @param deps - see {@link TelegramChannelDependencies}
 * @throws InputError when the mode needs a setting that is missing
 */
export function createTelegramChannel(deps: TelegramChannelDependencies): TelegramChannel {
  const { engine, store, clock, partners, config } = deps;
  const logger = deps.logger ?? silentLogger;
  const mode = config.mode ?? 'polling';
  const token = config.token;
  if (!/^\d+:[A-Za-z0-9_-]+$/.test(token)) throw new InputError('TELEGRAM_BOT_TOKEN', 'expected a bot token like 123456:ABC-DEF… from @BotFather');
  if (mode === 'webhook' && !config.webhookSecret) {
    throw new InputError('TELEGRAM_WEBHOOK_SECRET', 'required when TELEGRAM_MODE=webhook: set 16–256 characters of A–Z, a–z, 0–9, _ and - (openssl rand -hex 32)');
  }
  const botId = token.split(':')[0]!;
  const callTimeoutMs = config.callTimeoutMs ?? 60_000;
  const answerWithinMs = config.webhookAnswerWithinMs ?? 5_000;
  const stopTimeoutMs = config.stopTimeoutMs ?? 10_000;
  const claimTtlMs = config.updateClaimTtlMs ?? DEFAULT_UPDATE_CLAIM_TTL_MS;
  const actions = createActionTable(store.state, config.actionTtlMs ?? DEFAULT_ACTION_TTL_MS);
  const flood = limitFlood(store.state, clock, config.userMessagesPerMinute ?? DEFAULT_USER_MESSAGES_PER_MINUTE);
  const redact = (text: string) => text.split(token).join('<token>');
  const describe = (error: unknown) => describeTelegramError(error, redact);

  const bot = new Bot(token, {
    client: {
      ...(config.apiRoot ? { apiRoot: config.apiRoot.replace(/\/+$/, '') } : {}),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    },
  });
  // Installed first, so it sees every attempt the retries below make.
  bot.api.config.use(logFailedCalls(logger, redact));
  bot.api.config.use(autoRetry({ maxDelaySeconds: config.maxRetryDelaySeconds ?? 30, maxRetryAttempts: config.maxRetryAttempts ?? 3 }));

  // grammY types signals with its abort-controller shim; at run time it takes Node's own.
  const signal = () => AbortSignal.timeout(callTimeoutMs) as unknown as ApiSignal;

  // Outermost: every update in progress is tracked, so that stop() can wait for it (the
  // runner's own stop() does not wait for updates already handed to its sink).
  const inFlight = new Set<Promise<void>>();
  bot.use(async (ctx, next) => {
    let finish = () => {};
    const running = new Promise<void>((resolve) => (finish = resolve));
    inFlight.add(running);
    try {
      await next();
    } finally {
      inFlight.delete(running);
      finish();
      deps.onUpdateHandled?.(ctx.update.update_id);
    }
  });
  bot.use(async (ctx, next) => {
    if (await claimUpdate(store.state, botId, ctx.update.update_id, claimTtlMs)) return next();
    logger.debug({ updateId: ctx.update.update_id }, 'Telegram update already handled; dropped');
  });
  bot.use(sequentialize((ctx: Context) => {
    const id = ctx.chat?.id ?? ctx.from?.id;
    return id === undefined ? undefined : String(id);
  }));
  bot.on('callback_query', (ctx) => handleButton(ctx.api, ctx.callbackQuery));
  bot.on('message', async (ctx) => {
    const message = ctx.message;
    if (message.chat.type !== 'private') {
      // Helps operators find a partner group's id (privacy mode lets only commands through).
      if (message.text?.startsWith('/')) logger.info({ chatId: message.chat.id, chatType: message.chat.type }, 'a command was sent in a group the bot is in; to deliver leads there, put this chatId in the partners file');
      return;
    }
    if (!message.from || message.from.is_bot) return;
    const verdict = await flood.check(String(message.from.id));
    if (verdict === 'notify') await sendText(ctx.api, message.chat.id, TELEGRAM_TEXTS.tooManyMessages);
    if (verdict !== 'allow') return;
    await converse(ctx.api, message.chat.id, convertTelegramMessage(message, ctx.me.username));
  });
  bot.catch((error: BotError) => {
    logger.error({ updateId: error.ctx?.update.update_id, error: describe(error.error) }, 'Telegram update could not be handled');
  });

  async function handleButton(api: Api, query: CallbackQuery): Promise<void> {
    const leadId = parseAckCallbackData(query.data);
    if (leadId !== undefined) return handleAcknowledge(api, query, leadId);
    const chat = query.message?.chat;
    if (query.data === undefined || (chat && chat.type !== 'private')) return answerButton(api, query.id);
    const verdict = await flood.check(String(query.from.id));
    await answerButton(api, query.id, verdict === 'notify' ? TELEGRAM_TEXTS.tooManyMessages : undefined);
    if (verdict !== 'allow') return;
    const action = (await actions.decode(query.data)) ?? EXPIRED_BUTTON_ACTION;
    await converse(api, chat?.id ?? query.from.id, convertCallbackQuery(query, action));
  }

  async function handleAcknowledge(api: Api, query: CallbackQuery, leadId: string): Promise<void> {
    const message = query.message;
    let result = { text: TELEGRAM_TEXTS.ackWrongChat as string, removeButton: false };
    if (message) {
      const chat = message.chat;
      try {
        result = await acknowledgeFromChat(leadId, { id: chat.id, ...('username' in chat && chat.username ? { username: chat.username } : {}) }, { store, clock, partners, logger });
      } catch (error) {
        logger.error({ leadId, error: describe(error) }, 'lead acknowledgement from Telegram failed');
        result = { text: TELEGRAM_TEXTS.ackFailed, removeButton: false };
      }
    }
    await answerButton(api, query.id, result.text);
    if (result.removeButton && message) {
      await api.editMessageReplyMarkup(message.chat.id, message.message_id, { reply_markup: { inline_keyboard: [] } }, signal()).catch((error: unknown) => {
        logger.debug({ leadId, error: describe(error) }, 'could not remove the acknowledge button');
      });
    }
  }

  async function answerButton(api: Api, queryId: string, text?: string): Promise<void> {
    // A press left unanswered spins on the user's screen; an old one cannot be answered any more.
    await api.answerCallbackQuery(queryId, text ? { text } : {}, signal()).catch((error: unknown) => {
      logger.debug({ error: describe(error) }, 'could not answer a button press');
    });
  }

  async function converse(api: Api, chatId: number, inbound: InboundMessage): Promise<void> {
    let handled;
    try {
      handled = await engine.handleOnce(inbound);
    } catch (error) {
      logger.error({ userId: inbound.userId, messageId: inbound.messageId, error: describe(error) }, 'Telegram turn failed');
      await sendText(api, chatId, error instanceof LockTimeoutError ? TELEGRAM_TEXTS.busy : TELEGRAM_TEXTS.unavailable);
      return;
    }
    if (handled.duplicate) return;
    try {
      for (const reply of handled.replies) {
        const data = new Map<string, string>();
        for (const button of reply.buttons) data.set(button.action, await actions.encode(button.action));
        for (const message of renderTelegramReply(reply, (action) => data.get(action)!)) {
          await api.sendMessage(
            chatId,
            message.html,
            {
              parse_mode: 'HTML',
              link_preview_options: { is_disabled: true },
              ...(message.keyboard ? { reply_markup: { inline_keyboard: message.keyboard } } : {}),
            },
            signal(),
          );
        }
      }
    } catch (error) {
      logger.error({ chatId, messageId: inbound.messageId, error: describe(error) }, 'Telegram reply not delivered');
    }
  }

  async function sendText(api: Api, chatId: number, text: string): Promise<void> {
    await api.sendMessage(chatId, escapeTelegramHtml(text), { parse_mode: 'HTML' }, signal()).catch((error: unknown) => {
      logger.error({ chatId, error: describe(error) }, 'Telegram notice not delivered');
    });
  }

  // Lifecycle.
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

  return {
    registerRoutes(http) {
      if (mode !== 'webhook') return;
      const secret = config.webhookSecret!;
      http.post(
        TELEGRAM_WEBHOOK_PATH,
        {
          // Checked before the body is read: a caller without the secret learns nothing.
          onRequest: async (request, reply) => {
            if (checkSecretToken(request.headers[SECRET_TOKEN_HEADER], secret)) return;
            logger.warn({ ip: request.ip }, 'Telegram webhook call with a wrong or missing secret token; refused');
            return reply.status(401).send({ error: { code: 'unauthorized', message: 'wrong or missing X-Telegram-Bot-Api-Secret-Token' } });
          },
        },
        async (request, reply) => {
          if (!accepting) {
            return reply.status(503).header('retry-after', '5').send({ error: { code: 'unavailable', message: 'the Telegram channel is not running; Telegram will send the update again' } });
          }
          const update = request.body as Partial<Update> | null;
          if (typeof update !== 'object' || update === null || !Number.isSafeInteger(update.update_id)) {
            return reply.status(400).send({ error: { code: 'invalid_request', message: 'expected a Telegram Update object with a numeric update_id', field: 'update_id' } });
          }
          const finished = await settleWithin(track(bot.handleUpdate(update as Update)), answerWithinMs);
          if (!finished) logger.info({ updateId: update.update_id }, 'Telegram turn still running; answered the webhook so that Telegram does not send it again');
          return reply.status(200).send();
        },
      );
    },

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
        throw toPlatformError(error, redact);
      }
      await registerCommands();
      if (mode === 'webhook') {
        accepting = true;
        if (config.webhookUrl) await registerWebhook(config.webhookUrl, config.webhookSecret!);
        logger.info({ bot: bot.botInfo.username, mode }, 'Telegram channel is receiving updates by webhook');
        return;
      }
      await bot.api.deleteWebhook({ drop_pending_updates: false }, signal()).catch((error: unknown) => {
        logger.error({ error: describe(error) }, 'could not remove the Telegram webhook; polling will fail until it is removed (or set TELEGRAM_MODE=webhook)');
      });
      runner = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES }, silent: true } });
      runner.task()?.catch((error: unknown) => {
        logger.error(
          { error: describe(error) },
          'Telegram polling stopped: another process is polling with the same token (409), a webhook is set, or the token was revoked (401). Run one polling process, or use TELEGRAM_MODE=webhook',
        );
      });
      logger.info({ bot: bot.botInfo.username, mode }, 'Telegram channel is polling for updates');
    },

    async stop() {
      accepting = false;
      const polling = runner;
      runner = undefined;
      if (polling?.isRunning()) await settleWithin(polling.stop(), stopTimeoutMs);
      // Let updates already fetched enter the middleware, then wait for all of them.
      await new Promise((resolve) => setImmediate(resolve));
      await settleWithin(Promise.allSettled([...webhookTasks, ...inFlight]), stopTimeoutMs);
      started = false;
    },
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
}

/** Waits for `task` at most `ms` milliseconds; true when it finished in time. */
async function settleWithin(task: Promise<unknown> | undefined, ms: number): Promise<boolean> {
  if (!task) return true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([task.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Logs every failed Bot API attempt without its token. */
function logFailedCalls(logger: Logger, redact: (text: string) => string): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (!result.ok) {
        logger.warn({ method, code: result.error_code, description: redact(result.description), retryAfter: result.parameters?.retry_after }, 'Telegram Bot API call failed');
      }
      return result;
    } catch (error) {
      if (!signal?.aborted) logger.warn({ method, error: describeTelegramError(error, redact) }, 'Telegram Bot API call got no answer');
      throw error;
    }
  };
}

/** Our error class for a grammY error: Telegram's answer → PlatformError, no answer → NetworkError. */
function toPlatformError(error: unknown, redact: (text: string) => string): Error {
  if (error instanceof GrammyError) return new PlatformError('telegram', error.method, error.error_code, redact(error.description), error.parameters.retry_after);
  if (error instanceof HttpError) return new NetworkError('the Telegram Bot API (TELEGRAM_API_ROOT)', new Error(redact(describeCause(error.error))));
  if (error instanceof Error) return new NetworkError('the Telegram Bot API (TELEGRAM_API_ROOT)', new Error(redact(error.message)));
  return new NetworkError('the Telegram Bot API (TELEGRAM_API_ROOT)', new Error(redact(String(error))));
}

/** An error as one line for logs, without the token. */
function describeTelegramError(error: unknown, redact: (text: string) => string): string {
  if (error instanceof GrammyError) return redact(`${error.method} failed with ${error.error_code}: ${error.description}`);
  if (error instanceof HttpError) return redact(`${error.message} (${describeCause(error.error)})`);
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return redact(text.length > 500 ? `${text.slice(0, 500)}…` : text);
}

function describeCause(cause: unknown): string {
  const code = (cause as { code?: unknown; cause?: { code?: unknown } } | null)?.code ?? (cause as { cause?: { code?: unknown } } | null)?.cause?.code;
  const name = cause instanceof Error ? cause.name : 'Error';
  return typeof code === 'string' ? `${name} ${code}` : name;
}
