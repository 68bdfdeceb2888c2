/**
 * The last step of every content form: the validated files go into the draft (refused when
 * someone else saved first), the change is written to the audit log, and the browser is sent
 * back to the page with the "saved" message.
 */
import { redirectTo, type SignedInRequest } from '../shared/adminRouter.js';
import type { AdminServices } from '../shared/adminServices.js';
import { ContentConflictError } from './contentRepository.js';
import type { KnowledgeFiles } from './knowledgeFiles.js';

/** What {@link commitDraft} saves and records. */
export interface DraftCommit {
  /** The hash of the working files the form started from. */
  expectedHash: string;
  /** The complete, already validated files. */
  files: KnowledgeFiles;
  /** The audit action, e.g. `content.entry_saved`. */
  action: string;
  /** The audit target (an entry's slug, a file name). */
  target: string;
  /** Where to send the browser afterwards. */
  back: string;
  /** Answers the request when someone else changed the draft first. */
  onConflict: () => unknown;
  /** Extra audit detail (the files changed). */
  detail?: string;
  /** Runs after a successful save (e.g. resolving an inbox group). */
  after?: () => Promise<void>;
}

/**
 * Saves validated files into the draft, records the change and redirects.
 *
 * @param ctx - the signed-in request
 * @param s - the console's services
 * @param c - see {@link DraftCommit}
 */
export async function commitDraft(ctx: SignedInRequest, s: AdminServices, c: DraftCommit): Promise<unknown> {
  try {
    await s.content.saveDraft({ expectedHash: c.expectedHash, files: c.files, by: ctx.user.username });
  } catch (error) {
    if (error instanceof ContentConflictError) return c.onConflict();
    throw error;
  }
  await s.record(ctx, c.action, c.target, c.detail);
  await c.after?.();
  return redirectTo(ctx, c.back, 'saved');
}
