/**
 * The Telegram channel: applicants chat with the bot on Telegram with everything the web
 * chat offers, and partners acknowledge leads with a button in their chat. Setup for
 * operators: `docs/telegram.md`.
 *
 * ## Wiring (src/startServer.ts)
 *
 * The channel is a channel adapter (`../channelAdapter.ts`) named `telegram`, registered with
 * the others in the composition root:
 *
 * ```ts
 * const app = buildApp({ ... });
 * const telegram = config.telegramBotToken
 *   ? createTelegramChannel({
 *       engine: app.engine, store, clock, logger, partners,
 *       config: {
 *         token: config.telegramBotToken,
 *         mode: config.telegramMode,
 *         webhookSecret: config.telegramWebhookSecret,
 *         webhookUrl: `${config.publicBaseUrl}${TELEGRAM_WEBHOOK_PATH}`,
 *         apiRoot: config.telegramApiRoot,
 *         maxRetryDelaySeconds: config.telegramMaxRetryDelaySeconds,
 *         userMessagesPerMinute: config.telegramUserMessagesPerMinute,
 *       },
 *     })
 *   : undefined;
 * if (telegram) channels.register(telegram);
 * channels.registerRoutes(app.http);    // before listen: adds POST /telegram/webhook in webhook mode
 * await app.http.listen(...);
 * await channels.start();               // after listen: Telegram may post right after setWebhook
 * // close(): await app.http.close(); await channels.stop(); await worker.stop(); await store.close();
 * ```
 *
 * ## Exports, from commonly used to for experts
 * - {@link createTelegramChannel} → a channel adapter (`registerRoutes(http)`, `start()`, `stop()`, {@link TELEGRAM_CAPABILITIES}), its
 *   options {@link TelegramChannelDependencies} and {@link TelegramChannelConfig};
 *   {@link TELEGRAM_WEBHOOK_PATH}.
 * - The converters, for other adapters and tests: {@link convertTelegramMessage},
 *   {@link convertCallbackQuery}, {@link renderTelegramReply}, {@link splitTelegramMessage},
 *   {@link renderTelegramHtml}, {@link convertCommand} and {@link TELEGRAM_COMMANDS}.
 * - The parts kept in the store: {@link createActionTable} (long button actions),
 *   {@link claimUpdate} (de-duplication by `update_id`), {@link limitFlood} (per-user limit).
 * - {@link checkSecretToken}: the constant-time webhook secret check.
 */
export {
  ALLOWED_UPDATES,
  createTelegramChannel,
  EXPIRED_BUTTON_ACTION,
  TELEGRAM_CAPABILITIES,
  TELEGRAM_WEBHOOK_PATH,
  type TelegramChannel,
  type TelegramChannelConfig,
  type TelegramChannelDependencies,
  type TelegramMode,
} from './createTelegramChannel.js';
export { convertCallbackQuery, convertTelegramMessage, languageFromCode, TELEGRAM_CHANNEL } from './convertTelegramUpdate.js';
export { layoutKeyboard, renderTelegramReply, type CallbackButton, type TelegramOutgoingMessage } from './renderTelegramReply.js';
export { splitTelegramMessage, TELEGRAM_MAX_MESSAGE_CHARS } from './splitTelegramMessage.js';
export { escapeTelegramHtml, renderTelegramHtml } from './formatTelegramHtml.js';
export { commandMenu, convertCommand, TELEGRAM_COMMANDS, type CommandInput, type TelegramCommand } from './telegramCommands.js';
export { actionTableKey, createActionTable, DEFAULT_ACTION_TTL_MS, type ActionTable } from './actionTable.js';
export { claimUpdate, DEFAULT_UPDATE_CLAIM_TTL_MS, updateClaimKey } from './claimUpdate.js';
export { DEFAULT_USER_MESSAGES_PER_MINUTE, limitFlood, type FloodLimit, type FloodVerdict } from './limitFlood.js';
export { acknowledgeFromChat, type AcknowledgeFromChatResult } from './acknowledgeFromChat.js';
export { checkSecretToken, SECRET_TOKEN_HEADER } from './checkSecretToken.js';
export { TELEGRAM_TEXTS } from './telegramTexts.js';
