/**
 * Content revisions and the draft, in the state store.
 *
 * - A **revision** is a complete, validated set of knowledge file texts with a number, who
 *   published it, when, a note and the files it changed. Revision 0 is the `knowledge/`
 *   folder on disk; it is stored the first time anything is published, so it can be
 *   restored later even if the files on disk change.
 * - The **head** names the published revision; every process serves it.
 * - The **draft** is the one shared set of edits not yet published, based on the head. It is
 *   always valid: edits are validated before they are written. Writes compare the hash of
 *   the files they started from, so two people editing at once never lose each other's work
 *   silently.
 *
 * Keys: `admin:content:head`, `admin:content:rev:<n>`, `admin:content:history`,
 * `admin:content:draft`. Documents carry a `version` for future migrations.
 */
import { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import type { StateStore } from '../../store/contract.js';
import { changedFiles, hashFiles, readKnowledgeFiles, type FileChange, type KnowledgeFiles } from './knowledgeFiles.js';

const fileChangeSchema = z.object({ file: z.string(), kind: z.enum(['added', 'changed', 'removed']) });

/** A revision without its files, as history lists it. */
export const revisionSummarySchema = z.object({
  number: z.number().int().min(0),
  at: z.number(),
  /** Who published it. */
  by: z.string(),
  /** Everyone who edited the draft it was published from. */
  editors: z.array(z.string()).default([]),
  note: z.string().default(''),
  parent: z.number().int().nullable(),
  restoredFrom: z.number().int().optional(),
  changes: z.array(fileChangeSchema),
  hash: z.string(),
});
/** A revision without its files. */
export type RevisionSummary = z.infer<typeof revisionSummarySchema>;

const revisionSchema = revisionSummarySchema.extend({ version: z.literal(1), files: z.record(z.string(), z.string()) });
/** A complete revision. */
export type Revision = z.infer<typeof revisionSchema>;

const draftSchema = z.object({
  version: z.literal(1),
  /** The head revision when the draft was started. */
  base: z.number().int().min(0),
  files: z.record(z.string(), z.string()),
  hash: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  updatedBy: z.string(),
  editors: z.array(z.string()),
  /** Set when the draft was made by restoring a revision. */
  restoredFrom: z.number().int().optional(),
});
/** The draft. */
export type Draft = z.infer<typeof draftSchema>;

/** What edits start from: the draft, or the published files when there is none. */
export interface WorkingContent {
  files: KnowledgeFiles;
  hash: string;
  /** The published revision number. */
  head: number;
  draft?: Draft;
}

/** Thrown when the content changed under a write (someone else saved or published first). */
export class ContentConflictError extends Error {
  override readonly name = 'ContentConflictError';
}

const HEAD_KEY = 'admin:content:head';
const HISTORY_KEY = 'admin:content:history';
const DRAFT_KEY = 'admin:content:draft';
const revisionKey = (n: number) => `admin:content:rev:${n}`;

/** Revisions, head and draft. */
export interface ContentRepository {
  /** The published revision number (0 until something is published). */
  head(): Promise<number>;
  revision(number: number): Promise<Revision | undefined>;
  published(): Promise<Revision>;
  /** Published revisions, newest first (revision 0 included). */
  history(): Promise<RevisionSummary[]>;
  draft(): Promise<Draft | undefined>;
  working(): Promise<WorkingContent>;
  /**
   * Replaces the draft's files; with files equal to the published ones the draft is dropped.
   *
   * @throws ContentConflictError when the working files no longer hash to `expectedHash`
   */
  saveDraft(input: { expectedHash: string; files: KnowledgeFiles; by: string; restoredFrom?: number }): Promise<void>;
  discardDraft(): Promise<void>;
  /**
   * Publishes the draft as the next revision and drops the draft.
   *
   * @throws ContentConflictError when the draft changed since `expectedHash`, or another revision was published meanwhile
   */
  publish(input: { expectedHash: string; by: string; note: string }): Promise<Revision>;
}

/** Options of {@link createContentRepository}. */
export interface ContentRepositoryOptions {
  state: StateStore;
  clock: Clock;
  /** The knowledge folder: revision 0. */
  knowledgeDir: string;
}

/**
 * Creates the repository.
 *
 * @param options - see {@link ContentRepositoryOptions}
 */
export function createContentRepository(options: ContentRepositoryOptions): ContentRepository {
  const { state, clock } = options;
  let disk: Promise<Revision> | undefined;
  const diskRevision = () =>
    (disk ??= readKnowledgeFiles(options.knowledgeDir).then(
      (files): Revision => ({
        version: 1,
        number: 0,
        at: clock.now(),
        by: 'knowledge/',
        editors: [],
        note: 'files of the knowledge folder',
        parent: null,
        changes: [],
        hash: hashFiles(files),
        files,
      }),
    ));

  const repository: ContentRepository = {
    async head() {
      const head = (await state.get(HEAD_KEY)) as { number?: number } | undefined;
      return head?.number ?? 0;
    },
    async revision(number) {
      const stored = await state.get(revisionKey(number));
      if (stored !== undefined) return revisionSchema.parse(stored);
      return number === 0 ? diskRevision() : undefined;
    },
    async published() {
      const head = await repository.head();
      const revision = await repository.revision(head);
      if (!revision) throw new Error(`the published revision ${head} is missing from the store`);
      return revision;
    },
    async history() {
      const stored = (await state.get(HISTORY_KEY)) as { items?: unknown[] } | undefined;
      const items = z.array(revisionSummarySchema).parse(stored?.items ?? []);
      if (!items.some((i) => i.number === 0)) {
        const { files: _files, version: _version, ...zero } = await diskRevision();
        items.unshift(zero);
      }
      return items.reverse();
    },
    async draft() {
      const stored = await state.get(DRAFT_KEY);
      return stored === undefined ? undefined : draftSchema.parse(stored);
    },
    async working() {
      const [draft, published] = await Promise.all([repository.draft(), repository.published()]);
      return draft
        ? { files: draft.files, hash: draft.hash, head: published.number, draft }
        : { files: published.files, hash: published.hash, head: published.number };
    },
    async saveDraft(input) {
      const published = await repository.published();
      const hash = hashFiles(input.files);
      const now = clock.now();
      const outcome = await state.update<Draft>(DRAFT_KEY, (current) => {
        const draft = current === undefined ? undefined : draftSchema.parse(current);
        const startedFrom = draft?.hash ?? published.hash;
        if (startedFrom !== input.expectedHash) return { action: 'keep', result: 'conflict' };
        if (hash === published.hash) return { action: 'delete', result: 'ok' };
        const restoredFrom = input.restoredFrom ?? draft?.restoredFrom;
        const next: Draft = {
          version: 1,
          base: draft?.base ?? published.number,
          files: input.files,
          hash,
          createdAt: draft?.createdAt ?? now,
          updatedAt: now,
          updatedBy: input.by,
          editors: [...new Set([...(draft?.editors ?? []), input.by])],
          ...(restoredFrom !== undefined ? { restoredFrom } : {}),
        };
        return { action: 'set', value: next, result: 'ok' };
      });
      if (outcome === 'conflict') throw new ContentConflictError('the content was changed by someone else since you opened it');
    },
    async discardDraft() {
      await state.delete(DRAFT_KEY);
    },
    async publish(input) {
      const draft = await repository.draft();
      if (!draft || draft.hash !== input.expectedHash) throw new ContentConflictError('the draft changed since it was evaluated; check it again');
      const parent = await repository.published();
      if (draft.base !== parent.number) {
        throw new ContentConflictError(`revision ${parent.number} was published after this draft was started; discard the draft or restore it onto the new revision`);
      }
      if (parent.number === 0) await state.setIfAbsent(revisionKey(0), parent);
      const changes: FileChange[] = changedFiles(parent.files, draft.files);
      const revision: Revision = {
        version: 1,
        number: parent.number + 1,
        at: clock.now(),
        by: input.by,
        editors: draft.editors,
        note: input.note.trim(),
        parent: parent.number,
        ...(draft.restoredFrom !== undefined ? { restoredFrom: draft.restoredFrom } : {}),
        changes,
        hash: draft.hash,
        files: draft.files,
      };
      if (!(await state.setIfAbsent(revisionKey(revision.number), revision))) {
        throw new ContentConflictError(`revision ${revision.number} was just published by someone else; check the draft again`);
      }
      await state.set(HEAD_KEY, { version: 1, number: revision.number, at: revision.at, by: revision.by });
      const { files: _files, version: _version, ...summary } = revision;
      const zero = parent.number === 0 ? (({ files: _f, version: _v, ...rest }) => rest)(parent) : undefined;
      await state.update(HISTORY_KEY, (current) => {
        const items = ((current as { items?: RevisionSummary[] } | undefined)?.items ?? []).slice();
        if (zero && !items.some((i) => i.number === 0)) items.push(zero);
        items.push(summary);
        return { action: 'set', value: { version: 1, items } };
      });
      await state.update(DRAFT_KEY, (current) =>
        (current as Draft | undefined)?.hash === draft.hash ? { action: 'delete' } : { action: 'keep' },
      );
      return revision;
    },
  };
  return repository;
}
