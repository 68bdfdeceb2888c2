/**
 * Every text of the console, in Chinese (the default) and English: a typed view of
 * `locales/<language>/console.json` and the files of its parts (`leadWords`, `logs`, `gate`,
 * `portalCards`). The types come from the Chinese files and the start checks that English has
 * exactly their keys, so a missing translation stops the start, not a blank on the page.
 */
import type { Language } from '../../../shared/language.js';
import { buildConsoleTexts } from './buildConsoleTexts.js';

/** The console's texts in one language. */
export type ConsoleTexts = ReturnType<typeof buildConsoleTexts>;

const TEXTS: Record<Language, ConsoleTexts> = { zh: buildConsoleTexts('zh'), en: buildConsoleTexts('en') };

/** The texts of a language. */
export function consoleTexts(language: Language): ConsoleTexts {
  return TEXTS[language];
}

/** The flash messages a redirect may name (`?done=<key>`). */
export type FlashKey = keyof ConsoleTexts['flash'];
