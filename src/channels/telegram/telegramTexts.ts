/**
 * What the Telegram channel itself says (everything else comes from the engine). These
 * texts go out before the conversation's language is known, so each is in both languages:
 * the Chinese and the English of `locales/<language>/telegram.json` joined. None states a
 * policy fact.
 */
import { localeView, type Namespaces } from '../../i18n/locales.js';

type Key = Exclude<keyof Namespaces['telegram'], 'commands'>;

/** The text at `key` in Chinese, then in English after `separator`. */
function bothLanguages(key: Key, separator: string): string {
  return `${localeView('zh', 'telegram').t(key)}${separator}${localeView('en', 'telegram').t(key)}`;
}

/** The channel's own texts. */
export const TELEGRAM_TEXTS = {
  /** The one notice when a user goes over the flood limit. */
  tooManyMessages: bothLanguages('tooManyMessages', '\n'),
  /** When a turn failed: the store or a dependency is down. */
  unavailable: bothLanguages('unavailable', '\n'),
  /** When the user's conversation is still busy with earlier messages. */
  busy: bothLanguages('busy', '\n'),
  /** Toasts of the partner's acknowledge button (at most 200 characters each). */
  ackDone: bothLanguages('ackDone', '/ '),
  ackAlready: bothLanguages('ackAlready', '/ '),
  ackGone: bothLanguages('ackGone', '/ '),
  ackWrongChat: bothLanguages('ackWrongChat', '/ '),
  ackFailed: bothLanguages('ackFailed', '/ '),
} as const;
