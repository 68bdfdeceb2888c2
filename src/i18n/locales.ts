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
  const all = LOCALES.getResourceBundle(language, namespace) as Namespaces[N];
  const texts = new Map<string, string | undefined>();
  const view: LocaleView<Namespaces[N]> = {
    all,
    t: (textKey, values) => {
      let text = texts.get(textKey);
      if (text === undefined && !texts.has(textKey)) texts.set(textKey, (text = textAt(all, textKey)));
      // What i18next would make of it, without its per-call work: our texts use plain {{name}} only (`fillIn`).
      return text === undefined ? t(textKey, values) : fillIn(text, values);
    },
  };
  views.set(key, view);
  return view;
}

/** The text at a dotted key of a namespace's texts, or undefined when that is not a text. */
function textAt(texts: object, dottedKey: string): string | undefined {
  let node: unknown = texts;
  for (const part of dottedKey.split('.')) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  return typeof node === 'string' && !node.includes('$t(') ? node : undefined;
}

/** `{{name}}` and i18next's reading of it: trimmed, the value as a string, a variable given as undefined is empty, one not given stays as written; values are not read again. */
const VARIABLE = /{{(.+?)}}/g;

/**
 * Fills a text's `{{variables}}` as i18next does with our settings (no escaping, no nesting,
 * no formats, variables kept as written when not given) — `test/i18n/locales.test.ts` checks
 * every shipped text against i18next itself.
 */
function fillIn(text: string, values: TextValues | undefined): string {
  if (!text.includes('{{')) return text;
  return text.replace(VARIABLE, (written, inside: string) => {
    const name = inside.trim();
    const value = values?.[name];
    if (value !== undefined) return String(value);
    return values !== undefined && Object.prototype.hasOwnProperty.call(values, name) ? '' : written;
  });
}
