/**
 * Contact details as chat deliveries show them: a partner's WeCom or Telegram group is read
 * by everyone in it, so a lead there carries no full phone number or e-mail address — only
 * enough to recognise the applicant (`138****5678`, `w***@example.com`). The full contact is
 * on the lead's page behind the signed link, shown after the partner acknowledges (a `POST`),
 * and in the partner portal; the partner's webhook gets it in full.
 */

/**
 * A phone number with its middle digits hidden: the first three and the last four digits of a
 * number of eleven or more digits (`13812345678` → `138****5678`, `+49 170 1234567` →
 * `491****4567`), fewer of a shorter one; separators and a `+` are left out.
 *
 * @param phone - the number as the applicant gave it
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length >= 6) return `${digits.slice(0, 2)}****${digits.slice(-2)}`;
  return '****';
}

/**
 * An e-mail address with its local part hidden but the first character (`wang@example.com` →
 * `w***@example.com`).
 *
 * @param email - the address as the applicant gave it
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${[...email.slice(0, at)][0]}***${email.slice(at)}`;
}
