/**
 * The Telegram channel on grammY: a thin adapter between Telegram updates and the engine.
 *
 * An update goes through, in order: de-duplication by `update_id` in the store, per-chat
 * sequencing (`@grammyjs/runner`'s `sequentialize`, in both modes), then
 * - a partner's "acknowledge" button (`ack:<leadId>`) → {@link acknowledgeFromChat};
 * - a private text message or button press → the per-user flood limit → the engine's
 *   `handleOnce` → each reply rendered as HTML messages with an inline keyboard;
 * - a 👍 / 👎 under an answer → `Engine.rate`, a toast, and the row taken off (`feedbackButtons.ts`).
 * Every button press is answered with `answerCallbackQuery`. Group messages are ignored:
 * the conversation happens in private chats; the bot is in partner groups to deliver leads.
 *
 * Outgoing calls go through `@grammyjs/auto-retry` (429 `retry_after` up to a bound, 5xx,
 * network errors) inside a time limit per call, and within Telegram's sending limits (one a
 * second per chat, 30 a second in all); a longer 429 within a reply hands the rest of the
 * reply to the reply outbox (`telegramReplyOutbox.ts`), so it follows instead of being dropped. Updates arrive by long polling
 * (`@grammyjs/runner`, one process) or by webhook (`POST /telegram/webhook`, any number of
 * processes sharing the store). The webhook answers Telegram once the turn is done or after
 * a few seconds, whichever is first, so a slow turn is never re-sent; it never throws.
 *
 * This file builds the bot and its middleware and routes updates; the rest is beside it:
 * settings in `telegramConfig.ts`, the webhook in `telegramWebhookRoute.ts`, start and stop in
 * `telegramLifecycle.ts`, what is sent in `telegramSending.ts`, errors in `telegramErrors.ts`.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import type { FastifyInstance } from 'fastify';
import { Bot, type Api, type ApiClientOptions, type BotError, type Context } from 'grammy';
import type { CallbackQuery } from 'grammy/types';
import type { Clock } from '../../shared/clock.js';
import type { Engine } from '../../core/engine.js';
import { silentLogger, type Logger } from '../../shared/logger.js';
import { createSendRateLimiter, type SendRateLimiter } from '../../core/sendRateLimiter.js';
import type { InboundMessage } from '../../core/messages.js';
import { parseAckCallbackData } from '../../leads/deliveries/sendTelegramMessage.js';
import type { LoadedPartners } from '../../leads/partners.js';
import { LockTimeoutError, type Store } from '../../store/contract.js';
import type { ChannelAdapter, ChannelCapabilities } from '../channelAdapter.js';
import { acknowledgeFromChat } from './acknowledgeFromChat.js';
import { createActionTable } from './actionTable.js';
import { claimUpdate } from './claimUpdate.js';
import { convertCallbackQuery, convertTelegramMessage, TELEGRAM_CHANNEL } from './convertTelegramUpdate.js';
import { FEEDBACK_TEXTS, parseFeedbackAction, withoutFeedbackRow } from './feedbackButtons.js';
import { limitFlood } from './limitFlood.js';
import { resolveTelegramConfig, type TelegramChannelConfig } from './telegramConfig.js';
import { createTokenRedactor, describeTelegramError, logFailedCalls, toTelegramError } from './telegramErrors.js';
import { createTelegramLifecycle } from './telegramLifecycle.js';
import { createTelegramReplyOutbox } from './telegramReplyOutbox.js';
import { callSignal, createTelegramSender } from './telegramSending.js';
import { TELEGRAM_MAX_MESSAGE_CHARS } from './splitTelegramMessage.js';
import { TELEGRAM_TEXTS } from './telegramTexts.js';
import { registerTelegramWebhookRoute, TELEGRAM_WEBHOOK_PATH } from './telegramWebhookRoute.js';

export { ALLOWED_UPDATES } from './telegramLifecycle.js';
export { TELEGRAM_WEBHOOK_PATH } from './telegramWebhookRoute.js';
export type { TelegramChannelConfig, TelegramMode } from './telegramConfig.js';

/** The action sent to the engine when a button's table entry has expired: the engine answers "that button is no longer valid" with the menu. */
export const EXPIRED_BUTTON_ACTION = 'telegram:expired';

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
  /** Waits `ms` milliseconds for the sending budget (at most a few seconds per turn); default a timer. Tests move the manual clock. */
  wait?: (ms: number) => Promise<void>;
  /** Telegram's sending budgets, shared with the lead deliveries; default one on `store.state` (counted in the store either way). */
  sendLimits?: SendRateLimiter;
  /** Called after each update is finished with (handled, dropped as a duplicate or ignored). For tests and metrics. */
  onUpdateHandled?: (updateId: number) => void;
}

