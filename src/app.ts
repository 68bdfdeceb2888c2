/**
 * Builds the HTTP application from its parts: the server with its limits and error answers,
 * the engine, and the routes that belong to no channel (health, metrics, calendar feeds).
 * Everything is passed in, so tests build the same app with a fixed clock and a fresh store.
 * It knows no channel: the composition root (`startServer.ts`) registers them, the web chat
 * among them (tests: `test/helpers/webApp.ts`).
 */
import type { Server } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyHttpOptions, type FastifyInstance } from 'fastify';
import { registerCalendarRoutes } from './calendar/registerCalendarRoutes.js';
import type { CalendarSubscriptions } from './calendar/subscriptionTurn.js';
import type { Clock } from './shared/clock.js';
import { createEngine, type AnswerFeedbackRecorder, type ConversationLogRecorder, type Engine, type FunnelCounter, type UnansweredQuestionRecorder } from './core/engine.js';
import { HandlerError, InputError, NetworkError, PlatformError } from './shared/errors.js';
import type { Flows } from './flows/loadFlows.js';
import type { PromptValues } from './flows/runFlow.js';
import type { DistrictProfile } from './knowledge/districtProfile.js';
import type { KnowledgeSource } from './knowledge/knowledgeBase.js';
import { createMetrics, type Metrics } from './metrics/createMetrics.js';
import type { LeadService } from './leads/leadService.js';
import type { LlmAssistant } from './llm/llmAssistant.js';
import { LockTimeoutError, type Store } from './store/contract.js';
import { resolveHttpLimits, type HttpLimits } from './http/httpLimits.js';
import { probeStoreWrite } from './http/probeStoreWrite.js';
import { bothLanguages, STORE_UNAVAILABLE_MESSAGE } from './http/storeUnavailable.js';

/** Largest request body accepted, in bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

/** What the application is built from. */
export interface AppDependencies {
  clock: Clock;
  store: Store;
  knowledge: KnowledgeSource;
  /** The district profile (`loadDistrictProfile`): the engine's wording and time zone, the web page's titles. */
  profile: DistrictProfile;
  /** A pino logger for requests and the engine; omitted: no logging. */
  logger?: FastifyBaseLogger;
  /** How long idle conversations are kept, in milliseconds. */
  conversationTtlMs?: number;
  /** The conversation flows; omitted: none. */
  flows?: Flows;
  /** The leads layer that confirmed applications go to; required when flows are given. */
  leads?: LeadService;
  /** How long an unfinished flow can be resumed, in milliseconds. */
  flowExpiryMs?: number;
  /** Values for `{placeholders}` in flow prompts. */
  promptValues?: PromptValues;
  /** The optional language model (grounded answers, free-text understanding); omitted: none. */
  llm?: LlmAssistant;
  /** Where unanswered questions are recorded for staff (the console's inbox). */
  inbox?: UnansweredQuestionRecorder;
  /** Counts applicants through the funnel (the console's chart). */
  funnel?: FunnelCounter;
  /** Where 👍 / 👎 ratings of answers are recorded; omitted: they are accepted and dropped. */
  feedback?: AnswerFeedbackRecorder;
  /** Where turns are logged for the console's conversation logs (and the welcome says so); omitted: nothing is logged. */
  conversationLog?: ConversationLogRecorder;
  /** The metrics of `GET /metrics`; omitted: a fresh set without process metrics. */
  metrics?: Metrics;
  /** Request timeouts (omitted: 30 s each); `chatRateLimit` is the web channel's (`createWebChannel`), not read here. */
  httpLimits?: Partial<HttpLimits>;
  /** Calendar subscriptions (`CALENDAR_SUBSCRIPTIONS`); omitted: off. */
  subscriptions?: CalendarSubscriptions;
  /** The calendar feeds' settings: external URL (event UIDs) and the deadline alarm's lead time in days. */
  calendarFeed?: { publicBaseUrl?: string; reminderDays?: number };
  /** Registers more routes on the server (leads acknowledgement, the console); channels register theirs through the registry (`src/channels/channelRegistry.ts`). */
  registerRoutes?: (http: FastifyInstance) => void;
}

/** The built application: the Fastify instance and the engine behind it; no channel yet (the composition root registers them). */
export interface App {
  http: FastifyInstance;
  engine: Engine;
}

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

/**
 * Builds the application. Call `app.http.listen()` to serve, or `app.http.inject()` in tests.
 *
 * @param deps - see {@link AppDependencies}
 */
