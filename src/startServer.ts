/**
 * The composition root: builds and starts the whole bot from configuration — the store
 * (embedded SQLite by default), knowledge, flows, partners, the lead service and its outbox
 * worker, the HTTP app, and the channels, each a channel adapter registered in order (web,
 * Telegram, 微信客服, the WeCom app). The channels start in that order after the server
 * listens and stop in reverse after it closed; the workers and the store close after them.
 * `main.ts` calls it.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FastifyBaseLogger } from 'fastify';
import { createFunnelCounter } from './admin/leads/funnel.js';
import { createInboxRecorder } from './admin/inbox/inbox.js';
import { createAnswerFeedbackRecorder } from './admin/feedback/answerFeedbackLog.js';
import { createConversationLogRecorder, PRUNE_EVERY_MS } from './admin/logs/conversationLog.js';
import { buildApp, type App } from './app.js';
import { createCalendarNotifier, type CalendarNotifier } from './calendar/createCalendarNotifier.js';
import { createNotificationSenders } from './calendar/notificationSenders.js';
import { createSubscriptionBook } from './calendar/subscriptionBook.js';
import { createChannelRegistry, type ChannelRegistry } from './channels/channelRegistry.js';
import { createWebChannel } from './channels/web/createWebChannel.js';
import type { Config } from './config/config.js';
import type { Clock } from './shared/clock.js';
import { loadFlows } from './flows/loadFlows.js';
import { localeView } from './i18n/locales.js';
import { loadDistrictProfile } from './knowledge/districtProfile.js';
import { buildKnowledgeBase, type KnowledgeSource } from './knowledge/knowledgeBase.js';
import { createReloadingKnowledge } from './knowledge/reloadingKnowledge.js';
import { loadKnowledge } from './knowledge/loadKnowledge.js';
import { createAckLink, resolveAckSecret } from './leads/ackLink.js';
import { createLeadService } from './leads/createLeadService.js';
import { createOutboxWorker, type OutboxWorker } from './leads/createOutboxWorker.js';
import { createSendRateLimiter } from './core/sendRateLimiter.js';
import { loadPartners } from './leads/partners.js';
import { registerAckRoute } from './leads/registerAckRoute.js';
import { createLlmAssistant } from './llm/createLlmAssistant.js';
import { createMetrics } from './metrics/createMetrics.js';
import type { Store } from './store/contract.js';
import { createSqliteStore } from './store/sqliteStore.js';
import { warmUpEngine } from './warmUpEngine.js';

/** The file of the embedded store inside DATA_DIR. */
export const SQLITE_FILE_NAME = 'talentbot.sqlite';

/**
 * The line of the privacy notices that says applicant text goes to the configured model
 * provider (named by its host), shown only when a model is configured.
 */
export function describeModelForPrivacyNotice(baseUrl: string): { zh: string; en: string } {
  const host = new URL(baseUrl).host;
  return { zh: localeView('zh', 'engine').t('modelPrivacyLine', { host }), en: localeView('en', 'engine').t('modelPrivacyLine', { host }) };
}

/** A running bot. */
export interface RunningServer {
  app: App;
  store: Store;
  worker: OutboxWorker;
  /** The calendar notifications, when `CALENDAR_SUBSCRIPTIONS` is on. */
  calendar: CalendarNotifier | undefined;
  /** The channels, in the order they were registered and started. */
  channels: ChannelRegistry;
  /**
   * Stops taking requests (the server closes), stops the calendar notifier, stops the channels
   * in reverse order of registration, then lets the outbox worker settle what it is sending and
   * closes the knowledge sources and the store.
   */
  close(): Promise<void>;
}

/**
 * Starts the bot.
 *
 * @param config - parsed configuration
 * @param env - the environment partners' `secretEnv` / `keyEnv` are read from
 * @param clock - the clock of the whole bot
 * @param logger - a pino logger
 */
