/**
 * Which failed deliveries are not worth trying again. A partner endpoint, WeCom or Telegram
 * that answers with an HTTP 4xx status refuses the request itself (a wrong URL, a revoked
 * token, a bot blocked by the chat, a body it will never accept): the same request will be
 * refused the next twenty times too. 408 (request timeout) and 429 (too many requests) are
 * the exceptions: they say "later". Everything else — 5xx, network errors, WeCom's own
 * `errcode` values, missing configuration — is retried with backoff as before.
 */
import { PlatformError } from '../core/errors.js';

/** 4xx statuses that mean "try again later", not "never". */
const RETRYABLE_CLIENT_ERRORS: ReadonlySet<number> = new Set([408, 429]);

/**
 * True when `error` is a {@link PlatformError} with a 4xx status other than 408 and 429: the
 * delivery is marked dead at once instead of being retried.
 *
 * @param error - what the delivery attempt threw
 */
export function isPermanentDeliveryError(error: unknown): error is PlatformError {
  return error instanceof PlatformError && error.code >= 400 && error.code < 500 && !RETRYABLE_CLIENT_ERRORS.has(error.code);
}
