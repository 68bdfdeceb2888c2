/**
 * The check of Telegram's webhook header `X-Telegram-Bot-Api-Secret-Token`
 * (https://core.telegram.org/bots/api#setwebhook, `secret_token`), in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** The header Telegram sends the webhook secret in (lower case, as Node gives headers). */
export const SECRET_TOKEN_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * True when the header holds exactly the configured secret. Both sides are hashed first, so
 * the comparison takes the same time whatever the given value and its length.
 *
 * @param given - the header's value as received (absent, repeated or a string)
 * @param secret - TELEGRAM_WEBHOOK_SECRET
 */
export function checkSecretToken(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== 'string' || secret.length === 0) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(secret));
}
