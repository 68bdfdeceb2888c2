/**
 * The console's texts in one language, from `locales/<language>/console.json`: the texts as
 * they are, and a function for each text that fills in values. Choosing between forms (seconds
 * or minutes) stays here; the wording is in the locale files.
 */
import { localeView } from '../../../i18n/locales.js';
import type { Language } from '../../../shared/language.js';
import { industryNames } from '../../../leads/partners.js';
import { buildGateTexts } from './gateTexts.js';
import { buildLeadTexts } from './leadTexts.js';
import { buildLogsTexts } from './logsTexts.js';
import { buildPortalCardTexts } from './portalTexts.js';

/**
 * The console's texts in `language`.
 *
 * @param language - the console's language
 */
export function buildConsoleTexts(language: Language) {
  const { all, t } = localeView(language, 'console');
  return {
    ...all,
    leadWords: buildLeadTexts(language),
    logs: buildLogsTexts(language),
    gate: buildGateTexts(language),
    portalCards: buildPortalCardTexts(language),
    login: {
      ...all.login,
      blocked: (seconds: number) =>
        t('login.blocked', { wait: seconds < 120 ? t('login.blockedSeconds', { seconds }) : t('login.blockedMinutes', { minutes: Math.ceil(seconds / 60) }) }),
    },
    dashboard: {
      ...all.dashboard,
      published: (n: number) => t('dashboard.published', { n }),
      openInbox: (n: number) => t('dashboard.openInbox', { n }),
      recentLeads: (n: number) => t('dashboard.recentLeads', { n }),
      stale: (n: number, days: number) => t('dashboard.stale', { n, days }),
      staleNone: (days: number) => t('dashboard.staleNone', { days }),
    },
    content: {
      ...all.content,
      stale: (days: number) => t('content.stale', { days }),
      draftBanner: (n: number) => t('content.draftBanner', { n }),
    },
    entry: {
      ...all.entry,
      editTitle: (title: string) => t('entry.editTitle', { title }),
      previewMatched: (entry: string, coverage: string) => t('entry.previewMatched', { entry, coverage }),
      fromInbox: (n: number) => t('entry.fromInbox', { n }),
    },
    event: {
      ...all.event,
      editTitle: (name: string) => t('event.editTitle', { name }),
    },
    publish: {
      ...all.publish,
      basedOn: (n: number, by: string, at: string) => t('publish.basedOn', { n, by, at }),
      restoredFrom: (n: number) => t('publish.restoredFrom', { n }),
      accuracy: (draft: string, published: string) => t('publish.accuracy', { draft, published }),
      questionsCount: (n: number) => t('publish.questionsCount', { n }),
      blockForbidden: (n: number) => t('publish.blockForbidden', { n }),
      blockTopics: (topics: string) => t('publish.blockTopics', { topics }),
      ignored: (files: string) => t('publish.ignored', { files }),
    },
    history: {
      ...all.history,
      revision: (n: number) => t('history.revision', { n }),
      restoredFrom: (n: number) => t('history.restoredFrom', { n }),
      diff: (n: number) => t('history.diff', { n }),
    },
    regression: {
      ...all.regression,
      shipped: (n: number) => t('regression.shipped', { n }),
    },
    leads: {
      ...all.leads,
      count: (n: number) => t('leads.count', { n }),
    },
    industries: industryNames(language),
    calendar: {
      ...all.calendar,
      recipients: (n: number) => t('calendar.recipients', { n }),
    },
    handoffs: {
      ...all.handoffs,
      intro: (minutes: number) => t('handoffs.intro', { minutes }),
      minutes: (n: number) => t('handoffs.minutes', { n }),
    },
  };
}
