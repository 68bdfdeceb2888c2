/**
 * Corrects the commonest Chinese typing error: a word typed with the wrong characters of
 * the same sound (够房 for 购房, 人才代 for 人才贷), as pinyin input methods produce.
 * Every word of two or more characters in the content is indexed by its toneless pinyin;
 * a question's runs of Chinese characters are read as pinyin and every span that sounds
 * like a content word, but is not written like it, yields that word.
 */
import { pinyin } from 'pinyin-pro';

/** Finds content words that a run of Chinese characters sounds like. */
export type HomophoneCorrector = (hanRun: string) => Array<{ word: string; typed: string }>;

const MAX_SYLLABLES = 6;

function syllablesOf(text: string): string[] {
  return pinyin(text, { toneType: 'none', type: 'array' });
}

/**
 * Builds a corrector over the words of the content.
 *
 * @param words - written Chinese words, each with the term it stands for (itself, or its
 *   synonym group's head: 人材贷 stands for 人才贷); those of two to six characters are used
 */
export function createHomophoneCorrector(words: ReadonlyMap<string, string>): HomophoneCorrector {
  const bySound = new Map<string, string>();
  const written = new Set<string>();
  for (const [word, term] of words) {
    const chars = [...word];
    if (chars.length < 2 || chars.length > MAX_SYLLABLES || !/^\p{Script=Han}+$/u.test(word)) continue;
    written.add(word);
    const key = syllablesOf(word).join(' ');
    // Two terms with one sound are ambiguous: keep neither rather than guess.
    bySound.set(key, bySound.has(key) && bySound.get(key) !== term ? '' : term);
  }
  return (hanRun) => {
    const chars = [...hanRun];
    const sounds = syllablesOf(hanRun);
    if (sounds.length !== chars.length) return [];
    const found: Array<{ word: string; typed: string }> = [];
    for (let start = 0; start < chars.length; start++) {
      for (let length = Math.min(MAX_SYLLABLES, chars.length - start); length >= 2; length--) {
        const word = bySound.get(sounds.slice(start, start + length).join(' '));
        const typed = chars.slice(start, start + length).join('');
        if (word && !written.has(typed)) found.push({ word, typed });
      }
    }
    return found;
  };
}
