/**
 * The shipped texts: the project's `locales/` folder, loaded and checked once when this module
 * is first imported (see `loadLocales.ts`), and a typed view of one namespace in one language.
 * The types come from the Chinese files, so a key the code asks for that is not there is a
 * type error, and a key another language lacks stops the start.
 */
import path from 'node:path';
import type { TOptions } from 'i18next';
import { PROJECT_ROOT } from '../config/projectRoot.js';
import type { Language } from '../shared/language.js';
import { loadLocales } from './loadLocales.js';
import type AckPageJson from '../../locales/zh/ackPage.json';
import type CalendarJson from '../../locales/zh/calendar.json';
import type ChannelsJson from '../../locales/zh/channels.json';
import type ConsoleJson from '../../locales/zh/console.json';
import type EngineJson from '../../locales/zh/engine.json';
import type IndustriesJson from '../../locales/zh/industries.json';
import type LeadMessageJson from '../../locales/zh/leadMessage.json';
import type GateJson from '../../locales/zh/gate.json';
import type LeadWordsJson from '../../locales/zh/leadWords.json';
import type LogsJson from '../../locales/zh/logs.json';
import type PortalCardsJson from '../../locales/zh/portalCards.json';
import type TelegramJson from '../../locales/zh/telegram.json';
import type WebJson from '../../locales/zh/web.json';

/** Each namespace (a file name in `locales/<language>/`) and the shape of its texts. */
export interface Namespaces {
  ackPage: typeof AckPageJson;
  calendar: typeof CalendarJson;
  channels: typeof ChannelsJson;
  console: typeof ConsoleJson;
  engine: typeof EngineJson;
  gate: typeof GateJson;
  industries: typeof IndustriesJson;
  leadMessage: typeof LeadMessageJson;
  leadWords: typeof LeadWordsJson;
  logs: typeof LogsJson;
  portalCards: typeof PortalCardsJson;
  telegram: typeof TelegramJson;
  web: typeof WebJson;
}

/** The dotted keys of the texts (not the groups) in `T`. */
export type TextKey<T> = { [K in keyof T & string]: T[K] extends string ? K : `${K}.${TextKey<T[K]>}` }[keyof T & string];

/** The values a text's `{{variables}}` are filled with. */
export type TextValues = Readonly<Record<string, string | number>>;

/** One namespace's texts in one language. */
export interface LocaleView<T> {
  /** Every text of the namespace as stored, typed as the Chinese file. */
  readonly all: T;
  /**
   * The text at `key` with its `{{variables}}` filled in from `values`.
   *
   * @param key - a dotted key, e.g. `dashboard.published`
   * @param values - a value for each variable the text names
   */
  t(key: TextKey<T>, values?: TextValues): string;
}

/** The folder the shipped texts are read from: `locales/` at the project's top level, also when running from `dist/`. */
export const LOCALES_DIR = path.join(PROJECT_ROOT, 'locales');

/** The shipped texts, checked; loading stops the start with an InputError when a language lacks a key. */
export const LOCALES = loadLocales(LOCALES_DIR);

const views = new Map<string, object>();

/**
 * The view of namespace `namespace` in `language` (made once, then reused).
 *
 * @param language - the language
 * @param namespace - the file name in `locales/<language>/` without `.json`
 */
export function localeView<N extends keyof Namespaces>(language: Language, namespace: N): LocaleView<Namespaces[N]> {
  const key = `${language}:${namespace}`;
  const known = views.get(key);
  if (known) return known as LocaleView<Namespaces[N]>;
  // i18next's own key types are for one global resource type; ours are per namespace (TextKey).
  const t: (key: string, options?: TOptions) => string = LOCALES.getFixedT(language, namespace);
  const view: LocaleView<Namespaces[N]> = {
    all: LOCALES.getResourceBundle(language, namespace) as Namespaces[N],
    t: (textKey, values) => t(textKey, values),
  };
  views.set(key, view);
  return view;
}
