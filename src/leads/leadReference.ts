/**
 * The reference an applicant is given for an application: short enough to read out on the
 * phone, and found again by staff from the start of the lead's id.
 */

/** The reference of a lead: the first eight letters and digits of its id, upper case ("A1B2C3D4"). */
export function referenceOf(leadId: string): string {
  return leadId.replace(/[^a-zA-Z0-9]/g, '').slice(0, 8).toUpperCase();
}
