/**
 * Reads `knowledge/` from disk and validates all of it with the schemas of `schema.ts`.
 * Every problem is collected and reported with its file path and field, so one run of
 * `npm run kb:check` lists everything to fix.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../shared/errors.js';
import { dialogueActsFileSchema, NO_DIALOGUE_ACTS, type DialogueActs } from './dialogueActSchema.js';
import {
  calendarFileSchema,
  knowledgeEntrySchema,
  lexiconFileSchema,
  topicsFileSchema,
  type Calendar,
  type KnowledgeEntry,
  type Lexicon,
  type Topic,
} from './schema.js';

/** Everything in `knowledge/`, validated. */
export interface KnowledgeContent {
  topics: Topic[];
  entries: KnowledgeEntry[];
  calendar: Calendar;
  lexicon: Lexicon;
  /** Greetings, thanks, asking for a person… and the follow-up vocabulary (`dialogue-acts.yaml`, optional). */
  dialogueActs?: DialogueActs;
}

/** One problem found in the content: the file (relative to the knowledge folder), the field and what is wrong. */
export interface ContentProblem {
  file: string;
  field: string;
  problem: string;
}

/** The file of dialogue acts inside the knowledge folder. */
export const DIALOGUE_ACTS_FILE = 'dialogue-acts.yaml';

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/**
 * Loads and validates the knowledge folder.
 *
 * @param dir - the `knowledge/` folder
 * @throws InputError listing every problem, each as "<file>: <field>: <problem>"
 */
export async function loadKnowledge(dir: string): Promise<KnowledgeContent> {
  const files: Record<string, string> = {};
  const entryDir = path.join(dir, 'entries');
  const entryFiles = (await readdir(entryDir).catch(() => [] as string[])).filter((f) => f.endsWith('.md')).sort();
  for (const name of entryFiles) files[`entries/${name}`] = await readFile(path.join(entryDir, name), 'utf8');
  for (const name of ['topics.yaml', 'calendar.yaml', 'lexicon.yaml', DIALOGUE_ACTS_FILE]) {
    files[name] = await readFile(path.join(dir, name), 'utf8').catch(() => '');
  }
  return parseKnowledgeFiles(files, dir);
}

/**
 * Validates knowledge content given as file texts keyed by path relative to the knowledge
 * folder (`entries/x.zh.md`, `topics.yaml`, `calendar.yaml`, `lexicon.yaml`). The staff
 * console validates drafts through this same function.
 *
 * @param files - file texts by relative path
 * @param label - how to name the folder in error messages
 * @throws InputError listing every problem
 */
export function parseKnowledgeFiles(files: Record<string, string>, label = 'knowledge'): KnowledgeContent {
  const problems: ContentProblem[] = [];
  const topicsFile = parseYamlFile(files, 'topics.yaml', topicsFileSchema, problems);
  const calendar = parseYamlFile(files, 'calendar.yaml', calendarFileSchema, problems);
  const lexicon = parseYamlFile(files, 'lexicon.yaml', lexiconFileSchema, problems);
  // Optional: content without it simply recognises no dialogue acts.
  const dialogueActs = files[DIALOGUE_ACTS_FILE] ? parseYamlFile(files, DIALOGUE_ACTS_FILE, dialogueActsFileSchema, problems) : NO_DIALOGUE_ACTS;

  const entries: KnowledgeEntry[] = [];
  const entryFiles = Object.keys(files)
    .filter((f) => f.startsWith('entries/') && f.endsWith('.md'))
    .sort();
  if (entryFiles.length === 0) problems.push({ file: 'entries/', field: '-', problem: 'no entry files (*.md) found' });
  for (const file of entryFiles) {
    const entry = parseEntryFile(file, files[file] ?? '', problems);
    if (entry) entries.push(entry);
  }
  if (topicsFile) checkCrossReferences(entries, topicsFile.topics, problems);

  if (problems.length > 0 || !topicsFile || !calendar || !lexicon || !dialogueActs) {
    const issues = problems.map((p) => ({ where: `${label}/${p.file}: ${p.field}`, problem: p.problem }));
    throw new InputError(issues[0]?.where ?? label, issues[0]?.problem ?? 'invalid content', issues);
  }
  return { topics: topicsFile.topics, entries, calendar, lexicon, dialogueActs };
}

