/**
 * The person key: a SHA-256 hash of the applicant's normalised contact, so a
 * re-application by the same person finds their earlier lead. It is a pseudonym, not an
 * anonymisation (a phone number is guessable from its hash), and is removed on erasure.
 */
import { createHash } from 'node:crypto';
import type { LeadContact } from './leadRecord.js';

/**
 * Computes the person key of a contact: the phone number when there is one (digits only,
 * without the +86 / 0086 country prefix), else the e-mail address (trimmed, lower-cased).
 *
 * @param contact - the applicant's contact
 * @returns a hex SHA-256 digest
 */
export function personKey(contact: Pick<LeadContact, 'phone' | 'email'>): string {
  const phone = contact.phone === undefined ? '' : normalisePhone(contact.phone);
  const source = phone ? `phone:${phone}` : `email:${(contact.email ?? '').trim().toLowerCase()}`;
  return createHash('sha256').update(source).digest('hex');
}

function normalisePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.startsWith('0086')) return digits.slice(4);
  if (digits.startsWith('86') && digits.length === 13) return digits.slice(2);
  return digits;
}
