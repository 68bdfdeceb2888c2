/**
 * The staff console and partner portal under `/admin`: content editing with drafts,
 * evaluation-gated publishing, history and restore, export/import; the inbox of unanswered
 * questions; leads, their history and the funnel; the partner portal; accounts and the
 * audit log. Mounted only when ADMIN_USER and ADMIN_PASSWORD are set (the caller decides);
 * see `docs/console.md`.
 *
 * Everything is registered in one encapsulated Fastify plugin with the `/admin` prefix, so
 * its form parsers, security headers and HTML error pages apply to the console only.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyError, FastifyInstance } from 'fastify';
import { PROJECT_ROOT } from '../config/projectRoot.js';
import type { Clock } from '../shared/clock.js';
import { InputError } from '../shared/errors.js';
import { silentLogger, type Logger } from '../shared/logger.js';
import type { Flows } from '../flows/loadFlows.js';
import type { DistrictProfile } from '../knowledge/districtProfile.js';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import type { LoadedPartners } from '../leads/partners.js';
import type { Store } from '../store/contract.js';
import { registerAccountRoutes } from './accounts/accountRoutes.js';
import { createAuditLog } from './accounts/auditLog.js';
import { createLoginLimiter, type LoginLimits } from './accounts/loginLimiter.js';
import { DEFAULT_SCRYPT_COST } from './accounts/passwords.js';
import { createSessions, DEFAULT_SESSION_TTL_MS } from './accounts/sessions.js';
import { createUserAccounts } from './accounts/userAccounts.js';
import { registerContentRoutes } from './content/contentRoutes.js';
import { hashFiles } from './content/knowledgeFiles.js';
import type { StoreKnowledgeSource } from './content/storeKnowledgeSource.js';
import { createInbox } from './inbox/inbox.js';
import { registerInboxRoutes } from './inbox/inboxRoutes.js';
import { registerHandoffRoutes } from './handoffs/handoffRoutes.js';
import { registerCalendarSubscriberRoutes } from './calendar/calendarSubscriberRoutes.js';
import { registerLogRoutes } from './logs/logRoutes.js';
import { registerQualityRoutes } from './logs/qualityRoutes.js';
import { registerLeadRoutes } from './leads/leadRoutes.js';
import { registerPortalRoutes } from './portal/portalRoutes.js';
import { createPublishGate } from './publish/publishGate.js';
import { registerPublishRoutes } from './publish/publishRoutes.js';
import { createRegressionSet } from './publish/regressionSet.js';
import { createAdminRouter, sendError, type AdminRequest, type RouteInfo } from './shared/adminRouter.js';
import type { AdminServices, CalendarSubscribers, WaitingHandoffs } from './shared/adminServices.js';
import { consoleTexts } from './shared/texts/consoleTexts.js';

export type { AdminServices, CalendarSubscribers, WaitingHandoff, WaitingHandoffs } from './shared/adminServices.js';

/** What the console needs. */
export interface AdminDependencies {
  store: Store;
  clock: Clock;
  /** The knowledge source the bot answers from ({@link createStoreKnowledgeSource}); publishing swaps its base. */
  knowledge: StoreKnowledgeSource;
  /** The district profile (time zone of dates shown, the engine the publish gate scores with). */
  profile: DistrictProfile;
  /** The partners (for partner accounts, filters and names). */
  partners: LoadedPartners;
  /** The conversation flows, whose question and choice labels name leads' answers; default none (answers show their ids). */
  flows?: Flows;
  /** ADMIN_USER: the bootstrap admin's name. */
  adminUser: string;
  /** ADMIN_PASSWORD: the bootstrap admin's password. A secret: never logged. */
  adminPassword: string;
  /** ADMIN_SESSION_HOURS in milliseconds; default 12 hours. */
  sessionTtlMs?: number;
  /** PUBLIC_BASE_URL: when https, cookies are `Secure`. */
  publicBaseUrl?: string;
  /** ADMIN_TRUST_PROXY: trust X-Forwarded-Proto (Secure cookies) and X-Forwarded-For (rate limits, audit) from a reverse proxy. Default false. */
  trustProxy?: boolean;
  logger?: Logger;
  /** scrypt's N for new password hashes; default 2^17. Tests lower it. */
  scryptCost?: number;
  /** Login rate limits; see {@link LoginLimits}. */
  loginLimits?: LoginLimits;
  /** The 微信客服 customers waiting in the servicer queue (from the WeCom channel); omitted: the page says the channel is off. */
  handoffs?: WaitingHandoffs;
  /** The calendar subscribers (counts per event, notification previews); omitted: the page says subscriptions are off. */
  calendar?: CalendarSubscribers;
  /** `CONVERSATION_LOG_DAYS` in milliseconds: what the conversation logs show; default 30 days, 0: off. */
  conversationLogMs?: number;
  /** `CONTENT_STALE_DAYS`: entries whose as-of date is older than this many days are flagged; default {@link DEFAULT_CONTENT_STALE_DAYS}. */
  contentStaleDays?: number;
}

/** How old an entry's as-of date may be before the console flags it, when no age is given: 365 days. */
export const DEFAULT_CONTENT_STALE_DAYS = 365;

/** The conversation logs' retention when none is given: 30 days. */
export const DEFAULT_CONVERSATION_LOG_MS = 30 * 24 * 3600_000;

/** The console once registered. */
export interface AdminConsole {
  /** Every declared route (filled when Fastify loads the plugin, i.e. after `ready()`). */
  routes: RouteInfo[];
  services: AdminServices;
  /** Resolves when the bootstrap admin exists. */
  ready: Promise<void>;
}