function parseYamlFile<S extends z.ZodType>(
  files: Record<string, string>,
  file: string,
  schema: S,
  problems: ContentProblem[],
): z.infer<S> | undefined {
  const text = files[file];
  if (!text) {
    problems.push({ file, field: '-', problem: 'file is missing or empty' });
    return undefined;
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    problems.push({ file, field: '-', problem: `not valid YAML: ${(error as Error).message.split('\n')[0]}` });
    return undefined;
  }
  return validate(file, schema, data, problems);
}

function parseEntryFile(file: string, text: string, problems: ContentProblem[]): KnowledgeEntry | undefined {
  const match = FRONT_MATTER.exec(text);
  if (!match) {
    problems.push({ file, field: '-', problem: 'expected YAML front matter between two "---" lines at the top' });
    return undefined;
  }
  let frontMatter: unknown;
  try {
    frontMatter = parseYaml(match[1] ?? '');
  } catch (error) {
    problems.push({ file, field: 'front matter', problem: `not valid YAML: ${(error as Error).message.split('\n')[0]}` });
    return undefined;
  }
  if (typeof frontMatter !== 'object' || frontMatter === null) {
    problems.push({ file, field: 'front matter', problem: 'expected a YAML mapping' });
    return undefined;
  }
  const entry = validate(file, knowledgeEntrySchema, { ...frontMatter, body: match[2] ?? '' }, problems);
  if (entry && path.posix.basename(file) !== `${entry.id}.md`) {
    problems.push({ file, field: 'id', problem: `file name must be "${entry.id}.md" to match the id` });
  }
  return entry;
}

function validate<S extends z.ZodType>(file: string, schema: S, data: unknown, problems: ContentProblem[]): z.infer<S> | undefined {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    problems.push({ file, field: issue.path.length ? issue.path.join('.') : '-', problem: issue.message });
  }
  return undefined;
}

function checkCrossReferences(entries: KnowledgeEntry[], topics: Topic[], problems: ContentProblem[]): void {
  const topicIds = new Set(topics.map((t) => t.id));
  const seenIds = new Map<string, KnowledgeEntry>();
  const bySlug = new Map<string, KnowledgeEntry[]>();
  for (const entry of entries) {
    const file = `entries/${entry.id}.md`;
    if (!topicIds.has(entry.topic)) {
      problems.push({ file, field: 'topic', problem: `unknown topic "${entry.topic}"; add it to topics.yaml or use one listed there` });
    }
    if (seenIds.has(entry.id)) problems.push({ file, field: 'id', problem: `duplicate id ${entry.id}` });
    seenIds.set(entry.id, entry);
    const slug = entry.id.slice(0, entry.id.lastIndexOf('.'));
    bySlug.set(slug, [...(bySlug.get(slug) ?? []), entry]);
  }
  for (const [slug, pair] of bySlug) {
    const languages = new Set(pair.map((e) => e.language));
    for (const missing of (['zh', 'en'] as const).filter((l) => !languages.has(l))) {
      problems.push({ file: `entries/${slug}.${missing}.md`, field: '-', problem: `missing: every entry exists in zh and en` });
    }
    if (new Set(pair.map((e) => e.topic)).size > 1) {
      problems.push({ file: `entries/${slug}.en.md`, field: 'topic', problem: 'the zh and en entries of one pair must share their topic' });
    }
  }
  const covered = new Set(entries.map((e) => e.topic));
  for (const topic of topics) {
    if (!covered.has(topic.id)) problems.push({ file: 'topics.yaml', field: `topics.${topic.id}`, problem: 'no entry declares this topic' });
    if (topic.datesFrom !== undefined && (!topicIds.has(topic.datesFrom) || topic.datesFrom === topic.id)) {
      problems.push({ file: 'topics.yaml', field: `topics.${topic.id}.datesFrom`, problem: `"${topic.datesFrom}" is not another topic listed in topics.yaml` });
    }
    for (const part of topic.covers ?? []) {
      if (!topicIds.has(part) || part === topic.id) problems.push({ file: 'topics.yaml', field: `topics.${topic.id}.covers`, problem: `"${part}" is not another topic listed in topics.yaml` });
    }
  }
}
