/**
 * The district profile (`profile.yaml` beside the content, in the knowledge folder): the
 * district's and the office's names in both languages, its IANA time zone, the default
 * language, the wording of the greeting, example questions, the follow-up contact and the web
 * page's titles, and
 * the model's persona. It is read once at start and passed to the engine, the web channel,
 * the leads layer and the console; no code names a district or a UTC offset.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../shared/errors.js';
import { bilingualTextSchema } from './schema.js';
import { languageSchema } from '../shared/language.js';

/** The profile's file name inside the knowledge folder. */
export const PROFILE_FILE = 'profile.yaml';

/** True for a zone name (`Area/Location`, or `UTC`) that this runtime's Intl knows; a fixed offset is not a name. */
function isIanaTimeZone(name: string): boolean {
  if (!/^(?:UTC|[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+)$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The schema of `profile.yaml`. */
export const districtProfileSchema = z.strictObject({
  /** The district's name, e.g. "某某区" / "Some District". */
  district: bilingualTextSchema,
  /** The talent office's name: the built-in fallback partner and the signature of notices. */
  office: bilingualTextSchema,
  /** IANA time zone name (e.g. Europe/Berlin, America/New_York): today's date, the year, dates shown. */
  timeZone: z.string().refine(isIanaTimeZone, 'expected an IANA time zone name such as Europe/Berlin or America/New_York, not a fixed offset'),
  /** The language of a user who has not written yet and whose platform gives no hint. */
  defaultLanguage: languageSchema.default('zh'),
  /** The first line of the menu: who the bot is and for which district. */
  greeting: bilingualTextSchema,
  /** One to three example questions for the menu and the chat page's input field, as an applicant would type them (the first is the placeholder). */
  examples: z.strictObject({ zh: z.array(z.string().trim().min(1)).min(1).max(3), en: z.array(z.string().trim().min(1)).min(1).max(3) }),
  /** Who follows up when a partner does not confirm a lead in time, as it reads inside a sentence. */
  contact: bilingualTextSchema,
  /** The web chat: the page's title (`GET /`) and the embedded widget's title (`GET /widget.js`). */
  web: z.strictObject({ pageTitle: bilingualTextSchema, widgetTitle: bilingualTextSchema }),
  /** The model's persona (English, completes "You are the … of"): whom the bot serves, for which district. */
  persona: z.string().trim().min(1),
});
/** A validated district profile. */
export type DistrictProfile = z.output<typeof districtProfileSchema>;

/**
 * Validates the text of a profile file.
 *
 * @param text - the YAML text
 * @param label - how to name the file in messages
 * @throws InputError listing every problem as "<label>: <field>: <problem>"
 */
export function parseDistrictProfile(text: string, label = PROFILE_FILE): DistrictProfile {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new InputError(label, `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = districtProfileSchema.safeParse(data ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ where: `${label}: ${i.path.join('.') || 'profile'}`, problem: i.message }));
  throw new InputError(issues[0]!.where, issues[0]!.problem, issues);
}

/**
 * Reads and validates `profile.yaml` of a knowledge folder.
 *
 * @param knowledgeDir - the knowledge folder (`KNOWLEDGE_DIR`)
 * @throws InputError when the file is missing or invalid
 */
export async function loadDistrictProfile(knowledgeDir: string): Promise<DistrictProfile> {
  const file = path.join(knowledgeDir, PROFILE_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(file, `cannot read the district profile (${(error as NodeJS.ErrnoException).code ?? 'error'}); every knowledge folder needs a ${PROFILE_FILE} (see README, District profile)`);
  }
  return parseDistrictProfile(text, file);
}
