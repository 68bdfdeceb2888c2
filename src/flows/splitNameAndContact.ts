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
  const rest = `${typed.slice(0, match.index)} ${typed.slice(match.index + match[0].length)}`;
  const name = rest
    .trim()
    .replace(NAME_LEADS, '')
    .replace(LABELS, ' ')
    .replace(/[\s,，;；、。.]+/gu, ' ')
    .trim()
    .replace(/\s+(?:and|und|et|e|y|&|和|及)$/iu, '')
    .trim();
  if (!name || [...name].length > 50 || /\d/.test(name)) return undefined;
  return { name, contact: match[0] };
}

/** A pattern for a phone number's digits with the spaces, dashes and country code people type between them. */
function phoneSpan(phone: string): RegExp {
  const digits = [...phone.replace(/^\+/, '')].map((d) => escapeRegExp(d)).join('[\\s()-]*');
  return new RegExp(`(?:\\+|00)?(?:86[\\s-]*)?${digits}`, 'u');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
