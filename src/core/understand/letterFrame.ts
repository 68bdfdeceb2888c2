/**
 * A message written as a letter ("Dear Sir or Madam,\n…\nBest regards,\nDr. Petrov",
 * "尊敬的老师：您好！\n…\n此致\n敬礼"): its salutation line and its sign-off with the signature
 * say nothing of what is asked, and their words (a name, an agency) would only dilute it.
 */

/** A first line that only greets ("Dear Sir or Madam,", "Good afternoon,", "尊敬的老师：您好！"). */
const SALUTATION = /^\s*(?:dear\b[^\n]{0,60}|(?:hello|hi|hey|good (?:morning|afternoon|evening)|greetings)\b[^\n]{0,30}|尊敬的[^\n]{0,20}|(?:老师|领导)?您好[！!]?|你好[！!]?)[,，:：!！.。]?\s*$/iu;
/** A line that starts the sign-off: what follows is the signature. */
const SIGN_OFF = /^\s*(?:(?:best|kind|warm|warmest|many)\s+(?:regards|wishes|thanks)|regards|best|yours(?:\s+(?:sincerely|faithfully|truly))?|sincerely|cheers|thanks?(?:\s+you)?(?:\s+(?:in advance|very much))?|thank you for your (?:time|help)|此致|敬礼|此致敬礼|祝好|顺颂(?:商祺|时祺)?|谢谢(?:您)?[！!。]?|盼复[！!。]?)[,，.。!！]?\s*$/iu;

/**
 * The message without a letter's salutation line and sign-off; the message itself when it has
 * fewer than three lines or nothing would be left.
 */
export function withoutLetterFrame(text: string): string {
  const lines = text.split(/\r?\n/);
  if (lines.length < 3) return text;
  let start = 0;
  while (start < lines.length && (lines[start]!.trim() === '' || SALUTATION.test(lines[start]!))) start++;
  let end = lines.length;
  const signOff = lines.findIndex((line, i) => i > start && SIGN_OFF.test(line));
  if (signOff > start) end = signOff;
  const body = lines.slice(start, end).join('\n').trim();
  return body || text;
}
