/**
 * Telegram's failures in the bot's terms: grammY's errors turned into our error classes
 * (`PlatformError` when Telegram answered with an error, `NetworkError` when it did not
 * answer), one-line descriptions for logs, and a transformer that logs every failed Bot API
 * attempt. The bot token never appears in any of them.
 */
import { GrammyError, HttpError, type Transformer } from 'grammy';
import { NetworkError, PlatformError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';

/** Removes a secret from a text before it is logged or thrown. */
export type Redact = (text: string) => string;

/**
 * A {@link Redact} that replaces every occurrence of the bot token with `<token>`.
 *
 * @param token - TELEGRAM_BOT_TOKEN
 */
export function createTokenRedactor(token: string): Redact {
  return (text) => text.split(token).join('<token>');
}

/**
 * A grammY API transformer that logs every failed Bot API attempt, without the token.
 * Install it before the retrying transformer so it sees every attempt.
 *
 * @param logger - where the warnings go
 * @param redact - removes the token from descriptions
 */
export function logFailedCalls(logger: Logger, redact: Redact): Transformer {
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

/**
 * Our error class for a grammY error: Telegram's answer → `PlatformError` (with its code and
 * `retry_after`), no answer → `NetworkError`.
 *
 * @param error - what a grammY call rejected with
 * @param redact - removes the token from the message
 */
export function toTelegramError(error: unknown, redact: Redact): Error {
  if (error instanceof GrammyError) return new PlatformError('telegram', error.method, error.error_code, redact(error.description), error.parameters.retry_after);
  if (error instanceof HttpError) return new NetworkError('the Telegram Bot API (TELEGRAM_API_ROOT)', new Error(redact(describeCause(error.error))));
  if (error instanceof Error) return new NetworkError('the Telegram Bot API (TELEGRAM_API_ROOT)', new Error(redact(error.message)));
  return new NetworkError('the Telegram Bot API (TELEGRAM_API_ROOT)', new Error(redact(String(error))));
}

/**
 * An error as one line for logs, without the token, cut at 500 characters.
 *
 * @param error - anything thrown
 * @param redact - removes the token
 */
export function describeTelegramError(error: unknown, redact: Redact): string {
  if (error instanceof GrammyError) return redact(`${error.method} failed with ${error.error_code}: ${error.description}`);
  if (error instanceof HttpError) return redact(`${error.message} (${describeCause(error.error)})`);
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return redact(text.length > 500 ? `${text.slice(0, 500)}…` : text);
}

/** The name and system error code (`ECONNREFUSED`, …) of a network failure's cause. */
function describeCause(cause: unknown): string {
  const code = (cause as { code?: unknown; cause?: { code?: unknown } } | null)?.code ?? (cause as { cause?: { code?: unknown } } | null)?.cause?.code;
  const name = cause instanceof Error ? cause.name : 'Error';
  return typeof code === 'string' ? `${name} ${code}` : name;
}
