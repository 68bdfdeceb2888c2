/**
 * The words of leads, part of the console's texts (key `leadWords`), from
 * `locales/<language>/leadWords.json`: the CSV's column headers, the history's events,
 * languages and yes / no.
 */
import { localeView } from '../../../i18n/locales.js';
import type { Language } from '../../../shared/language.js';

/**
 * The words of leads in `language`.
 *
 * @param language - the console's language
 */
export function buildLeadTexts(language: Language) {
  const { all, t } = localeView(language, 'leadWords');
  return {
    ...all,
    /** Says in which zone the CSV's times are. */
    timesIn: (timeZone: string) => t('timesIn', { timeZone }),
    deliveryStatuses: all.deliveryStatuses as Record<string, string>,
    languages: all.languages as Record<string, string>,
    historyEvents: all.historyEvents as Record<string, string>,
    /** A status change recorded by a partner: `status:<status>`. */
    statusChanged: (status: string) => t('statusChanged', { status }),
    /** The console's table of partners' Telegram groups that moved. */
    chatMoves: { ...all.chatMoves, change: (from: string, to: string) => t('chatMoves.change', { from, to }) },
  };
}