export async function startServer(config: Config, env: Record<string, string | undefined>, clock: Clock, logger: FastifyBaseLogger): Promise<RunningServer> {
  const content = await loadKnowledge(config.knowledgeDir);
  const profile = await loadDistrictProfile(config.knowledgeDir);
  const flows = await loadFlows(config.flowsDir, new Set(content.topics.map((t) => t.id)));
  const requiredTopics = new Set([...flows.values()].flatMap((f) => f.offerOnTopics));
  const partners = await loadPartners(config.partnersFile, env, profile.office);
  for (const warning of partners.warnings) logger.warn(warning);

  // The optional parts are imported only when configured: their libraries (ioredis, grammy,
  // WeCom's XML parser and crypto) and the staff console's modules would otherwise take tens
  // of MiB of an idle bot's memory.
  const redis = config.redisUrl ? await import('./store/redis/index.js') : undefined;
  const telegramChannel = config.telegramBotToken ? await import('./channels/telegram/index.js') : undefined;
  const wecomChannel = config.wecom ? await import('./channels/wecom/index.js') : undefined;
  const adminConsole = config.admin ? await import('./admin/registerAdminRoutes.js') : undefined;
  const consoleContent = config.admin ? await import('./admin/content/storeKnowledgeSource.js') : undefined;
  const store = redis && config.redisUrl
    ? redis.createRedisStore({ url: config.redisUrl, prefix: config.redisPrefix, clock })
    : createSqliteStore({ file: path.join(config.dataDir, SQLITE_FILE_NAME), clock });
  // With Redis, every process hears content changes at once.
  const signal = redis && config.redisUrl
    ? redis.createRedisSignal({ url: config.redisUrl, prefix: config.redisPrefix, onError: (err) => logger.error({ err }, 'the content reload signal failed') })
    : undefined;
  // With the console on, the published revision lives in the store; without it, knowledge/
  // is read again on `npm run kb:reload` (Redis signal) or SIGHUP.
  const consoleKnowledge = consoleContent
    ? await consoleContent.createStoreKnowledgeSource({ store, clock, knowledgeDir: config.knowledgeDir, requiredTopics, logger, ...(signal ? { signal } : {}) })
    : undefined;
  const fileKnowledge = consoleKnowledge ? undefined : createReloadingKnowledge({ dir: config.knowledgeDir, initial: buildKnowledgeBase(content), requiredTopics, logger });
  const stopListening = fileKnowledge && signal ? await fileKnowledge.listen(signal) : undefined;
  const stopHangup = fileKnowledge?.reloadOnHangup();
  const knowledge: KnowledgeSource = consoleKnowledge ?? fileKnowledge!;
  const ackLink = createAckLink({ secret: await resolveAckSecret(store.state, config.ackSigningSecret), publicBaseUrl: config.publicBaseUrl });
  const leads = createLeadService({ store, clock, partners, logger, reapplyWindowMs: config.reapplyWindowMs });
  // One set of platform sending budgets (counted in the store) for lead deliveries and Telegram replies.
  const sendLimits = createSendRateLimiter(store.state, clock);
  const worker = createOutboxWorker({
    sendLimits,
    store,
    clock,
    fetch: globalThis.fetch,
    partners,
    ackLink,
    logger,
    districtName: profile.district.zh,
    maxAttempts: config.deliveryMaxAttempts,
    retryBaseMs: config.deliveryRetryBaseMs,
    leaseMs: config.deliveryLeaseMs,
    ...(config.ackEscalateAfterMs !== undefined ? { escalateAfterMs: config.ackEscalateAfterMs } : {}),
    unqualifiedRetentionMs: config.unqualifiedRetentionMs,
    wecomApiBase: config.wecomApiBase,
    telegramApiRoot: config.telegramApiRoot,
    ...(config.telegramBotToken ? { telegramBotToken: config.telegramBotToken } : {}),
    // Partners' lead cards go through the WeCom channel (created below, before the worker starts).
    ...(config.wecom ? { wecomApp: { sendCard: (users, card) => wecom!.leadCards!.sendCard(users, card), sendMarkdown: (users, text) => wecom!.leadCards!.sendMarkdown(users, text) } } : {}),
  });

  const book = config.calendarSubscriptions ? createSubscriptionBook(store.state, clock, config.calendarSubscriptionDays * 24 * 3600_000) : undefined;
  // Logged only where staff can read the logs, and only when kept at all; pruned at start and hourly.
  const conversationLog = config.admin && config.conversationLogMs > 0 ? createConversationLogRecorder(store, clock, { retentionMs: config.conversationLogMs, logger }) : undefined;
  const pruneLogs = conversationLog ? setInterval(() => void conversationLog.prune(), PRUNE_EVERY_MS) : undefined;
  pruneLogs?.unref();
  await conversationLog?.prune();

  const llm = await createLlmAssistant(config, { logger });
  const app = buildApp({
    clock,
    store,
    knowledge,
    profile,
    logger,
    conversationTtlMs: config.conversationTtlMs,
    httpLimits: config.http,
    flows,
    leads,
    flowExpiryMs: config.flowExpiryMs,
    promptValues: {
      unqualifiedRetentionDays: Math.round(config.unqualifiedRetentionMs / (24 * 3600_000)),
      modelNotice: llm && config.llm ? describeModelForPrivacyNotice(config.llm.baseUrl) : '',
    },
    ...(config.admin ? { inbox: createInboxRecorder(store, clock, logger), funnel: createFunnelCounter(store, clock, profile.timeZone, logger) } : {}),
    feedback: createAnswerFeedbackRecorder(store, clock, logger),
    ...(book ? { subscriptions: { book, keepDays: config.calendarSubscriptionDays, publicBaseUrl: config.publicBaseUrl } } : {}),
    calendarFeed: { publicBaseUrl: config.publicBaseUrl, reminderDays: config.calendarReminderDays },
    ...(conversationLog ? { conversationLog } : {}),
    registerRoutes: (http) => {
      registerAckRoute(http, { store, clock, ackLink, partners, logger, timeZone: profile.timeZone });
      if (config.admin && adminConsole && consoleKnowledge) {
        adminConsole.registerAdminRoutes(http, {
          store,
          clock,
          knowledge: consoleKnowledge,
          profile,
          partners,
          flows,
          adminUser: config.admin.user,
          adminPassword: config.admin.password,
          sessionTtlMs: config.admin.sessionTtlMs,
          conversationLogMs: config.conversationLogMs,
          contentStaleDays: config.contentStaleDays,
          trustProxy: config.admin.trustProxy,
          publicBaseUrl: config.publicBaseUrl,
          logger,
          ...(wecomChannel ? { handoffs: { list: () => wecomChannel.listWaitingHandoffs(store.state), timeoutMs: config.wecomKfHandoffTimeoutMs } } : {}),
          ...(book ? { calendar: { list: () => book.list(), publicBaseUrl: config.publicBaseUrl } } : {}),
        });
      }
    },
    ...(llm ? { llm } : {}),
    metrics: createMetrics({ processMetrics: true, ...(llm ? { llm: llm.metrics } : {}) }),
  });

  // The channels, in the order they start; they stop in reverse.
  const channels = createChannelRegistry(logger);
  channels.register(createWebChannel({ engine: app.engine, profile, options: { chatRateLimit: config.http.chatRateLimit, allowedOrigins: config.webAllowedOrigins } }));
  const telegram = telegramChannel && config.telegramBotToken
    ? telegramChannel.createTelegramChannel({
        engine: app.engine,
        store,
        clock,
        logger,
        partners,
        sendLimits,
        config: {
          token: config.telegramBotToken,
          mode: config.telegramMode,
          ...(config.telegramWebhookSecret ? { webhookSecret: config.telegramWebhookSecret } : {}),
          webhookUrl: `${config.publicBaseUrl}${telegramChannel.TELEGRAM_WEBHOOK_PATH}`,
          apiRoot: config.telegramApiRoot,
          maxRetryDelaySeconds: config.telegramMaxRetryDelaySeconds,
          userMessagesPerMinute: config.telegramUserMessagesPerMinute,
        },
      })
    : undefined;
  const wecom = wecomChannel && config.wecom
    ? wecomChannel.createWecomChannel({
        engine: app.engine,
        store,
        clock,
        logger,
        config: { ...config.wecom, apiBase: config.wecomApiBase },
        options: { kf: { handoffTimeoutMs: config.wecomKfHandoffTimeoutMs } },
        leadCards: { partners, ackLink, districtName: profile.district.zh },
      })
    : undefined;
  if (telegram) channels.register(telegram);
  for (const adapter of wecom?.adapters ?? []) channels.register(adapter);
  channels.registerRoutes(app.http);
  const senders = createNotificationSenders({
    ...(config.telegramBotToken ? { telegram: { token: config.telegramBotToken, apiRoot: config.telegramApiRoot, fetch: globalThis.fetch, limits: sendLimits } } : {}),
    ...(wecom && config.wecom ? { wecomApp: { api: wecom.api, agentId: config.wecom.agentId }, wecomKf: { sendNotice: wecom.sendKfNotice } } : {}),
  });
  const calendar = book
    ? createCalendarNotifier({ store, clock, logger, knowledge, book, senders, timeZone: profile.timeZone, reminderDays: config.calendarReminderDays, publicBaseUrl: config.publicBaseUrl, worker: { retryBaseMs: config.deliveryRetryBaseMs } })
    : undefined;

  // Before listening: the first burst must not pay for the readers built on first use and V8's first compilations.
  const warmUpStarted = performance.now();
  const warmUpTurns = await warmUpEngine({ clock, knowledge, profile, flows });
  const warmUpMs = Math.round(performance.now() - warmUpStarted);
  await app.http.listen({ port: config.port, host: config.host });
  worker.start();
  await channels.start();
  calendar?.start();
  logger.info(
    {
      port: config.port,
      entries: knowledge.current().content.entries.length,
      flows: [...flows.keys()],
      partners: partners.partners.length,
      store: store.kind,
      console: config.admin ? '/admin' : 'off',
      channels: channels.adapters.map((c) => (c === telegram ? `${c.name} (${config.telegramMode})` : c.name)),
      llm: llm && config.llm ? config.llm.model : 'none',
      warmUp: { turns: warmUpTurns, ms: warmUpMs },
    },
    `talentbot is ready: open http://localhost:${config.port}`,
  );

  return {
    app,
    store,
    worker,
    calendar,
    channels,
    async close() {
      clearInterval(pruneLogs);
      await app.http.close();
      await calendar?.stop();
      await channels.stop();
      await worker.stop();
      stopHangup?.();
      await stopListening?.();
      await consoleKnowledge?.close();
      await signal?.close();
      await store.close();
      logger.info({}, 'talentbot stopped: channels, workers and the store are closed');
    },
  };
}
