/**
 * Removes personal data from a question before it is kept in the inbox: e-mail addresses,
 * links, phone numbers (mainland mobiles with or without +86, landlines, international
 * numbers), ID-card numbers and any run of six or more digits, WeChat/QQ ids after their
 * keyword, and names where the wording announces one ("我叫…", "本人姓名…", "my name is …",
 * "王先生"). Full-width digits count as digits; other text is kept as typed. Each is replaced by a marker such as `[phone]`.
 *
 * Names said without such a cue ("请转告张伟") cannot be told apart from other words and
 * are not removed: the inbox shows staff only these stripped questions, never raw ones,
 * and keeps no user id, channel or time of a single question.
 */

const RULES: ReadonlyArray<[RegExp, string]> = [
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '[email]'],
  [/\b(?:https?:\/\/|www\.)\S+/gi, '[link]'],
  [/(?:微信号?|vx|wx|wechat|weixin|qq)\s*(?:号)?\s*[:：是为]?\s*[A-Za-z][\w-]{4,}/gi, '[contact]'],
  [/(?<!\d)\d{17}[\dXx](?!\d)/g, '[id]'],
  [/(?<![\d+])(?:\+|00)\d{1,3}[\s-]?\d(?:[\s-]?\d){6,13}(?!\d)/g, '[phone]'],
  [/(?<![\d+])(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)/g, '[phone]'],
  [/(?<!\d)\(?0\d{2,3}\)?[\s-]?\d{7,8}(?!\d)/g, '[phone]'],
  [/\d(?:[\s-]?\d){5,}/g, '[number]'],
  [/(我叫|我的名字(?:是|叫)|本人(?:姓名|名叫)?(?:是|叫)|姓名\s*[:：]?|联系人\s*[:：]?)\s*[\p{Script=Han}·]{2,4}/gu, '$1[name]'],
  [/[\p{Script=Han}]{1,2}(?=先生|女士|小姐)/gu, '[name]'],
  [/\b(my name is|i am called|name\s*:)\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?/gi, '$1 [name]'],
  [/\b(this is|i'm|i am)\s+(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?/g, '$1 [name]'],
];

/** Full-width digits and the signs of phone numbers and addresses (＋ ＠ ． －), read as ASCII. */
const FULL_WIDTH = /[\uff10-\uff19\uff0b\uff20\uff0e\uff0d]/g;

/** Longest question kept, in characters. */
export const MAX_KEPT_QUESTION_CHARS = 300;

/**
 * The question without the personal data this module can recognise.
 *
 * @param text - a question as an applicant typed it
 * @param maxChars - the longest text kept, in characters; default {@link MAX_KEPT_QUESTION_CHARS}
 */
export function stripPersonalData(text: string, maxChars = MAX_KEPT_QUESTION_CHARS): string {
  let out = text.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\s+/g, ' ').trim();
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return [...out].slice(0, maxChars).join('');
}
