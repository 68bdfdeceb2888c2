/**
 * The first of an ordered list of words that a message contains, found without testing
 * every word. A word is tried only when the message has its key: a Latin word found as a
 * whole word starts where a word of the message starts, so its leading word must be one of
 * the message's words; any other word (Chinese, found anywhere) needs its first character
 * in the message. Candidates are tried in list order, so the first found is the one
 * testing every word would find.
 */
import { containsSoughtWord, isLatinWordChar, type SoughtWord } from '../../flows/plainText.js';

/** Finds the first item, in list order, whose word occurs in a text (and that `accept` takes, when given). */
export type FirstContained<T> = (text: string, accept?: (item: T) => boolean) => T | undefined;

/** The key a word needs in a text to be able to occur in it. */
function keyOf(word: SoughtWord): string | undefined {
  const w = word.plain;
  if (!w) return undefined;
  if (word.han || !isLatinWordChar(w[0]!)) return `c${w[0]}`;
  let end = 1;
  while (end < w.length && isLatinWordChar(w[end]!)) end++;
  return `w${w.slice(0, end)}`;
}

/** Every key a text holds: each of its characters, and each of its Latin words (by UTF-16 units, as containsWord reads them). */
function keysOf(text: string): Set<string> {
  const keys = new Set<string>();
  let wordStart = -1;
  for (let i = 0; i <= text.length; i++) {
    const unit = text[i];
    const inWord = unit !== undefined && isLatinWordChar(unit);
    if (inWord && wordStart < 0) wordStart = i;
    if (!inWord && wordStart >= 0) {
      keys.add(`w${text.slice(wordStart, i)}`);
      wordStart = -1;
    }
    if (unit !== undefined) keys.add(`c${unit}`);
  }
  return keys;
}

/**
 * Builds the finder for one list.
 *
 * @param items - in the order in which they win
 * @param wordOf - the normalised word each item is found by
 */
export function firstContainedFinder<T>(items: readonly T[], wordOf: (item: T) => SoughtWord): FirstContained<T> {
  const words = items.map(wordOf);
  const byKey = new Map<string, number[]>();
  words.forEach((word, index) => {
    const key = keyOf(word);
    if (key === undefined) return;
    const list = byKey.get(key);
    if (list) list.push(index);
    else byKey.set(key, [index]);
  });
  return (text, accept) => {
    const candidates: number[] = [];
    for (const key of keysOf(text)) {
      const list = byKey.get(key);
      if (list) for (const index of list) candidates.push(index);
    }
    candidates.sort((a, b) => a - b);
    for (const index of candidates) if ((!accept || accept(items[index]!)) && containsSoughtWord(text, words[index]!)) return items[index];
    return undefined;
  };
}
