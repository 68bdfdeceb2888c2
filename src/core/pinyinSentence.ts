/**
 * Tells a message typed wholly in pinyin ("wujin zhongdian fazhan naxie chanye a") from one
 * in English: its words are made of Mandarin syllables, and several of them are no English
 * word. Such a message is Chinese, and is answered in Chinese.
 */

const INITIALS = ['', 'b', 'p', 'm', 'f', 'd', 't', 'n', 'l', 'g', 'k', 'h', 'j', 'q', 'x', 'zh', 'ch', 'sh', 'r', 'z', 'c', 's', 'y', 'w'];
const FINALS = ['a', 'o', 'e', 'i', 'u', 'v', 'ai', 'ei', 'ui', 'ao', 'ou', 'iu', 'ie', 've', 'ue', 'er', 'an', 'en', 'in', 'un', 'vn', 'ang', 'eng', 'ing', 'ong', 'ia', 'iao', 'ian', 'iang', 'iong', 'ua', 'uo', 'uai', 'uan', 'uang', 'ueng'];
/** Every initial with every final: a superset of Mandarin's syllables, enough to tell pinyin from English. */
const SYLLABLES = new Set(INITIALS.flatMap((i) => FINALS.map((f) => i + f)).filter((s) => s.length > 1 || 'aoe'.includes(s)));
const LONGEST = 6;
/** English words that are also made of syllables: they do not count for pinyin. */
const ALSO_ENGLISH = new Set(['a', 'an', 'and', 'can', 'he', 'she', 'me', 'we', 'you', 'man', 'men', 'hang', 'long', 'sun', 'bang', 'ban', 'pan', 'den', 'hen', 'ten', 'pen', 'gang', 'fan', 'tan', 'wan', 'run', 'bun', 'gun', 'fun', 'nun', 'pun', 'hung', 'sung', 'bong', 'song', 'gong', 'dong', 'ping', 'pong', 'wing', 'sing', 'ring', 'king', 'ding', 'ling', 'bin', 'din', 'pin', 'tin', 'win', 'sin', 'lin', 'die', 'tie', 'lie', 'pie', 'hue', 'cue', 'due', 'sue', 'rue', 'zoo', 'too', 'two', 'to', 'go', 'no', 'so', 'do', 'lo', 'yo', 'ha', 'hi', 'ma', 'pa', 'la', 'wo', 'bi', 'mi', 'ti', 'chou', 'shoe', 'shun', 'shin', 'chin', 'change', 'china', 'chan', 'sheng', 'hey', 'bye', 'tea', 'lei', 'pei', 'rang', 'sang', 'rung', 'gen']);

/** Letters that English words made of syllables rarely have ("anyone", "here" have none). */
const PINYIN_LOOK = /zh|x|q|ong|eng|iu|ui|uo|ia|ao|ou|ei|ai/u;

/** True when `word` is a run of syllables. */
function isSyllables(word: string): boolean {
  const ok: boolean[] = [true];
  for (let end = 1; end <= word.length; end++) {
    ok[end] = false;
    for (let start = Math.max(0, end - LONGEST); start < end && !ok[end]; start++) if (ok[start] && SYLLABLES.has(word.slice(start, end))) ok[end] = true;
  }
  return ok[word.length] === true;
}

/**
 * True when the text is pinyin: at least three Latin words, all made of syllables, and at
 * least two of them no English word and looking like pinyin.
 */
export function isPinyinSentence(text: string): boolean {
  if (/\p{Script=Han}/u.test(text)) return false;
  const words = text.toLowerCase().match(/[a-zü]+/gu) ?? [];
  if (words.length < 3) return false;
  if (!words.every((w) => isSyllables(w.replace(/ü/g, 'v')))) return false;
  return words.filter((w) => !ALSO_ENGLISH.has(w) && PINYIN_LOOK.test(w)).length >= 2;
}

/**
 * True when the Latin words beside Chinese characters are pinyin ("gou fang bu tie 有多少"):
 * at least three (a name, "Li Wei 李伟", is two), all made of syllables, and one of them no English word that looks like pinyin.
 */
export function isPinyinBesideChinese(text: string): boolean {
  if (!/\p{Script=Han}/u.test(text)) return false;
  const words = text.toLowerCase().match(/[a-zü]+/gu) ?? [];
  if (words.length < 3 || !words.every((w) => isSyllables(w.replace(/ü/g, 'v')))) return false;
  return words.some((w) => !ALSO_ENGLISH.has(w) && PINYIN_LOOK.test(w));
}
