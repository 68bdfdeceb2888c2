/**
 * `npm run kb:check [-- <knowledge dir>]`: validates the knowledge folder (its district
 * profile `profile.yaml` included) with the same schemas the bot loads it with, and lists
 * every problem with its file and field.
 * Exits with 1 when there is any.
 */
import { loadConfig } from '../config/config.js';
import { InputError } from '../shared/errors.js';
import { loadDistrictProfile, type DistrictProfile } from '../knowledge/districtProfile.js';
import { buildKnowledgeBase } from '../knowledge/knowledgeBase.js';
import { loadKnowledge } from '../knowledge/loadKnowledge.js';

async function main(): Promise<number> {
  const dir = process.argv[2] ?? loadConfig(process.env).knowledgeDir;
  // The profile's problems are listed with the content's, not instead of them.
  const profile: DistrictProfile | InputError = await loadDistrictProfile(dir).catch((error: unknown) => {
    if (error instanceof InputError) return error;
    throw error;
  });
  try {
    const content = await loadKnowledge(dir);
    if (profile instanceof InputError) throw profile;
    buildKnowledgeBase(content);
    const review = content.entries.filter((e) => e.review === 'needs_review');
    console.log(
      `knowledge OK: ${content.entries.length} entries in ${new Set(content.entries.map((e) => e.topic)).size} topics, ` +
        `${content.calendar.events.length} calendar events, ${content.lexicon.synonyms.length} synonym groups; ` +
        `profile of ${profile.district.en} (${profile.timeZone})`,
    );
    for (const entry of review) console.log(`needs review: ${entry.id} — ${entry.reviewNote ?? ''}`);
    return 0;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const issues = [...error.issues, ...(profile instanceof InputError && profile !== error ? profile.issues : [])];
    console.error(`knowledge has ${issues.length} problem(s):`);
    for (const issue of issues) console.error(`  ${issue.where}: ${issue.problem}`);
    return 1;
  }
}

main().then((code) => process.exit(code));
