/**
 * The web channel: `GET /` serves the chat page, `POST /api/chat` talks to the engine,
 * `GET /api/history` gives the page its user's recent messages back after a reload,
 * `POST /api/feedback` takes a 👍 / 👎 on an answer, `POST /chat` is the same chat without
 * JavaScript (a form post answered with a server-rendered page, `renderAnswerPage.ts`),
 * `GET /widget.js` is the embed script for other sites (those in `WEB_ALLOWED_ORIGINS`).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { PROJECT_ROOT } from '../../config/projectRoot.js';
import type { Engine } from '../../core/engine.js';
import { InputError } from '../../shared/errors.js';
import { clientAddress } from '../../http/httpLimits.js';
import type { DistrictProfile } from '../../knowledge/districtProfile.js';
import type { z } from 'zod';
import { chatRequestSchema, convertChatRequest, convertRepliesToChatResponse, feedbackRequestSchema, MIN_HISTORY_USER_CHARS, WEB_CHANNEL, webUserSchema } from './convertChatRequest.js';
import { convertHistoryToResponse, HISTORY_USER_HEADER, type HistoryResponse } from './convertHistory.js';
import { readPageTitle, registerAnswerPageRoute } from './renderAnswerPage.js';
import { chatPageSecurityPolicy, registerCrossOrigin } from './crossOrigin.js';
import { fillProfile } from './fillProfile.js';
import { fillTexts } from './fillTexts.js';

const ASSETS_DIR = path.join(PROJECT_ROOT, 'src', 'channels', 'web', 'assets');

/** The asset `file` as served: its wording from the locale files, the district's from the profile. */
function readAsset(file: string, profile: DistrictProfile): string {
  return fillProfile(file, fillTexts(file, readFileSync(path.join(ASSETS_DIR, file), 'utf8'), profile), profile);
}
const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/assets/chat.js': { file: 'chat.js', type: 'text/javascript; charset=utf-8' },
  '/assets/chat.css': { file: 'chat.css', type: 'text/css; charset=utf-8' },
};
/**
 * The widget changes only with a deployment and has no version in its URL (site owners paste
 * one fixed tag): browsers keep it an hour, then revalidate it cheaply with its ETag.
 */
const WIDGET_CACHE_CONTROL = 'public, max-age=3600, stale-while-revalidate=86400';

/** Options of {@link registerWebRoutes}. */
export interface WebRouteOptions {
  /** Chat requests per client address and minute (0: no limit); `trustProxy` reads the address from X-Forwarded-For. Default: no limit. */
  chatRateLimit?: { perMinute: number; trustProxy: boolean };
  /** Origins that may call `POST /api/chat` from a browser and frame the chat page (`WEB_ALLOWED_ORIGINS`). Default: none (same-origin only). */
  allowedOrigins?: readonly string[];
}

/**
 * Registers the web chat routes. With a rate limit, `POST /api/chat`, `GET /api/history`,
 * `POST /api/feedback` and `POST /chat` answer 429 with `Retry-After` once an address has sent `perMinute` requests in the last minute.
 *
 * @param app - the Fastify instance
 * @param engine - the engine that answers
 * @param profile - the district profile: the page's and the widget's titles and default language
 * @param options - see {@link WebRouteOptions}
 */
