/**
 * Removes contact details and identity numbers from applicant text before it is sent to
 * the model provider. The model needs none of them: names and contacts are asked as usual
 * and never sent, but an applicant may type them into a question or a free-text answer.
 */

const MOBILE = /(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)/g;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
/** An international number: + (or 00), country code, then 7–14 more digits. */
const INTERNATIONAL = /(?<![\d+])(?:\+|00)\d{1,3}[\s-]?\d(?:[\s-]?\d){6,13}(?!\d)/g;
const ID_NUMBER = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g;

/**
 * `text` with mainland mobile numbers, e-mail addresses and resident ID numbers replaced by
 * placeholders.
 *
 * @param text - what the applicant typed
 */
export function redactPersonalData(text: string): string {
  return text.normalize('NFKC').replace(EMAIL, '[email]').replace(ID_NUMBER, '[id number]').replace(MOBILE, '[phone]').replace(INTERNATIONAL, '[phone]');
}
