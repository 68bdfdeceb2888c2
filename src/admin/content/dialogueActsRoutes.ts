/**
 * The dialogue phrases page (editors and admins): the phrasings and replies of every dialogue
 * act, saved into the draft like an entry. The whole draft is validated with the content
 * schemas (`parseKnowledgeFiles`, hence `dialogueActsFileSchema`) before anything is written;
 * the change is then published through the usual evaluation gate.
 */
import { DIALOGUE_ACTS_FILE } from '../../knowledge/loadKnowledge.js';
import { sendError, sendPage, type AdminRouter, type SignedInRequest } from '../shared/adminRouter.js';
import type { AdminServices } from '../shared/adminServices.js';
import { STAFF_ROLES } from '../accounts/userAccounts.js';
import { commitDraft } from './commitDraft.js';
import {
  applyDialogueActsForm,
  dialogueActsFieldErrors,
  mergePostedDialogueActs,
  readDialogueActsForm,
  readPostedDialogueActs,
  type DialogueActsForm,
} from './dialogueActsForm.js';
import { DIALOGUE_ACTS_PATH, renderDialogueActsForm } from './dialogueActsPage.js';
import { hashSomeFiles, type KnowledgeFiles } from './knowledgeFiles.js';
import { validateContent } from './validateContent.js';

const ROUTE = '/content/dialogue-acts';
const fileHash = (files: KnowledgeFiles) => hashSomeFiles(files, [DIALOGUE_ACTS_FILE]);

/** Registers `GET` and `POST /admin/content/dialogue-acts`. */
export function registerDialogueActsRoutes(router: AdminRouter, s: AdminServices): void {
  router.get(ROUTE, STAFF_ROLES, async (ctx) => {
    const working = await s.content.working();
    if (working.files[DIALOGUE_ACTS_FILE] === undefined) return sendError(ctx, 404, ctx.t.errors.notFound);
    return page(ctx, readDialogueActsForm(working.files), {}, fileHash(working.files));
  });

  router.post(ROUTE, STAFF_ROLES, async (ctx) => {
    const working = await s.content.working();
    if (working.files[DIALOGUE_ACTS_FILE] === undefined) return sendError(ctx, 404, ctx.t.errors.notFound);
    const posted = readPostedDialogueActs(ctx.form);
    if (!posted) return sendError(ctx, 400, ctx.t.errors.badRequest);
    const baseHash = ctx.form.get('baseHash') ?? '';
    const again = (status: number, errors: Record<string, string[]>) =>
      page(ctx, mergePostedDialogueActs(readDialogueActsForm(working.files), posted), errors, baseHash, status);
    const conflict = () => again(409, { _: [ctx.t.errors.conflict] });
    if (fileHash(working.files) !== baseHash) return conflict();
    const files = applyDialogueActsForm(working.files, posted);
    if (files === working.files) return ctx.reply.redirect(DIALOGUE_ACTS_PATH, 303);
    const check = validateContent(files, s.knowledge.options.requiredTopics);
    if (!check.ok) return again(400, dialogueActsFieldErrors(check.problems));
    return commitDraft(ctx, s, {
      expectedHash: working.hash,
      files,
      action: 'content.dialogue_acts_saved',
      target: DIALOGUE_ACTS_FILE,
      back: DIALOGUE_ACTS_PATH,
      onConflict: conflict,
    });
  });
}

function page(ctx: SignedInRequest, form: DialogueActsForm, errors: Record<string, string[]>, baseHash: string, status = 200) {
  return sendPage(ctx, {
    title: ctx.t.dialogueActs.title,
    section: 'content',
    status,
    body: renderDialogueActsForm({ t: ctx.t, csrf: ctx.viewer.csrf, form, errors, baseHash }),
  });
}
