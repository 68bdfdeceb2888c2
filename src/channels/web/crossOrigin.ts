/**
 * Who may use the web chat from another site (`WEB_ALLOWED_ORIGINS`): CORS for
 * `POST /api/chat` and the `frame-ancestors` of the chat page. An origin not on the list gets
 * no CORS header at all, so browsers refuse to let it read answers; with an empty list the
 * chat is same-origin only.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The route that sites on the list may call from a browser. */
export const CROSS_ORIGIN_ROUTE = '/api/chat';
/** How long a browser may cache a preflight answer, in seconds (Chromium caps it at 2 hours). */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * The `Content-Security-Policy` of the chat page: only the page's own origin and the listed
 * origins may frame it.
 *
 * @param allowedOrigins - normalised origins from `WEB_ALLOWED_ORIGINS`
 */
export function chatPageSecurityPolicy(allowedOrigins: readonly string[]): string {
  const ancestors = ["'self'", ...allowedOrigins].join(' ');
  return `default-src 'self'; img-src 'self' data:; frame-ancestors ${ancestors}; base-uri 'none'; form-action 'self'`;
}

/**
 * Adds CORS to {@link CROSS_ORIGIN_ROUTE}: every response carries `Vary: Origin`; a request
 * from a listed origin gets `Access-Control-Allow-Origin` echoing it (also on errors and 429,
 * so the widget can show them); `OPTIONS` answers the preflight of a listed origin with 204
 * and refuses any other origin with 403 and no CORS headers.
 *
 * @param app - the Fastify instance (hooks and the OPTIONS route are added to it)
 * @param allowedOrigins - normalised origins from `WEB_ALLOWED_ORIGINS`
 */
export function registerCrossOrigin(app: FastifyInstance, allowedOrigins: readonly string[]): void {
  const allowed = new Set(allowedOrigins);
  const listedOrigin = (request: FastifyRequest): string | undefined => {
    const origin = request.headers.origin;
    return typeof origin === 'string' && allowed.has(origin) ? origin : undefined;
  };

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.split('?')[0] !== CROSS_ORIGIN_ROUTE) return;
    reply.header('vary', 'Origin');
    const origin = listedOrigin(request);
    if (origin) reply.header('access-control-allow-origin', origin);
  });

  app.options(CROSS_ORIGIN_ROUTE, async (request, reply) => answerPreflight(request, reply, listedOrigin(request) !== undefined));
}

/** The answer to `OPTIONS /api/chat`. */
function answerPreflight(request: FastifyRequest, reply: FastifyReply, listed: boolean): FastifyReply {
  if (request.headers.origin === undefined) return reply.status(204).header('allow', 'POST, OPTIONS').send();
  if (!listed) {
    return reply.status(403).send({ error: { code: 'origin_not_allowed', message: 'this site may not use the chat; ask the operator to add it to WEB_ALLOWED_ORIGINS' } });
  }
  return reply
    .status(204)
    .headers({
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
    })
    .send();
}
