/**
 * The publish gate's verdict on each regression question in the staff's words, and restoring
 * single entries of the draft — part of the console's texts (key `gate`), from
 * `locales/<language>/gate.json`.
 */
import { localeView } from '../../../i18n/locales.js';
import type { Language } from '../../../shared/language.js';

/**
 * The publish gate's texts in `language`.
 *
 * @param language - the console's language
 */
export function buildGateTexts(language: Language) {
  const { all, t } = localeView(language, 'gate');
  return {
    ...all,
    topic: (name: string) => t('topic', { name }),
    entry: (title: string) => t('entry', { title }),
    wrongTopic: (expected: string, got: string) => t('wrongTopic', { expected, got }),
    gaveFallback: (expected: string) => t('gaveFallback', { expected }),
    answeredInstead: (got: string) => t('answeredInstead', { got }),
    lacks: (needle: string) => t('lacks', { needle }),
    restoreEntry: (slug: string) => t('restoreEntry', { slug }),
    restoreFile: (file: string) => t('restoreFile', { file }),
  };
}