const ASSETS_DIR = path.join(PROJECT_ROOT, 'src', 'admin', 'assets');
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex',
};
/** Largest import upload. */
const IMPORT_BODY_LIMIT = 10 * 1024 * 1024;

/**
 * Registers the console under `/admin`.
 *
 * @param http - the app's Fastify instance (`buildApp({ registerRoutes })`)
 * @param deps - see {@link AdminDependencies}
 */
export function registerAdminRoutes(http: FastifyInstance, deps: AdminDependencies): AdminConsole {
  const logger = deps.logger ?? silentLogger;
  const { store, clock } = deps;
  const scryptCost = deps.scryptCost ?? DEFAULT_SCRYPT_COST;
  const accounts = createUserAccounts(store.state, clock, scryptCost);
  const audit = createAuditLog(store.state, clock, logger);
  const knowledgeDir = deps.knowledge.options.knowledgeDir;
  const previewCache = new Map<string, KnowledgeBase>();
  const services: AdminServices = {
    store,
    clock,
    logger,
    knowledge: deps.knowledge,
    profile: deps.profile,
    content: deps.knowledge.content,
    flows: deps.flows ?? new Map(),
    partners: deps.partners,
    accounts,
    sessions: createSessions(store.state, clock, deps.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS),
    limiter: createLoginLimiter(store.state, clock, deps.loginLimits),
    audit,
    inbox: createInbox(store, clock),
    regression: createRegressionSet(store.state, clock, knowledgeDir),
    gate: createPublishGate(clock, deps.profile, deps.knowledge.options.requiredTopics),
    ...(deps.handoffs ? { handoffs: deps.handoffs } : {}),
    ...(deps.calendar ? { calendar: deps.calendar } : {}),
    conversationLogMs: deps.conversationLogMs ?? DEFAULT_CONVERSATION_LOG_MS,
    contentStaleDays: deps.contentStaleDays ?? DEFAULT_CONTENT_STALE_DAYS,
    buildCached(files) {
      const key = hashFiles(files);
      const hit = previewCache.get(key);
      if (hit) return hit;
      const built = deps.knowledge.build(files);
      previewCache.set(key, built);
      if (previewCache.size > 3) previewCache.delete(previewCache.keys().next().value!);
      return built;
    },
    record: (ctx, action, target, detail) =>
      audit.record({ actor: ctx.user?.username ?? null, action, ...(target ? { target } : {}), ...(detail ? { detail } : {}), ip: ctx.ip }),
  };
  const ready = accounts.bootstrap(deps.adminUser, deps.adminPassword).catch((error: unknown) => {
    logger.error({ err: error }, 'could not create the bootstrap admin from ADMIN_USER');
    throw error;
  });
  ready.catch(() => undefined);
  const routes: RouteInfo[] = [];

  http.register(
    async (app) => {
      app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, new URLSearchParams(body as string)));
      app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));
      app.addHook('onRequest', async (_request, reply) => {
        void reply.headers(SECURITY_HEADERS);
      });
      app.addHook('preHandler', async () => {
        await ready;
      });
      app.setErrorHandler((error: FastifyError, request, reply) => {
        const ctx = { request, reply, lang: 'zh', t: consoleTexts('zh'), form: new URLSearchParams(), ip: request.ip, secure: false } as AdminRequest;
        if (error instanceof InputError) return sendError(ctx, 400, error.message);
        const status = error.statusCode ?? 500;
        if (status >= 400 && status < 500) return sendError(ctx, status, `${ctx.t.errors.badRequest} (${error.message})`);
        request.log.error({ err: error }, 'console request failed');
        return sendError(ctx, 500, ctx.t.errors.server);
      });
      app.setNotFoundHandler((request, reply) => {
        const ctx = { request, reply, lang: 'zh', t: consoleTexts('zh'), form: new URLSearchParams(), ip: request.ip, secure: false } as AdminRequest;
        return sendError(ctx, 404, ctx.t.errors.notFound);
      });
      for (const [file, type] of [
        ['console.css', 'text/css; charset=utf-8'],
        ['console.js', 'text/javascript; charset=utf-8'],
      ] as const) {
        const body = readFileSync(path.join(ASSETS_DIR, file), 'utf8');
        app.get(`/assets/${file}`, async (_request, reply) => reply.header('cache-control', 'public, max-age=300').type(type).send(body));
      }

      const router = createAdminRouter(
        app,
        {
          accounts,
          sessions: services.sessions,
          partnerName: (id) => (id ? deps.partners.get(id)?.name : undefined),
          httpsBaseUrl: (deps.publicBaseUrl ?? '').startsWith('https:'),
          trustProxy: deps.trustProxy ?? false,
        },
        routes,
      );
      registerAccountRoutes(router, services);
      registerContentRoutes(router, services);
      registerPublishRoutes(router, services, IMPORT_BODY_LIMIT);
      registerInboxRoutes(router, services);
      registerLogRoutes(router, services);
      registerQualityRoutes(router, services);
      registerLeadRoutes(router, services);
      registerHandoffRoutes(router, services);
      registerCalendarSubscriberRoutes(router, services);
      registerPortalRoutes(router, services);
      // Route paths inside the plugin are relative to the prefix; keep the full ones.
      for (const route of routes) if (!route.url.startsWith('/admin')) route.url = `/admin${route.url === '/' ? '' : route.url}`;
    },
    { prefix: '/admin' },
  );
  return { routes, services, ready };
}
