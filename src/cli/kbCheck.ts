/**
 * `npm run kb:check [-- <knowledge dir>]`: validates the knowledge folder with the same
 * schemas the bot loads it with, and lists every problem with its file and field.
 * Exits with 1 when there is any.
 */
import { loadConfig } from '../config/config.js';
import { InputError } from '../core/errors.js';
import { buildKnowledgeBase } from '../knowledge/knowledgeBase.js';
import { loadKnowledge } from '../knowledge/loadKnowledge.js';

async function main(): Promise<number> {
  const dir = process.argv[2] ?? loadConfig(process.env).knowledgeDir;
  try {
    const content = await loadKnowledge(dir);
    buildKnowledgeBase(content);
    const review = content.entries.filter((e) => e.review === 'needs_review');
    console.log(
      `knowledge OK: ${content.entries.length} entries in ${new Set(content.entries.map((e) => e.topic)).size} topics, ` +
        `${content.calendar.events.length} calendar events, ${content.lexicon.synonyms.length} synonym groups`,
    );
    for (const entry of review) console.log(`needs review: ${entry.id} — ${entry.reviewNote ?? ''}`);
    return 0;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    console.error(`knowledge has ${error.issues.length} problem(s):`);
    for (const issue of error.issues) console.error(`  ${issue.where}: ${issue.problem}`);
    return 1;
  }
}

main().then((code) => process.exit(code));
