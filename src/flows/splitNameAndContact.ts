/**
 * A name and a contact typed in one message ("刘洋 手机13700001111", "Chinedu Okafor, email
 * chinedu@example.com"), split so that a name question followed by a contact question can
 * take both at once, as a person at a desk would write both down.
 */
import { parseContact } from './validateAnswer.js';

/** Words around the contact that are neither the name nor the contact. */
const LABELS = /(?:我的)?(?:手机号码|手机号|手机|电话号码|电话|联系方式|微信同号|邮箱地址|邮箱|电邮|郵箱|電郵|my\s+(?:mobile|phone|e-?mail|number)(?:\s+(?:is|number))?|(?:mobile|phone|cell|tel|e-?mail|whatsapp)(?:\s+number)?|number|contact|is)\s*[:：]?/giu;
const NAME_LEADS = /^(?:我叫|我是|叫我|姓名[:：]?|名字[:：]?|my name is|i am|i'm|this is|name[:：]?)\s*/iu;

/** The two parts, or undefined when the message does not hold both a contact and something else. */
export function splitNameAndContact(text: string): { name: string; contact: string } | undefined {
  const typed = text.normalize('NFKC').trim();
  const found = parseContact(typed);
  if (!found) return undefined;
  const value = 'phone' in found ? found.phone : found.email;
  // Where the contact stands in the message: an e-mail as typed, a phone by its digits.
  const span = 'email' in found ? new RegExp(escapeRegExp(value), 'iu') : phoneSpan(value);
  const match = span?.exec(typed);
  if (!match) return undefined;
  // A second contact ("邮箱…，电话也留一个…") is not part of the name: the first one is taken.
  const rest = `${typed.slice(0, match.index)} ${typed.slice(match.index + match[0].length)}`.replace(OTHER_CONTACT, ' ');
  const name = nameOf(rest);
  if (!name || [...name].length > 50 || /\d/.test(name)) return undefined;
  return { name, contact: match[0] };
}

/** Another e-mail address or phone number in the same message. */
const OTHER_CONTACT = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\d[\d\s()-]{5,}\d/gu;
/** What is left around the contact but a name: "也留一个" after "电话". */
const LEFT_OVER = /^(?:也|还)?(?:留|给|附|加)?(?:一个|个|上|下)?$|^(?:also|too|as well)$/iu;

/**
 * The name in what is left once the contact is out: the rest without labels and leads; with
 * several parts left ("我叫孙悦，邮箱，电话也留一个"), the one the name was introduced in, and
 * never the words left over around a label.
 */
function nameOf(rest: string): string {
  const parts = rest
    .split(/[,，;；、。]+/u)
    .map((part) => ({ led: NAME_LEADS.test(part.trim()), name: clean(part) }))
    .filter((p) => p.name && !LEFT_OVER.test(p.name));
  if (parts.length === 1) return parts[0]!.name;
  return parts.find((p) => p.led)?.name ?? clean(rest);
}

function clean(part: string): string {
  return part
    .trim()
    .replace(NAME_LEADS, '')
    .replace(LABELS, ' ')
    .replace(/[\s,，;；、。.]+/gu, ' ')
    .trim()
    .replace(/\s+(?:and|und|et|e|y|&|和|及)$/iu, '')
    .trim();
}

/** A pattern for a phone number's digits with the spaces, dashes and country code people type between them. */
function phoneSpan(phone: string): RegExp {
  const digits = [...phone.replace(/^\+/, '')].map((d) => escapeRegExp(d)).join('[\\s()-]*');
  return new RegExp(`(?:\\+|00)?(?:86[\\s-]*)?${digits}`, 'u');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
