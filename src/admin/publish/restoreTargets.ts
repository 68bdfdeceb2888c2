/**
 * Restoring part of the draft: one entry (both language files of its pair) or one YAML file
 * goes back to the published text — removed when it is new in the draft — and every other
 * change of the draft stays. The result is validated like any edit before it is saved.
 */
import { changedFiles, slugOfFile, type KnowledgeFiles } from '../content/knowledgeFiles.js';

/** Something of the draft that can be restored on its own. */
export interface RestoreTarget {
  /** The entry's slug, or the file's name for a YAML file. */
  key: string;
  kind: 'entry' | 'file';
  /** The files it covers. */
  files: string[];
  /** True when it does not exist in the published content. */
  added: boolean;
}

/**
 * The changes of the draft, grouped into what can be restored on its own: an entry's pair of
 * files together, every other file alone.
 *
 * @param published - the published files
 * @param draft - the draft's files
 */
export function listRestoreTargets(published: KnowledgeFiles, draft: KnowledgeFiles): RestoreTarget[] {
  const targets = new Map<string, RestoreTarget>();
  for (const change of changedFiles(published, draft)) {
    const slug = slugOfFile(change.file);
    const key = slug ?? change.file;
    const target = targets.get(key) ?? { key, kind: slug ? 'entry' : 'file', files: [], added: true };
    target.files.push(change.file);
    target.added &&= change.kind === 'added';
    targets.set(key, target);
  }
  return [...targets.values()];
}

/**
 * The draft with one target put back to the published text.
 *
 * @param published - the published files
 * @param draft - the draft's files
 * @param key - a {@link RestoreTarget.key}
 * @returns the new draft files, or undefined when the key names nothing the draft changes
 */
export function restoreTarget(published: KnowledgeFiles, draft: KnowledgeFiles, key: string): KnowledgeFiles | undefined {
  const target = listRestoreTargets(published, draft).find((t) => t.key === key);
  if (!target) return undefined;
  const files: KnowledgeFiles = { ...draft };
  for (const file of target.files) {
    const before = published[file];
    if (before === undefined) delete files[file];
    else files[file] = before;
  }
  return files;
}
