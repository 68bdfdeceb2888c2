/**
 * What a person is told when the store (or Redis) cannot be reached or written: the service
 * is briefly unavailable, what they entered before is kept, and to send this message again
 * shortly. Sent with 503 and `Retry-After`.
 */
import { localeView } from '../i18n/locales.js';

/** The text at `key` of `locales/<language>/channels.json`, Chinese then English. */
export function bothLanguages(key: 'http.unavailable' | 'http.rateLimited'): string {
  return `${localeView('zh', 'channels').t(key)}${localeView('en', 'channels').t(key)}`;
}

/** The 503 message, in both languages. */
export const STORE_UNAVAILABLE_MESSAGE = bothLanguages('http.unavailable');