export function buildApp(deps: AppDependencies): App {
  const limits = resolveHttpLimits(deps.httpLimits);
  const serverOptions: FastifyHttpOptions<Server> = {
    bodyLimit: MAX_BODY_BYTES,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionTimeout: limits.connectionTimeoutMs,
    // Node checks the request and header limits at this interval (default 30 s).
    http: { headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: Math.max(100, Math.min(1000, limits.requestTimeoutMs / 4)) },
  };
  const http: FastifyInstance = deps.logger
    ? Fastify({ ...serverOptions, loggerInstance: quietRequestLogger(deps.logger) })
    : Fastify({ ...serverOptions, logger: false });
  const metrics = deps.metrics ?? createMetrics(deps.llm ? { llm: deps.llm.metrics } : {});
  metrics.instrument(http);
  const engine = createEngine({
    turnCounter: metrics,
    clock: deps.clock,
    store: deps.store,
    knowledge: deps.knowledge,
    profile: deps.profile,
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.conversationTtlMs ? { conversationTtlMs: deps.conversationTtlMs } : {}),
    ...(deps.flows ? { flows: deps.flows } : {}),
    ...(deps.leads ? { leads: deps.leads } : {}),
    ...(deps.flowExpiryMs ? { flowExpiryMs: deps.flowExpiryMs } : {}),
    ...(deps.promptValues ? { promptValues: deps.promptValues } : {}),
    ...(deps.llm ? { llm: deps.llm } : {}),
    ...(deps.inbox ? { inbox: deps.inbox } : {}),
    ...(deps.funnel ? { funnel: deps.funnel } : {}),
    ...(deps.feedback ? { feedback: deps.feedback } : {}),
    ...(deps.subscriptions ? { subscriptions: deps.subscriptions } : {}),
    ...(deps.conversationLog ? { conversationLog: deps.conversationLog } : {}),
  });

  http.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof InputError) {
      const body: ErrorBody = { error: { code: 'invalid_request', message: error.message, field: error.where } };
      return reply.status(400).send(body);
    }
    if (error instanceof NetworkError || error instanceof PlatformError || (error instanceof HandlerError && (error.cause instanceof NetworkError || error.cause instanceof PlatformError))) {
      request.log.error({ err: error }, 'a dependency is unavailable');
      return reply.status(503).header('retry-after', '5').send({ error: { code: 'unavailable', message: STORE_UNAVAILABLE_MESSAGE } });
    }
    if (error.statusCode === 429) {
      return reply.status(429).send({ error: { code: 'rate_limited', message: bothLanguages('http.rateLimited') } });
    }
    if (error instanceof LockTimeoutError) {
      return reply.status(503).header('retry-after', '2').send({ error: { code: 'busy', message: 'this conversation is busy; try again shortly' } });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.status(status).send({ error: { code: clientErrorCode(error), message: clientErrorMessage(error) } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: { code: 'internal', message: 'something went wrong on our side; try again shortly' } });
  });
  http.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } }),
  );

  http.get('/healthz', async () => ({ status: 'ok' }));
  http.get('/metrics', async (_request, reply) => reply.header('content-type', metrics.registry.contentType).send(await metrics.render()));
  http.get('/readyz', async (_request, reply) => {
    try {
      await deps.store.ping();
      await probeStoreWrite(deps.store, deps.clock);
      return { status: 'ready', store: deps.store.kind };
    } catch (error) {
      deps.logger?.warn({ err: error }, 'not ready: the store cannot be written');
      return reply.status(503).header('retry-after', '5').send({ status: 'unavailable', store: deps.store.kind });
    }
  });
  registerCalendarRoutes(http, { knowledge: deps.knowledge, profile: deps.profile, clock: deps.clock, ...deps.calendarFeed });
  deps.registerRoutes?.(http);
  return { http, engine };
}

/**
 * Fastify logs two lines per request at info level, which costs more than a chat turn's
 * work under load. They are kept only when the log level is debug or trace; errors and
 * warnings are logged as always.
 */
function quietRequestLogger(logger: FastifyBaseLogger): FastifyBaseLogger {
  return ['debug', 'trace'].includes(logger.level) ? logger : logger.child({}, { level: logger.level === 'info' ? 'warn' : logger.level });
}

function clientErrorCode(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'body_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'invalid_json';
    default:
      return 'bad_request';
  }
}

function clientErrorMessage(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `request body is larger than ${MAX_BODY_BYTES} bytes`;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'send the body as JSON with content-type: application/json';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'the JSON body is empty; send {"user": "…", "text": "…"}';
    default:
      return error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
        ? 'the body is not valid JSON'
        : error.message;
  }
}
