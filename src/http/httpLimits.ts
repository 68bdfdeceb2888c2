/**
 * What protects the HTTP server from slow and greedy clients: time limits on a request's
 * headers and body, on idle keep-alive and on an idle connection, so a body trickling in a
 * byte at a time is cut off; and a per-address rate limit on `POST /api/chat`
 * (`@fastify/rate-limit`), answered 429 with `Retry-After`.
 *
 * See https://nodejs.org/api/http.html#serverrequesttimeout and
 * https://github.com/fastify/fastify-rate-limit
 */
import type { FastifyRequest } from 'fastify';

/** Time limits and the chat rate limit; every field is optional in {@link resolveHttpLimits}. */
export interface HttpLimits {
  /** The whole request (headers and body) must arrive within this (REQUEST_TIMEOUT_SECONDS). */
  requestTimeoutMs: number;
  /** The headers must arrive within this; at most `requestTimeoutMs` (HEADERS_TIMEOUT_SECONDS). */
  headersTimeoutMs: number;
  /** An idle kept-alive connection is closed after this (KEEP_ALIVE_TIMEOUT_SECONDS). */
  keepAliveTimeoutMs: number;
  /** A connection on which nothing moves is closed after this (CONNECTION_TIMEOUT_SECONDS). */
  connectionTimeoutMs: number;
  /** Chat requests per client address and minute (CHAT_RATE_LIMIT_PER_MINUTE; 0: off); `trustProxy` reads the address from X-Forwarded-For (TRUST_PROXY). */
  chatRateLimit: { perMinute: number; trustProxy: boolean };
}

/** The defaults: 30 s for every time limit, 120 chat requests per address and minute. */
export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 30_000,
  keepAliveTimeoutMs: 30_000,
  connectionTimeoutMs: 30_000,
  chatRateLimit: { perMinute: 120, trustProxy: false },
};

/**
 * The limits with defaults filled in.
 *
 * @param limits - what to change; omitted fields keep {@link DEFAULT_HTTP_LIMITS}
 */
export function resolveHttpLimits(limits: Partial<HttpLimits> = {}): HttpLimits {
  const merged = { ...DEFAULT_HTTP_LIMITS, ...limits };
  return { ...merged, headersTimeoutMs: Math.min(merged.headersTimeoutMs, merged.requestTimeoutMs) };
}

/**
 * The client address a rate limit counts by. Behind a reverse proxy (`trustProxy`) it is
 * the last address of X-Forwarded-For — the one our proxy added; earlier ones are the
 * client's own claims and could be forged.
 *
 * @param request - the request
 * @param trustProxy - whether a reverse proxy in front of us sets X-Forwarded-For
 */
export function clientAddress(request: FastifyRequest, trustProxy: boolean): string {
  const forwarded = request.headers['x-forwarded-for'];
  const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)?.split(',').pop()?.trim();
  return trustProxy && last ? last : request.socket.remoteAddress ?? request.ip;
}
