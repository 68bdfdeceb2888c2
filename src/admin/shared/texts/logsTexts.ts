/**
 * The conversation logs' and the answer quality's texts, part of the console's texts (key
 * `logs`), from `locales/<language>/logs.json`.
 */
import { localeView } from '../../../i18n/locales.js';
import type { Language } from '../../../shared/language.js';

/**
 * The conversation logs' texts in `language`.
 *
 * @param language - the console's language
 */
export function buildLogsTexts(language: Language) {
  const { all, t } = localeView(language, 'logs');
  return {
    ...all,
    intro: (days: number) => t('intro', { days }),
    channels: all.channels as Record<string, string>,
    pressed: (action: string) => t('pressed', { action }),
    scanned: (n: number) => t('scanned', { n }),
    conversationTitle: (ref: string) => t('conversationTitle', { ref }),
    turns: (n: number) => t('turns', { n }),
  };
}
