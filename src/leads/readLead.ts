/**
 * Converts between the store's lead documents and {@link LeadRecord}: every read goes
 * through the zod schema, so a lead the code uses always has the current shape.
 */
import type { StoredLead } from '../store/contract.js';
import { leadRecordSchema, type LeadRecord } from './leadRecord.js';

/**
 * Parses a stored lead.
 *
 * @param stored - what the store returned; undefined passes through
 * @throws ZodError when the stored document is not a valid lead (repair or erase it)
 */
export function readLead(stored: StoredLead): LeadRecord;
export function readLead(stored: StoredLead | undefined): LeadRecord | undefined;
export function readLead(stored: StoredLead | undefined): LeadRecord | undefined {
  return stored === undefined ? undefined : leadRecordSchema.parse(stored);
}
