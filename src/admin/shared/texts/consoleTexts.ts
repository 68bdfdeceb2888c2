/**
 * Every text of the console, in Chinese (the default, `consoleTexts.zh.ts`) and English
 * (`consoleTexts.en.ts`). The English object must have exactly the Chinese one's keys (the
 * type says so), so a missing translation is a type error, not a blank on the page.
 */
import type { Language } from '../../../knowledge/schema.js';
import { enConsoleTexts } from './consoleTexts.en.js';
import { zhConsoleTexts, type ConsoleTexts } from './consoleTexts.zh.js';

export type { ConsoleTexts } from './consoleTexts.zh.js';

/** The texts of a language. */
export function consoleTexts(language: Language): ConsoleTexts {
  return language === 'en' ? enConsoleTexts : zhConsoleTexts;
}

/** The flash messages a redirect may name (`?done=<key>`). */
export type FlashKey = keyof ConsoleTexts['flash'];
