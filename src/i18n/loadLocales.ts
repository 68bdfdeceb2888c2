/**
 * Reads the locale files (`<dir>/<language>/<namespace>.json`) synchronously into an i18next
 * instance — no network, no backend — after checking that every language has exactly the
 * reference language's (Chinese) namespaces, keys and `{{variables}}`. A mismatch stops the
 * start with an InputError naming the file and the key.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type i18n } from 'i18next';
import { InputError } from '../shared/errors.js';
import { LANGUAGES, type Language } from '../shared/language.js';
import { compareLocales, findShapeIssues, type LocaleIssue, type LocaleTree } from './compareLocales.js';

/** The language every other is checked against; its files also give the texts' types. */
export const REFERENCE_LANGUAGE: Language = 'zh';

type Resources = Record<Language, Record<string, LocaleTree>>;

/** The JSON file `file`, or an InputError naming it. */
function readTree(file: string, shown: string): LocaleTree {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(shown, `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const issues = findShapeIssues(value);
  if (issues.length) throw localeError(shown, issues);
  return value as LocaleTree;
}

/** One InputError for the problems of one file: the first named, the count of the rest. */
function localeError(file: string, issues: readonly LocaleIssue[]): InputError {
  const first = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''} in this file)` : '';
  return new InputError(`${file}, key ${first.key}`, `${first.problem}${more}`);
}

/** The namespaces (file names without `.json`) of one language's folder, sorted. */
function namespacesIn(dir: string, shown: string): string[] {
  if (!existsSync(dir)) throw new InputError(shown, 'is missing: every language needs a folder of locale files');
  return readdirSync(dir).filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -'.json'.length)).sort();
}

/** Every language's texts, checked against the reference language's. */
function readResources(dir: string): Resources {
  const shown = (...parts: string[]) => path.join(path.basename(dir), ...parts);
  const namespaces = namespacesIn(path.join(dir, REFERENCE_LANGUAGE), shown(REFERENCE_LANGUAGE));
  const resources = {} as Resources;
  for (const language of [REFERENCE_LANGUAGE, ...LANGUAGES.filter((l) => l !== REFERENCE_LANGUAGE)]) {
    const found = namespacesIn(path.join(dir, language), shown(language));
    const missing = namespaces.find((ns) => !found.includes(ns));
    if (missing) throw new InputError(shown(language, `${missing}.json`), `is missing: ${shown(REFERENCE_LANGUAGE, `${missing}.json`)} has it`);
    const extra = found.find((ns) => !namespaces.includes(ns));
    if (extra) throw new InputError(shown(language, `${extra}.json`), `is not in ${shown(REFERENCE_LANGUAGE)}: remove it or add it there too`);
    resources[language] = Object.fromEntries(namespaces.map((ns) => [ns, readTree(path.join(dir, language, `${ns}.json`), shown(language, `${ns}.json`))]));
    if (language === REFERENCE_LANGUAGE) continue;
    for (const ns of namespaces) {
      const issues = compareLocales(resources[REFERENCE_LANGUAGE][ns]!, resources[language][ns]!);
      if (issues.length) throw localeError(shown(language, `${ns}.json`), issues);
    }
  }
  return resources;
}

/**
 * The checked texts of `dir` in a ready i18next instance. Texts are filled in as they are
 * (`escapeValue: false`): whoever writes them into HTML escapes them, as for any other text.
 *
 * @param dir - the locale folder: one folder per language, one JSON file per namespace
 * @throws InputError naming the file and key when a file is missing, not JSON, or differs from the reference language
 */
export function loadLocales(dir: string): i18n {
  const resources = readResources(dir);
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: REFERENCE_LANGUAGE,
    fallbackLng: false,
    initAsync: false,
    returnNull: false,
    interpolation: { escapeValue: false },
  });
  return instance;
}
