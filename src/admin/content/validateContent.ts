/**
 * Validates a set of knowledge file texts with `parseKnowledgeFiles` — the same function and
 * zod schemas as start-up and `npm run kb:check` — and returns the problems by file and
 * field, so forms can show each one next to its field.
 */
import { InputError } from '../../shared/errors.js';
import { parseKnowledgeFiles, type KnowledgeContent } from '../../knowledge/loadKnowledge.js';
import type { KnowledgeFiles } from './knowledgeFiles.js';

/** One problem: the file (relative to `knowledge/`), the field path (`questions.0`, `source.url`, `-`) and what is wrong. */
export interface FieldProblem {
  file: string;
  field: string;
  problem: string;
}

/** Valid content, or its problems. */
export type ContentCheck = { ok: true; content: KnowledgeContent } | { ok: false; problems: FieldProblem[] };

const LABEL = 'knowledge';

/**
 * Validates file texts.
 *
 * @param files - the complete set
 * @param requiredTopics - topics that must exist (those the flows offer answers on)
 */
export function validateContent(files: KnowledgeFiles, requiredTopics: ReadonlySet<string> = new Set()): ContentCheck {
  let content: KnowledgeContent;
  try {
    content = parseKnowledgeFiles(files, LABEL);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { ok: false, problems: error.issues.map(toFieldProblem) };
  }
  const problems: FieldProblem[] = [];
  const topics = new Set(content.topics.map((t) => t.id));
  for (const t of requiredTopics) {
    if (!topics.has(t)) problems.push({ file: 'topics.yaml', field: `topics.${t}`, problem: 'the conversation flows offer answers on this topic; keep it' });
  }
  // The schema accepts any URL; the console also refuses links that are not http(s) (javascript:, data:).
  for (const entry of content.entries) {
    if (entry.source.url !== undefined && !isHttpUrl(entry.source.url)) problems.push({ file: `entries/${entry.id}.md`, field: 'source.url', problem: NOT_HTTP });
  }
  content.calendar.events.forEach((event, i) => {
    if (event.source.url !== undefined && !isHttpUrl(event.source.url)) problems.push({ file: 'calendar.yaml', field: `events.${i}.source.url`, problem: NOT_HTTP });
  });
  return problems.length ? { ok: false, problems } : { ok: true, content };
}

const NOT_HTTP = 'expected an http(s) link such as https://www.wujin.gov.cn/…';

function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

function toFieldProblem(issue: { where: string; problem: string }): FieldProblem {
  const match = /^knowledge\/(.+?): (.*)$/.exec(issue.where);
  return match ? { file: match[1]!, field: match[2]!, problem: issue.problem } : { file: '-', field: issue.where, problem: issue.problem };
}
