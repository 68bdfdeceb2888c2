/**
 * Reads pinyin typed instead of Chinese characters ("rencaidai", "goufang butie",
 * "ren cai dai"): words of the content are indexed by their toneless pinyin without spaces,
 * and a run of Latin words the content does not know is read as those words, longest first.
 * A run is read only when its words are wholly made of content words, so an English word
 * that merely contains a syllable is left alone.
 */
import { pinyin } from 'pinyin-pro';

/** One reading: the Latin words `typed` (positions in the given list) are the Chinese `word`. */
export interface PinyinReading {
  word: string;
  /** Indexes of the Latin words read, in the list given to the reader. */
  typed: number[];
}

/** Reads runs of Latin words as Chinese content words. */
export type PinyinReader = (latinWords: readonly string[]) => PinyinReading[];

const MAX_SYLLABLES = 6;
const HAN_WORD = /^\p{Script=Han}+$/u;

/** The toneless pinyin of a Chinese word without spaces; ü is typed v. */
export function pinyinKey(word: string): string {
  return pinyin(word, { toneType: 'none', type: 'array' }).join('').replace(/ü/g, 'v');
}

/**
 * Builds a reader over content words.
 *
 * @param words - Chinese words of two to six characters, each with the term it stands for
 *   (itself, or its synonym group's head)
 */
export function createPinyinReader(words: ReadonlyMap<string, string>): PinyinReader {
  const byKey = new Map<string, string>();
  let longest = 0;
  for (const [written, term] of words) {
    const length = [...written].length;
    if (length < 2 || length > MAX_SYLLABLES || !HAN_WORD.test(written)) continue;
    const key = pinyinKey(written);
    // Two terms with one sound are ambiguous: keep neither rather than guess.
    byKey.set(key, byKey.has(key) && byKey.get(key) !== term ? '' : term);
    longest = Math.max(longest, key.length);
  }

  /** The content words that `text` is made of, longest match first, or undefined. */
  const segment = (text: string): string[] | undefined => {
    const found: string[] = [];
    let at = 0;
    while (at < text.length) {
      let matched = 0;
      for (let end = Math.min(text.length, at + longest); end > at + 1; end--) {
        const term = byKey.get(text.slice(at, end));
        if (term) {
          found.push(term);
          matched = end - at;
          break;
        }
      }
      if (!matched) return undefined;
      at += matched;
    }
    return found;
  };

  /** Whether some content word's key is a prefix (two or more letters) of `head`. */
  const startsWithWord = (head: string): boolean => {
    for (let end = head.length; end > 1; end--) if (byKey.get(head.slice(0, end))) return true;
    return false;
  };

  return (latinWords) => {
    const readings: PinyinReading[] = [];
    let start = 0;
    while (start < latinWords.length) {
      // No content word begins the text from `start`: no run from there can be read (every run's text is a prefix of this one).
      if (!startsWithWord(latinWords.slice(start).join('').slice(0, longest))) {
        start++;
        continue;
      }
      // The longest run of words from `start` that reads wholly as content words.
      let read: { end: number; terms: string[] } | undefined;
      for (let end = latinWords.length; end > start && !read; end--) {
        const terms = segment(latinWords.slice(start, end).join(''));
        if (terms) read = { end, terms };
      }
      if (!read) {
        start++;
        continue;
      }
      const typed = Array.from({ length: read.end - start }, (_, i) => start + i);
      for (const word of read.terms) readings.push({ word, typed });
      start = read.end;
    }
    return readings;
  };
}
