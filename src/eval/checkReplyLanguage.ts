/**
 * Whether the bot's replies are in the language of the question or dialogue. A reply fails
 * when it declares another language, or when its text plainly is another language: a Chinese
 * reply with no Chinese character and a few English words, an English reply with more
 * Chinese words (counted as two characters each) than English ones. Names quoted in the
 * other script ("以赛聚才" in an English answer) do not fail a reply.
 */
import type { Reply } from '../core/messages.js';
import type { Language } from '../shared/language.js';

const NOT_WORDS = /\S+@\S+|https?:\/\/\S+/gu;

function writtenLanguageProblem(text: string, lang: Language): string | undefined {
  const words = text.replace(NOT_WORDS, ' ');
  const han = words.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latinWords = words.match(/[A-Za-z]{2,}/g)?.length ?? 0;
  if (lang === 'zh' && han === 0 && latinWords >= 3) return 'text is English';
  if (lang === 'en' && han / 2 > latinWords) return 'text is Chinese';
  return undefined;
}

/**
 * The reasons a turn's replies are not in `lang`, one per reply at fault ("wrong language: …").
 *
 * @param replies - the replies of one question or turn
 * @param lang - the language they must be in
 */
export function checkReplyLanguage(replies: readonly Reply[], lang: Language): string[] {
  const reasons: string[] = [];
  replies.forEach((reply, i) => {
    const problem = reply.language !== lang ? `declared ${reply.language}` : writtenLanguageProblem(reply.text, lang);
    if (problem) reasons.push(`wrong language: reply ${i + 1} ${problem}, expected ${lang}`);
  });
  return reasons;
}
