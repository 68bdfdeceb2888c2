/**
 * The partner portal's phone-friendly lead cards — part of the console's texts (key
 * `portalCards`), from `locales/<language>/portalCards.json`. The countdown's `{h}` and `{m}`
 * (single braces) are not i18next variables: they are filled in on the server and, as time
 * passes, by the console's script.
 */
import { localeView } from '../../../i18n/locales.js';
import type { Language } from '../../../shared/language.js';

/**
 * The partner portal's card texts in `language`.
 *
 * @param language - the console's language
 */
export function buildPortalCardTexts(language: Language) {
  const { all, t } = localeView(language, 'portalCards');
  return {
    ...all,
    call: (phone: string) => t('call', { phone }),
    mail: (email: string) => t('mail', { email }),
    acknowledgedAt: (at: string) => t('acknowledgedAt', { at }),
  };
}
