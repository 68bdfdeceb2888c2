/**
 * Guesses the language of a message so the bot answers in it.
 */
import type { Language } from '../knowledge/schema.js';

/**
 * The language a text is written in, or undefined when it cannot tell (digits, emoji).
 * Chinese wins when there are at least as many Chinese characters as English words, so
 * "housing subsidy 有吗" is Chinese: someone who writes Chinese words reads Chinese.
 */
export function detectLanguage(text: string): Language | undefined {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latinWords = text.match(/[A-Za-z]{2,}/g)?.length ?? 0;
  if (han === 0 && latinWords === 0) return undefined;
  return han >= latinWords ? 'zh' : 'en';
}
