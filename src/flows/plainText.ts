/**
 * Text as it is compared with the words of flows and dialogue acts: NFKC, simplified
 * Chinese, lower case, emoji removed, spaces collapsed; and whole-word search in it.
 */
// The traditional → simplified build: the same converters without the dictionaries towards traditional.
import * as OpenCC from 'opencc-js/t2cn';

const toSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' });
const HAN = /\p{Script=Han}/u;

/** Texts normalised lately: a turn normalises the same message in many places. */
const recentPlain = new Map<string, string>();
const MAX_RECENT_PLAIN = 5000;

/** Lower-case, simplified, half-width text with emoji removed and spaces collapsed. */
export function plainText(text: string): string {
  let plain = recentPlain.get(text);
  if (plain === undefined) {
    plain = normalise(text);
    if (recentPlain.size >= MAX_RECENT_PLAIN) recentPlain.clear();
    recentPlain.set(text, plain);
  }
  return plain;
}

function normalise(text: string): string {
  return toSimplified(text.normalize('NFKC'))
    .toLowerCase()
    .replace(/\p{Extended_Pictographic}|\u200d|\ufe0e|\ufe0f|\p{Regional_Indicator}/gu, ' ')
    .replace(/[’`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** A character that continues a Latin word: a letter other than a Chinese character, or a digit. */
const LATIN_WORD_CHAR = /(?!\p{Script=Han})[\p{L}\p{N}]/u;

/** True when `word` occurs in `text` (whole words for Latin script, anywhere for Chinese). */
export function containsWord(text: string, word: string): boolean {
  const w = normalisedWord(word);
  if (!w) return false;
  if (HAN.test(w)) return text.includes(w);
  let from = 0;
  for (;;) {
    const at = text.indexOf(w, from);
    if (at < 0) return false;
    const before = text[at - 1];
    const after = text[at + w.length];
    // A Latin word stands alone beside Chinese characters ("只是个idea", "做AI的").
    if ((before === undefined || !LATIN_WORD_CHAR.test(before)) && (after === undefined || !LATIN_WORD_CHAR.test(after))) return true;
    from = at + 1;
  }
}


/** Content words (flows' keywords, acts' phrases) normalised once: they are few and asked for on every message. */
const normalisedWords = new Map<string, string>();
const MAX_CACHED_WORDS = 20_000;

/** A content word as {@link plainText} normalises it, computed once per word. */
export function normalisedWord(word: string): string {
  let w = normalisedWords.get(word);
  if (w === undefined) {
    w = plainText(word);
    if (normalisedWords.size < MAX_CACHED_WORDS) normalisedWords.set(word, w);
  }
  return w;
}
