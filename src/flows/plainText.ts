/**
 * Text as it is compared with the words of flows and dialogue acts: NFKC, simplified
 * Chinese, full "A-not-A" questions shortened, lower case, emoji removed, spaces collapsed;
 * and whole-word search in it.
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

/** A two-character word asked in full "A-not-A" form ("符合不符合", "可以不可以") is the short form ("符不符合"), as content lists it. */
const FULL_A_NOT_A = /(\p{Script=Han})(\p{Script=Han})不\1\2/gu;

function normalise(text: string): string {
  return toSimplified(text.normalize('NFKC'))
    .replace(FULL_A_NOT_A, '$1不$1$2')
    .toLowerCase()
    .replace(/\p{Extended_Pictographic}|\u200d|\ufe0e|\ufe0f|\p{Regional_Indicator}/gu, ' ')
    .replace(/[’`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** A character that continues a Latin word: a letter other than a Chinese character, or a digit. */
const LATIN_WORD_CHAR = /(?!\p{Script=Han})[\p{L}\p{N}]/u;

/** True when the character (one UTF-16 unit, as {@link containsWord} looks at its neighbours) continues a Latin word. */
export function isLatinWordChar(unit: string): boolean {
  return LATIN_WORD_CHAR.test(unit);
}

/** True when `word` occurs in `text` (whole words for Latin script, anywhere for Chinese). */
export function containsWord(text: string, word: string): boolean {
  return containsSoughtWord(text, soughtWord(word));
}

/** A word to look for, normalised once: its plain text, and whether it holds a Chinese character (then it is found anywhere, not as a whole word). */
export interface SoughtWord {
  plain: string;
  han: boolean;
}

/** True when the sought word occurs in `text`, as {@link containsWord} tells. */
export function containsSoughtWord(text: string, { plain: w, han }: SoughtWord): boolean {
  if (!w) return false;
  if (han) return text.includes(w);
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
const soughtWords = new Map<string, SoughtWord>();
const MAX_CACHED_WORDS = 20_000;

/** A content word ready to be looked for, normalised as {@link plainText} does, computed once per word. */
export function soughtWord(word: string): SoughtWord {
  let found = soughtWords.get(word);
  if (found === undefined) {
    const plain = plainText(word);
    found = { plain, han: HAN.test(plain) };
    if (soughtWords.size < MAX_CACHED_WORDS) soughtWords.set(word, found);
  }
  return found;
}

/** A content word as {@link plainText} normalises it, computed once per word. */
export function normalisedWord(word: string): string {
  return soughtWord(word).plain;
}