/** What Telegram renders: an inline keyboard, HTML, 4,096 characters a message, sent through the Bot API, 👍 / 👎 buttons. */
export const TELEGRAM_CAPABILITIES: ChannelCapabilities = {
  buttons: 'inline',
  markup: 'html',
  maxMessageLength: { value: TELEGRAM_MAX_MESSAGE_CHARS, unit: 'characters' },
  delivery: 'push',
  feedback: true,
};

/** The running channel: a {@link ChannelAdapter} named `telegram`. */
export interface TelegramChannel extends ChannelAdapter {
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
  /** Stops taking updates and waits (up to `stopTimeoutMs`) for the turns in progress, then stops the reply outbox's worker. */
  stop(): Promise<void>;
  /** Sends every queued rest of a reply that is due now: the "drained" signal. Resolves to how many items were worked on. */
  drainReplies(): Promise<number>;
}

/**
 * Creates the Telegram channel.
 *
 * @param deps - see {@link TelegramChannelDependencies}
 * @throws InputError when the token is malformed or the mode needs a setting that is missing
 */
export function createTelegramChannel(deps: TelegramChannelDependencies): TelegramChannel {
  const { engine, store, clock, partners } = deps;
  const config = resolveTelegramConfig(deps.config);
  const logger = deps.logger ?? silentLogger;
  const actions = createActionTable(store.state, config.actionTtlMs);
  const flood = limitFlood(store.state, clock, config.userMessagesPerMinute);
  const redact = createTokenRedactor(config.token);
  const describe = (error: unknown) => describeTelegramError(error, redact);
  const signal = () => callSignal(config.callTimeoutMs);
  const limits = deps.sendLimits ?? createSendRateLimiter(store.state, clock);
  const outbox = createTelegramReplyOutbox({ store, clock, logger, send: (chatId, message) => send.sendQueued(bot.api, chatId, message) });
  const send = createTelegramSender({ actions, logger, describe, signal, limits, outbox, toError: (error) => toTelegramError(error, redact), ...(deps.wait ? { wait: deps.wait } : {}) });

  const bot = new Bot(config.token, {
    client: {
      ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    },
  });
  // Installed first, so it sees every attempt the retries below make.
  bot.api.config.use(logFailedCalls(logger, redact));
  bot.api.config.use(autoRetry({ maxDelaySeconds: config.maxRetryDelaySeconds, maxRetryAttempts: config.maxRetryAttempts }));

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
    if (await claimUpdate(store.state, config.botId, ctx.update.update_id, config.updateClaimTtlMs)) return next();
    logger.debug({ updateId: ctx.update.update_id }, 'Telegram update already handled; dropped');
  });
  // A press is answered before it waits behind a running turn of the same chat, so the spinner
  // stops at once; presses whose toast tells a result (acknowledge, 👍 / 👎) are answered when it is known.
  const answeredAtOnce = new Set<string>();
  bot.on('callback_query', async (ctx, next) => {
    const query = ctx.callbackQuery;
    if (query.data !== undefined && parseAckCallbackData(query.data) === undefined && !parseFeedbackAction((await actions.decode(query.data)) ?? '')) {
      answeredAtOnce.add(query.id);
      await send.answerButton(ctx.api, query.id);
    }
    return next();
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
    if (verdict === 'notify') await send.sendText(ctx.api, message.chat.id, TELEGRAM_TEXTS.tooManyMessages);
    if (verdict !== 'allow') return;
    await converse(ctx.api, message.chat.id, convertTelegramMessage(message, ctx.me.username));
  });
  bot.catch((error: BotError) => {
    logger.error({ updateId: error.ctx?.update.update_id, error: describe(error.error) }, 'Telegram update could not be handled');
  });

  async function handleButton(api: Api, query: CallbackQuery): Promise<void> {
    const early = answeredAtOnce.delete(query.id);
    const leadId = parseAckCallbackData(query.data);
    if (leadId !== undefined) return handleAcknowledge(api, query, leadId);
    const chat = query.message?.chat;
    if (query.data === undefined || (chat && chat.type !== 'private')) return early ? undefined : send.answerButton(api, query.id);
    const verdict = await flood.check(String(query.from.id));
    if (verdict !== 'allow') {
      if (!early) return send.answerButton(api, query.id, verdict === 'notify' ? TELEGRAM_TEXTS.tooManyMessages : undefined);
      if (verdict === 'notify') await send.sendText(api, chat?.id ?? query.from.id, TELEGRAM_TEXTS.tooManyMessages);
      return;
    }
    const action = (await actions.decode(query.data)) ?? EXPIRED_BUTTON_ACTION;
    const rating = parseFeedbackAction(action);
    if (rating) return rateAnswer(api, query, rating);
    if (!early) await send.answerButton(api, query.id);
    await converse(api, chat?.id ?? query.from.id, convertCallbackQuery(query, action));
  }

  /** 👍 / 👎: recorded (once per answer), answered with a toast, and the row taken off the answer. */
  async function rateAnswer(api: Api, query: CallbackQuery, rating: NonNullable<ReturnType<typeof parseFeedbackAction>>): Promise<void> {
    let recorded = false;
    try {
      recorded = await engine.rate({ channel: TELEGRAM_CHANNEL, userId: String(query.from.id), ...rating });
    } catch (error) {
      logger.error({ error: describe(error) }, 'the rating of an answer could not be recorded');
      return send.answerButton(api, query.id, TELEGRAM_TEXTS.unavailable);
    }
    await send.answerButton(api, query.id, recorded ? FEEDBACK_TEXTS.thanks : FEEDBACK_TEXTS.already);
    const message = query.message;
    const keyboard = message && 'reply_markup' in message ? message.reply_markup?.inline_keyboard : undefined;
    if (message && keyboard) await send.replaceButtons(api, message.chat.id, message.message_id, withoutFeedbackRow(keyboard, query.data ?? ''));
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
    await send.answerButton(api, query.id, result.text);
    if (result.removeButton && message) await send.removeButtons(api, message.chat.id, message.message_id, leadId);
  }

  async function converse(api: Api, chatId: number, inbound: InboundMessage): Promise<void> {
    let handled;
    try {
      handled = await engine.handleOnce(inbound);
    } catch (error) {
      logger.error({ userId: inbound.userId, messageId: inbound.messageId, error: describe(error) }, 'Telegram turn failed');
      await send.sendText(api, chatId, error instanceof LockTimeoutError ? TELEGRAM_TEXTS.busy : TELEGRAM_TEXTS.unavailable);
      return;
    }
    if (handled.duplicate) return;
    await send.sendReplies(api, chatId, handled.replies, inbound.messageId);
  }

  const lifecycle = createTelegramLifecycle({
    bot,
    mode: config.mode,
    webhookUrl: config.webhookUrl,
    webhookSecret: config.webhookSecret,
    stopTimeoutMs: config.stopTimeoutMs,
    inFlight,
    logger,
    redact,
    describe,
    signal,
  });

  return {
    name: TELEGRAM_CHANNEL,
    capabilities: TELEGRAM_CAPABILITIES,
    routes: config.mode === 'webhook' ? [{ method: 'POST', path: TELEGRAM_WEBHOOK_PATH }] : [],
    registerRoutes(http: FastifyInstance) {
      if (config.mode !== 'webhook') return;
      registerTelegramWebhookRoute(http, {
        secret: config.webhookSecret!,
        logger,
        answerWithinMs: config.webhookAnswerWithinMs,
        isAccepting: lifecycle.isAccepting,
        handleUpdate: lifecycle.handleWebhookUpdate,
      });
    },
    async start() {
      await lifecycle.start();
      outbox.worker.start();
    },
    async stop() {
      await lifecycle.stop();
      await outbox.worker.stop();
    },
    drainReplies: () => outbox.worker.drain(),
  };
}
