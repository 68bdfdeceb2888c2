/**
 * Checks one answer against a question's validator and turns it into the value that is
 * stored: a choice id, a trimmed text, a normalised contact, an integer, a year.
 */
import type { Choice, Validator } from './flowSchema.js';

/** A valid answer: the stored value and, for choices, extra facts the choice implies. */
export type ValidAnswer = { ok: true; value: string | number; sets?: Record<string, string> };
/** An invalid answer. */
export type InvalidAnswer = { ok: false };

const CHINESE_MOBILE = /^1[3-9]\d{9}$/;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;
const CHINESE_DIGITS: Record<string, number> = { 一: 1, 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
const RELATIVE_YEARS: Record<string, number> = { 今年: 0, 明年: 1, 后年: 2, 'this year': 0, 'next year': 1, 'the year after next': 2 };

const normalise = (text: string) => text.normalize('NFKC').trim().toLowerCase().replace(/[。.!！?？,，;；]+$/u, '').trim();

/** The choice a typed text means: its id, label or alias. */
export function matchChoice(choices: readonly Choice[], text: string): Choice | undefined {
  const typed = normalise(text);
  // A bare number is an option's number only where options were shown numbered; channels
  // that number them turn the number into the button's action before the engine sees it.
  return choices.find((c) => [c.id, c.label.zh, c.label.en, ...c.aliases].some((name) => normalise(name) === typed));
}

/** A mainland mobile number (digits only, no +86) or a lower-cased e-mail, from what was typed. */
export function parseContact(text: string): { phone: string } | { email: string } | undefined {
  const typed = text.normalize('NFKC').trim();
  const digits = typed.replace(/[\s()-]/g, '').replace(/^(?:\+?86)/, '');
  if (CHINESE_MOBILE.test(digits)) return { phone: digits };
  const email = typed.toLowerCase();
  if (email.length <= 254 && EMAIL.test(email)) return { email };
  // Overseas applicants: an international number with its country code ("+49 1512 3456789").
  const international = /^(?:\+|00)(\d{1,3})[\s-]?(\d(?:[\s()-]?\d){6,13})$/u.exec(typed);
  if (international && international[1] !== '86') return { phone: `+${international[1]}${international[2]!.replace(/[\s()-]/g, '')}` };
  // An international number inside a sentence ("陳美玲 +886 912 345 678", "mobile is +91 98450 12345"),
  // read before a mainland one, which its digits may contain ("+49 151 23456789").
  const abroad = /(?<![\d+])(?:\+|00)(\d{1,3})[\s-]?(\d(?:[\s()-]?\d){6,13})(?![\d])/u.exec(typed);
  if (abroad && abroad[1] !== '86') return { phone: `+${abroad[1]}${abroad[2]!.replace(/[\s()-]/g, '')}` };
  // Inside a sentence: "18812345678 微信同号", "電郵：lin@example.edu".
  const mobile = /(?<!\d)(?:\+?86[\s-]?)?(1[3-9]\d[\s-]?\d{4}[\s-]?\d{4})(?!\d)/u.exec(typed);
  if (mobile) return { phone: mobile[1]!.replace(/[\s-]/g, '') };
  // The address stops at Chinese text around it ("邮箱lin@example.com").
  const address = /[^\s@<>()[\]\\,;:"：，\p{Script=Han}]+@[^\s@<>()[\]\\,;:"：，\p{Script=Han}]+\.[a-z]{2,}/iu.exec(typed);
  if (address && address[0].length <= 254) return { email: address[0].toLowerCase() };
  return undefined;
}

function parseInteger(text: string): number | undefined {
  const typed = text.normalize('NFKC').trim();
  const digits = /^(?:约|大概|大约|about|around)?\s*(\d{1,6})\s*(?:个人|人|个|名|people|persons?|members?)?\s*$/iu.exec(typed);
  if (digits) return Number(digits[1]);
  const chinese = /^(?:大概|大约|约)?([一两二三四五六七八九十])\s*(?:个)?(?:人|名)?$/u.exec(typed);
  return chinese ? CHINESE_DIGITS[chinese[1]!] : undefined;
}

/**
 * Validates an answer.
 *
 * @param validator - the question's validator
 * @param text - what the applicant typed (a pressed choice button arrives as the choice id)
 * @param currentYear - this year, from the injected clock, for year questions
 */
export function validateAnswer(validator: Validator, text: string, currentYear: number): ValidAnswer | InvalidAnswer {
  switch (validator.type) {
    case 'choice': {
      const choice = matchChoice(validator.choices, text);
      return choice ? { ok: true, value: choice.id, ...(choice.sets ? { sets: choice.sets } : {}) } : { ok: false };
    }
    case 'text': {
      let value = text.trim().replace(/\s+/g, ' ');
      const lower = value.normalize('NFKC').toLowerCase();
      const prefix = validator.stripPrefixes.filter((p) => lower.startsWith(p.toLowerCase())).sort((a, b) => b.length - a.length)[0];
      if (prefix && value.length > prefix.length) value = value.slice(prefix.length).replace(/^[\s:：,，]+/u, '').replace(/[。.!！]+$/u, '').trim() || value;
      const length = [...value].length;
      return length >= validator.minLength && length <= validator.maxLength ? { ok: true, value } : { ok: false };
    }
    case 'contact': {
      const contact = parseContact(text);
      if (!contact) return { ok: false };
      return { ok: true, value: 'phone' in contact ? contact.phone : contact.email };
    }
    case 'integer': {
      const value = parseInteger(text);
      return value !== undefined && value >= validator.min && value <= validator.max ? { ok: true, value } : { ok: false };
    }
    case 'year': {
      const typed = normalise(text);
      const relative = RELATIVE_YEARS[typed];
      const year = relative !== undefined ? currentYear + relative : /^(\d{4})\s*年?$/u.test(typed) ? Number(typed.slice(0, 4)) : undefined;
      return year !== undefined && year >= currentYear + validator.minOffset && year <= currentYear + validator.maxOffset
        ? { ok: true, value: year }
        : { ok: false };
    }
  }
}
