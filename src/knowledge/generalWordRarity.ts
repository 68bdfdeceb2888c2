/**
 * How rare a Chinese word is in general Chinese text, from the inverse document
 * frequencies that ship with jieba. A word the content does not know only suggests that a
 * question is about something else when it is a meaningful, rarer word (天气, 签证), not a
 * common one (自己, 这种, 出来).
 */
import { createIdfTable, type IdfTable } from './idfTable.js';
import { readJiebaIdf } from './jiebaFiles.js';

/** Below this general IDF a word is as common as words get; above the top it is fully meaningful. */
const COMMON_IDF = 3.5;
const MEANINGFUL_IDF = 7.5;
const MIN_FACTOR = 0.15;

let table: IdfTable | undefined;

/**
 * A factor between 0.15 (very common word) and 1 (rare or unknown word) for a Chinese word.
 * The table is read once, on first use, and shared: it is fixed data, not state.
 */
export function generalWordRarity(word: string): number {
  table ??= createIdfTable(readJiebaIdf());
  const value = table(word);
  if (value === undefined) return 1;
  return Math.min(1, Math.max(MIN_FACTOR, (value - COMMON_IDF) / (MEANINGFUL_IDF - COMMON_IDF)));
}
