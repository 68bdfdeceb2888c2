/**
 * Everything the engine says that is not knowledge content: menus, the fallback, notes — a
 * typed view of `locales/<language>/engine.json`, where the wording is; joining lists and
 * choosing between forms stays here. None of these texts states a policy fact, and none
 * names a district: the greeting and the follow-up contact come from the district profile
 * (`knowledge/profile.yaml`) and are passed in.
 */
import { localeView } from '../i18n/locales.js';
import { LANGUAGES, type Language } from '../shared/language.js';

/** UI texts of one language. */
export interface EngineTexts {
  /**
   * The menu's text: the profile's greeting (its first line) and example questions, in this
   * language, and last the notice of the conversation logs when they are kept (`logNotice`).
   */
  menu: (wording: { greeting: string; examples: readonly string[]; notice?: string }) => string;
  /** The welcome's notice that conversations are kept, anonymised, for `days` days for staff (the console's conversation logs). */
  logNotice: (days: number) => string;
  menuButtons: { label: string; action: string }[];
  switchLanguageButton: { label: string; action: string };
  languageSwitched: string;
  fallback: string;
  askPerson: string;
  showMenu: string;
  needsReviewNote: string;
  emptyMessage: string;
  unknownAction: string;
  /** Flows. */
  continueFlow: string;
  flowExpired: string;
  flowGone: string;
  /** A check quit after consent: its answers are kept for going on later. */
  flowPaused: string;
  offerPerson: string;
  answeredInFlow: string;
  reasonsHeading: string;
  /** `contact`: the profile's follow-up contact, as it reads inside a sentence. */
  sentTo: (partner: string, withinHours: number, contact: string) => string;
  /** The reference of a submitted application, for "my data" and for speaking with staff. */
  reference: (id: string) => string;
  stored: string;
  nothingToKeepInformed: string;
  keptInformed: string;
  leadsUnavailable: string;
  /** Privacy. */
  myDataEmpty: string;
  myDataHeading: string;
  myDataFlow: string;
  myDataPrefill: string;
  myDataLead: (lead: { created: string; outcome: string; status: string; reference: string }) => string;
  forgetConfirm: string;
  /** Shows what is stored ("my data"). */
  myDataButton: string;
  /** Under "my data": opens the confirmation (it erases nothing yet). */
  askForgetButton: string;
  /** In the confirmation: erases. */
  forgetButton: string;
  keepButton: string;
  forgotten: (leads: number) => string;
  forgetKept: string;
  outcomeNames: Record<string, string>;
  statusNames: Record<string, string>;
  /** Understanding. */
  notStated: (what: string, entryTitle: string) => string;
  offerCheck: string;
  prefilled: string;
  noted: string;
  /** Before what an answer corrected later in the check now says ("已更新：…"). */
  updated: string;
  chooseFrom: string;
  backToQuestion: string;
  flowKept: string;
  alsoAbout: (title: string) => string;
  suggest: string;
}

/** The topic buttons of the menu, in this order (their labels are `menuButtons.<topic>`). */
const MENU_TOPICS = ['talent_package', 'calendar', 'target_industries', 'eligibility', 'human_contact'] as const;

/** The engine's texts in `language`, from its locale file. */
function buildEngineTexts(language: Language): EngineTexts {
  const { all, t } = localeView(language, 'engine');
  const other = LANGUAGES.find((l) => l !== language) ?? language;
  return {
    ...all,
    menu: ({ greeting, examples, notice }) => [
      greeting,
      t('menu.ask', { examples: examples.map((question) => t('menu.example', { question })).join(all.menu.exampleSeparator) }),
      all.menu.privacy,
      ...(notice ? [notice] : []),
    ].join('\n'),
    logNotice: (days) => t('logNotice', { days }),
    menuButtons: MENU_TOPICS.map((topic) => ({ label: all.menuButtons[topic], action: `topic:${topic}` })),
    switchLanguageButton: { label: all.switchLanguageButton, action: `lang:${other}` },
    sentTo: (partner, hours, contact) => t('sentTo', { partner, hours, contact }),
    reference: (id) => t('reference', { id }),
    myDataLead: (lead) => t('myDataLead', lead),
    forgotten: (n) => t('forgotten', { leads: n ? t('forgottenLeads', { n }) : '' }),
    outcomeNames: { ...all.outcomeNames },
    statusNames: { ...all.statusNames },
    notStated: (what, title) => t('notStated', { what, title }),
    alsoAbout: (title) => t('alsoAbout', { title }),
  };
}

/** UI texts by language. */
export const ENGINE_TEXTS: Record<Language, EngineTexts> = { zh: buildEngineTexts('zh'), en: buildEngineTexts('en') };
