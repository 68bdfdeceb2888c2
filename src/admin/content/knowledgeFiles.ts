/**
 * Knowledge content as file texts keyed by their path inside `knowledge/` — the form in
 * which revisions are stored, diffed, exported and imported, and validated by
 * `parseKnowledgeFiles` (the same function and schemas as start-up and `npm run kb:check`).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** File texts by path relative to the knowledge folder: `entries/x.zh.md`, `topics.yaml`, `calendar.yaml`, `lexicon.yaml`. */
export type KnowledgeFiles = Record<string, string>;

/** The YAML files of the content besides the entries. */
export const CONTENT_YAML_FILES = ['topics.yaml', 'calendar.yaml', 'lexicon.yaml', 'dialogue-acts.yaml'] as const;
/** The shipped regression set, beside the content in the knowledge folder. */
export const REGRESSION_FILE = 'regression.jsonl';
const ENTRY_FILE = /^entries\/[a-z0-9]+(?:-[a-z0-9]+)*\.(?:zh|en)\.md$/;

/** True for a path that belongs to the content (an entry or one of the YAML files). */
export function isContentFile(file: string): boolean {
  return ENTRY_FILE.test(file) || (CONTENT_YAML_FILES as readonly string[]).includes(file);
}

/**
 * Reads the content files of a knowledge folder exactly as they are (the same files
 * `loadKnowledge` reads).
 *
 * @param dir - the knowledge folder
 */
export async function readKnowledgeFiles(dir: string): Promise<KnowledgeFiles> {
  const files: KnowledgeFiles = {};
  const names = (await readdir(path.join(dir, 'entries')).catch(() => [] as string[])).filter((f) => f.endsWith('.md')).sort();
  for (const name of names) files[`entries/${name}`] = await readFile(path.join(dir, 'entries', name), 'utf8');
  for (const name of CONTENT_YAML_FILES) {
    const text = await readFile(path.join(dir, name), 'utf8').catch(() => undefined);
    if (text !== undefined) files[name] = text;
  }
  return files;
}

/** The files in a stable order: YAML files first, then entries by name. */
export function sortedFileNames(files: KnowledgeFiles): string[] {
  const rank = (f: string) => {
    const i = (CONTENT_YAML_FILES as readonly string[]).indexOf(f);
    return i >= 0 ? i : CONTENT_YAML_FILES.length;
  };
  return Object.keys(files).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** A SHA-256 over names and texts: equal hashes, equal content. */
export function hashFiles(files: KnowledgeFiles): string {
  const hash = createHash('sha256');
  for (const name of sortedFileNames(files)) hash.update(`${name}\0${files[name]}\0`);
  return hash.digest('hex');
}

/** A SHA-256 of some of the files (missing ones count as absent), for edit conflicts. */
export function hashSomeFiles(files: KnowledgeFiles, names: readonly string[]): string {
  const hash = createHash('sha256');
  for (const name of names) hash.update(`${name}\0${files[name] ?? '\u0000absent'}\0`);
  return hash.digest('hex').slice(0, 32);
}

/** One file's change between two sets. */
export interface FileChange {
  file: string;
  kind: 'added' | 'changed' | 'removed';
}

/** The files that differ between two sets, in {@link sortedFileNames} order. */
export function changedFiles(before: KnowledgeFiles, after: KnowledgeFiles): FileChange[] {
  const names = sortedFileNames({ ...before, ...after });
  const changes: FileChange[] = [];
  for (const file of names) {
    if (!(file in before)) changes.push({ file, kind: 'added' });
    else if (!(file in after)) changes.push({ file, kind: 'removed' });
    else if (before[file] !== after[file]) changes.push({ file, kind: 'changed' });
  }
  return changes;
}

/** The slug of an entry file (`entries/housing-subsidy.zh.md` → `housing-subsidy`), or undefined. */
export function slugOfFile(file: string): string | undefined {
  const match = /^entries\/([a-z0-9-]+)\.(?:zh|en)\.md$/.exec(file);
  return match?.[1];
}