export function registerWebRoutes(app: FastifyInstance, engine: Engine, profile: DistrictProfile, options: WebRouteOptions = {}): void {
  registerCrossOrigin(app, options.allowedOrigins ?? []);
  const pageHeaders = {
    'content-security-policy': chatPageSecurityPolicy(options.allowedOrigins ?? []),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  const answerPage = { headers: pageHeaders, title: readPageTitle(readAsset('index.html', profile)) };
  const limit = options.chatRateLimit;
  if (limit && limit.perMinute > 0) {
    app.register(async (scope) => {
      await scope.register(rateLimit, {
        global: true,
        max: limit.perMinute,
        timeWindow: 60_000,
        keyGenerator: (request) => clientAddress(request, limit.trustProxy),
        errorResponseBuilder: (_request, context) => Object.assign(new Error(`rate limit of ${context.max} per minute reached`), { statusCode: 429 }),
      });
      registerChatRoute(scope, engine);
      registerHistoryRoute(scope, engine);
      registerFeedbackRoute(scope, engine);
      registerAnswerPageRoute(scope, engine, answerPage);
    });
  } else {
    registerChatRoute(app, engine);
    registerHistoryRoute(app, engine);
    registerFeedbackRoute(app, engine);
    registerAnswerPageRoute(app, engine, answerPage);
  }
  // Read once at start-up, not per request.
  for (const [route, asset] of Object.entries(ASSETS)) {
    const body = readAsset(asset.file, profile);
    app.get(route, async (_request, reply) => reply.headers({ ...pageHeaders, 'content-type': asset.type }).send(body));
  }
  registerWidgetRoute(app, profile);
}

/**
 * `GET /api/history`: the recent messages of the user named by the `X-Chat-User` header —
 * the same id the page sends as `user` to `POST /api/chat`, and the only thing that says who
 * is asking. Only that user's conversation is read; ids shorter than
 * {@link MIN_HISTORY_USER_CHARS} have none. Never cached; no CORS (the embed widget does not
 * ask for it), so browsers let no other site read it.
 */
function registerHistoryRoute(app: FastifyInstance, engine: Engine): void {
  app.get('/api/history', async (request, reply) => {
    const header = request.headers[HISTORY_USER_HEADER];
    const parsed = webUserSchema.safeParse(typeof header === 'string' ? header : undefined);
    if (!parsed.success) throw new InputError(HISTORY_USER_HEADER, 'send the user id the page sends to POST /api/chat in the X-Chat-User header');
    reply.header('cache-control', 'no-store');
    if (parsed.data.length < MIN_HISTORY_USER_CHARS) return reply.send({ messages: [] } satisfies HistoryResponse);
    return reply.send(convertHistoryToResponse(await engine.history({ channel: WEB_CHANNEL, userId: parsed.data })));
  });
}

/** `GET /widget.js`: the embed script, cacheable, with an ETag and 304 on a match. */
function registerWidgetRoute(app: FastifyInstance, profile: DistrictProfile): void {
  const body = readAsset('widget.js', profile);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  app.get('/widget.js', async (request, reply) => {
    reply.headers({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': WIDGET_CACHE_CONTROL, etag, 'x-content-type-options': 'nosniff' });
    const match = request.headers['if-none-match'];
    if (typeof match === 'string' && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return reply.status(304).send();
    return reply.send(body);
  });
}

/** `POST /api/chat`. */
function registerChatRoute(app: FastifyInstance, engine: Engine): void {
  app.post('/api/chat', async (request, reply) => {
    const body = parseBody(request.body, chatRequestSchema, '{"user": "u1", "text": "买房有补贴吗"}');
    const replies = await engine.handle(convertChatRequest(body));
    return reply.send(convertRepliesToChatResponse(replies));
  });
}

/**
 * `POST /api/feedback`: 👍 / 👎 on an answer the same user was given (`reply.feedback`), once
 * per answer. Answers `{"recorded": true}`, or `false` when that user has no such answer to rate.
 */
function registerFeedbackRoute(app: FastifyInstance, engine: Engine): void {
  app.post('/api/feedback', async (request, reply) => {
    const body = parseBody(request.body, feedbackRequestSchema, '{"user": "web-…", "entryId": "housing-subsidy.zh", "rating": "up"}');
    const recorded = await engine.rate({ channel: WEB_CHANNEL, userId: body.user, entryId: body.entryId, rating: body.rating });
    return reply.send({ recorded });
  });
}

/** The body read with `schema`, or an InputError naming the first field at fault. */
function parseBody<T>(raw: unknown, schema: z.ZodType<T>, example: string): T {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InputError('body', `expected a JSON object like ${example}`);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ where: i.path.join('.') || 'body', problem: i.message }));
    throw new InputError(issues[0]!.where, issues[0]!.problem, issues);
  }
  return parsed.data;
}
