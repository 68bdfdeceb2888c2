/**
 * Guesses the language of a message so the bot answers in it.
 */
import type { Language } from '../shared/language.js';
import { isPinyinBesideChinese, isPinyinSentence } from './pinyinSentence.js';

const NOT_WORDS = /\S+@\S+|https?:\/\/\S+|^\/\S+/giu;
/** Words typed in Latin letters in any language's chat. */
const CHAT_WORDS = new Set(['ok', 'okay', 'okk', 'oki', 'thx', 'tks', 'thanks', 'thank', 'you', 'ty', 'bye', 'byebye', 'yes', 'no', 'yep', 'yeah', 'lol', 'haha', 'hahaha', 'hi', 'hello', 'cool', 'nice', 'good', 'great', 'sure', 'np', 'emm', 'hmm', 'fine']);

/**
 * The language a text is written in, or undefined when it cannot tell (digits, emoji, an
 * e-mail address, a slash command). Chinese wins when there are at least as many Chinese
 * characters as English words, so "housing subsidy 有吗" is Chinese: someone who writes
 * Chinese words reads Chinese.
 */
export function detectLanguage(text: string): Language | undefined {
  const words = text.replace(NOT_WORDS, ' ');
  const han = words.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latinWords = words.match(/[A-Za-z]{2,}/g)?.length ?? 0;
  if (han === 0 && latinWords === 0) return undefined;
  return han >= latinWords ? 'zh' : 'en';
}

/** A greeting or thanks in pinyin and nothing else. */
const PINYIN_GREETING = /^(?:ni ?hao|nin ?hao|xie ?xie|zai ?jian)[\s!！.。~]*$/iu;
/** Two to four capitalised words and nothing else: a person's name. */
const PERSON_NAME = /^\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,3}$/u;

/**
 * The language to answer in: the message's own when it clearly has one, else the
 * conversation's. Once a conversation has a language, a message switches it only with
 * Chinese characters or at least two English words — so answers like "PhD", "yes" or a
 * name in Latin letters do not flip a Chinese conversation to English.
 *
 * @param text - the message text (undefined for a button press)
 * @param current - the conversation's language, if it has one
 * @param quotesAName - true for a message that is only a name of the content's (see `policyNames.ts`)
 */
export function chooseReplyLanguage(text: string | undefined, current: Language | undefined, quotesAName: (text: string) => boolean = () => false): Language | undefined {
  // A policy's Chinese name alone ("以赛代评?") in an English conversation quotes it: the answer stays in English.
  if (text && current === 'en' && quotesAName(text)) return current;
  // A greeting in pinyin ("ni hao") keeps the conversation's language, or opens a Chinese one.
  if (text && PINYIN_GREETING.test(text.trim())) return current ?? 'zh';
  // A name alone in a conversation ("Julien Moreau", "Mariana Souza Lima" — made of syllables too) is in no language.
  if (text && current !== undefined && PERSON_NAME.test(text.trim())) return current;
  // A whole sentence in pinyin is Chinese, and so is one whose Latin words are pinyin beside Chinese characters ("gou fang bu tie 有多少").
  if (text && (isPinyinSentence(text) || isPinyinBesideChinese(text))) return 'zh';
  const detected = text ? detectLanguage(text) : undefined;
  if (!detected || current === undefined || detected === current) return detected ?? current;
  // Mixed text ("what is 以赛聚才?", "有没有 housing subsidy") keeps the conversation's language.
  const words = text!.replace(NOT_WORDS, ' ');
  const han = words.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = words.match(/[A-Za-z]{2,}/g)?.length ?? 0;
  if (han > 0 && latin > 0 && Math.max(han / 2, latin) < 2.5 * Math.min(han / 2, latin)) return current;
  // Chinese words among a few English ones in a Chinese conversation ("AI 做computer vision的", "我是company employee") are still Chinese.
  if (detected === 'en' && current === 'zh' && han >= 2 && latin <= 3) return 'zh';
  // Chinese words alone ("谢谢", "那贷款呢") are Chinese; a short answer in the other script ("3个人", "ok") does not switch the conversation.
  if (detected === 'zh' && latin === 0 && han >= 2 && !/\d/.test(text!)) return 'zh';
  if (detected === 'zh' && (han < 4 || latin > 0)) return current;
  if (detected === 'zh') return 'zh';
  const latinWords = text!.replace(NOT_WORDS, ' ').match(/[A-Za-z]{2,}/g) ?? [];
  // "OK thx", "ok bye", "haha cool": chat words everyone types in Latin letters say nothing of the reader's language.
  if (latinWords.every((w) => CHAT_WORDS.has(w.toLowerCase()))) return current;
  return latinWords.length >= 2 ? 'en' : current;
}
