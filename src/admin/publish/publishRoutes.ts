/**
 * The draft, publishing, history, restore, export and import (editors and admins).
 *
 * - `GET /admin/content/draft` shows what the draft changes (a diff per file) and how it
 *   scores on the regression set next to the published revision; when the gate blocks, the
 *   broken questions are listed and there is no publish button.
 * - `POST /admin/content/publish` evaluates again on the server (the gate cannot be skipped
 *   by posting the form), then publishes: a new numbered revision, swapped in at once in
 *   this process and signalled to the others.
 * - Restoring a revision copies it into the draft; it is then published through the same gate.
 *   Restoring one entry (or one YAML file) of the draft puts just it back to the published text.
 * - Export downloads a revision or the draft as `knowledge/` files (`.tar.gz`); import puts
 *   such an archive into the draft after validating it.
 */
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import { redirectTo, sendError, sendPage, type AdminRouter, type SignedInRequest } from '../shared/adminRouter.js';
import { csrfField, field, formatTime, table } from '../shared/consolePage.js';
import { ContentConflictError, type Revision } from '../content/contentRepository.js';
import { diffLines } from './diffLines.js';
import { html, type SafeHtml } from '../shared/html.js';
import { packKnowledgeArchive, unpackKnowledgeArchive } from './knowledgeArchive.js';
import { changedFiles, type KnowledgeFiles } from '../content/knowledgeFiles.js';
import type { GateResult } from './publishGate.js';
import type { AdminServices } from '../shared/adminServices.js';
import { STAFF_ROLES } from '../accounts/userAccounts.js';
import { validateContent } from '../content/validateContent.js';
import { InputError } from '../../shared/errors.js';
import { gateResultsTable, type GateWords } from './renderGateResults.js';
import { listRestoreTargets, restoreTarget } from './restoreTargets.js';
import { routeParam, queryOf } from '../shared/requestParts.js';

/** Registers the publishing routes. */
export function registerPublishRoutes(router: AdminRouter, s: AdminServices, importBodyLimit: number): void {
  router.get('/content/draft', STAFF_ROLES, async (ctx) => draftPage(ctx, s));

  router.post('/content/publish', STAFF_ROLES, async (ctx) => {
    const expectedHash = ctx.form.get('expectedHash') ?? '';
    const draft = await s.content.draft();
    if (!draft || draft.hash !== expectedHash) return draftPage(ctx, s, 409, ctx.t.errors.conflict);
    const published = await s.content.published();
    const draftBase = s.buildCached(draft.files);
    const result = await s.gate.check({ draft: draftBase, published: publishedBase(s, published), publishedRevision: published.number, cases: await s.regression.all() });
    if (result.blocked) {
      await s.record(ctx, 'content.publish_blocked', `draft of r${published.number}`, `${result.broken.length} broken, ${result.forbidden.length} forbidden`);
      return draftPage(ctx, s, 409, undefined, result);
    }
    let revision: Revision;
    try {
      revision = await s.content.publish({ expectedHash, by: ctx.user.username, note: (ctx.form.get('note') ?? '').slice(0, 500) });
    } catch (error) {
      if (error instanceof ContentConflictError) return draftPage(ctx, s, 409, error.message);
      throw error;
    }
    await s.knowledge.install(revision.number, draftBase);
    await s.record(ctx, 'content.publish', `r${revision.number}`, revision.changes.map((c) => `${c.kind} ${c.file}`).join(', ').slice(0, 1000));
    return redirectTo(ctx, `/admin/content/history/${revision.number}`, 'published');
  });

  router.post('/content/draft/discard', STAFF_ROLES, async (ctx) => {
    await s.content.discardDraft();
    await s.record(ctx, 'content.draft_discarded');
    return redirectTo(ctx, '/admin/content/draft', 'discarded');
  });

  router.post('/content/draft/restore-entry', STAFF_ROLES, async (ctx) => {
    const [draft, published] = await Promise.all([s.content.draft(), s.content.published()]);
    const key = ctx.form.get('target') ?? '';
    if (!draft || draft.hash !== ctx.form.get('expectedHash')) return draftPage(ctx, s, 409, ctx.t.errors.conflict);
    const files = restoreTarget(published.files, draft.files, key);
    if (!files) return sendError(ctx, 404, ctx.t.errors.notFound);
    const check = validateContent(files, s.knowledge.options.requiredTopics);
    if (!check.ok) return draftPage(ctx, s, 400, ctx.t.publish.importProblems, undefined, check.problems.map((p) => `${p.file}: ${p.field}: ${p.problem}`));
    try {
      await s.content.saveDraft({ expectedHash: draft.hash, files, by: ctx.user.username });
    } catch (error) {
      if (error instanceof ContentConflictError) return draftPage(ctx, s, 409, ctx.t.errors.conflict);
      throw error;
    }
    await s.record(ctx, 'content.entry_restored', key, 'put back to the published text in the draft');
    return redirectTo(ctx, '/admin/content/draft', 'entryRestored');
  });

  router.get('/content/history', STAFF_ROLES, async (ctx) => {
    const t = ctx.t.history;
    const [items, head] = await Promise.all([s.content.history(), s.content.head()]);
    const rows = items.map((r) => [
      html`<a href="/admin/content/history/${r.number}" data-testid="revision-${r.number}">${t.revision(r.number)}</a>${r.number === head ? html` <span class="badge">${t.current}</span>` : ''}`,
      formatTime(r.at, s.profile.timeZone),
      r.by,
      r.editors.join(', '),
      html`${r.note}${r.restoredFrom !== undefined ? html` <em>(${t.restoredFrom(r.restoredFrom)})</em>` : ''}`,
      String(r.changes.length),
    ]);
    return sendPage(ctx, { title: t.title, section: 'history', body: table([t.revision(0).replace(/\d+/, '#'), t.at, t.by, t.editors, t.note, t.changes], rows, 'history') });
  });

  router.get('/content/history/:number', STAFF_ROLES, async (ctx) => {
    const t = ctx.t.history;
    const number = Number(routeParam(ctx.request, 'number'));
    const revision = Number.isInteger(number) ? await s.content.revision(number) : undefined;
    if (!revision) return sendError(ctx, 404, ctx.t.errors.notFound);
    const parent = revision.parent === null ? undefined : await s.content.revision(revision.parent);
    const head = await s.content.head();
    return sendPage(ctx, {
      title: t.revision(revision.number),
      section: 'history',
      body: html`<dl class="meta"><dt>${t.at}</dt><dd>${formatTime(revision.at, s.profile.timeZone)}</dd><dt>${t.by}</dt><dd>${revision.by}</dd>
        <dt>${t.editors}</dt><dd>${revision.editors.join(', ')}</dd><dt>${t.note}</dt><dd data-testid="revision-note">${revision.note}</dd>
        ${revision.restoredFrom !== undefined && html`<dt></dt><dd>${t.restoredFrom(revision.restoredFrom)}</dd>`}</dl>
        <p><a href="/admin/content/export?revision=${revision.number}">${t.download} knowledge-r${revision.number}.tar.gz</a></p>
        ${revision.number !== head && html`<form method="post" action="/admin/content/history/${revision.number}/restore">${csrfField(ctx.viewer.csrf)}<button type="submit" data-testid="restore">${t.restore}</button></form>`}
        ${parent ? html`<h2>${t.diff(parent.number)}</h2>${renderDiffs(parent.files, revision.files, t.noChanges)}` : ''}`,
    });
  });

  router.post('/content/history/:number/restore', STAFF_ROLES, async (ctx) => {
    const number = Number(routeParam(ctx.request, 'number'));
    const revision = Number.isInteger(number) ? await s.content.revision(number) : undefined;
    if (!revision) return sendError(ctx, 404, ctx.t.errors.notFound);
    const working = await s.content.working();
    await s.content.saveDraft({ expectedHash: working.hash, files: revision.files, by: ctx.user.username, restoredFrom: revision.number });
    await s.record(ctx, 'content.restore', `r${revision.number}`, 'copied into the draft');
    return redirectTo(ctx, '/admin/content/draft', 'restored');
  });

  router.get('/content/export', STAFF_ROLES, async (ctx) => {
    const which = String(queryOf(ctx.request).revision ?? 'published');
    let files: KnowledgeFiles;
    let name: string;
    let at: number;
    if (which === 'draft') {
      const draft = await s.content.draft();
      if (!draft) return sendError(ctx, 404, ctx.t.errors.notFound);
      [files, name, at] = [draft.files, 'knowledge-draft', draft.updatedAt];
    } else {
      const revision = which === 'published' ? await s.content.published() : /^\d+$/.test(which) ? await s.content.revision(Number(which)) : undefined;
      if (!revision) return sendError(ctx, 404, ctx.t.errors.notFound);
      [files, name, at] = [revision.files, `knowledge-r${revision.number}`, revision.at];
    }
    const archive = packKnowledgeArchive({ files, regression: await s.regression.exportText() }, at);
    await s.record(ctx, 'export.content', name);
    return ctx.reply
      .header('content-type', 'application/gzip')
      .header('content-disposition', `attachment; filename="${name}.tar.gz"`)
      .send(archive);
  });

  router.post(
    '/content/import',
    STAFF_ROLES,
    async (ctx) => {
      const file = (ctx.files ?? []).find((p) => p.name === 'archive' && p.data.length > 0);
      if (!file) return draftPage(ctx, s, 400, ctx.t.publish.importProblems);
      let problems: string[] = [];
      let imported: ReturnType<typeof unpackKnowledgeArchive> | undefined;
      try {
        imported = unpackKnowledgeArchive(file.data);
        const check = validateContent(imported.files, s.knowledge.options.requiredTopics);
        if (!check.ok) problems = check.problems.map((p) => `${p.file}: ${p.field}: ${p.problem}`);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        problems = error.issues.map((i) => `${i.where}: ${i.problem}`);
      }
      if (problems.length || !imported) return draftPage(ctx, s, 400, ctx.t.publish.importProblems, undefined, problems);
      const working = await s.content.working();
      await s.content.saveDraft({ expectedHash: working.hash, files: imported.files, by: ctx.user.username });
      const added = imported.regression === undefined ? 0 : await s.regression.importText(imported.regression, ctx.user.username);
      await s.record(ctx, 'content.import', file.filename ?? 'archive', `${Object.keys(imported.files).length} files, ${added} new regression questions${imported.ignored.length ? `, ignored ${imported.ignored.join(', ')}` : ''}`.slice(0, 1000));
      return redirectTo(ctx, '/admin/content/draft', 'imported');
    },
    { bodyLimit: importBodyLimit },
  );
}

function publishedBase(s: AdminServices, published: Revision): KnowledgeBase {
  return s.knowledge.revision === published.number ? s.knowledge.current() : s.buildCached(published.files);
}

async function draftPage(ctx: SignedInRequest, s: AdminServices, status = 200, error?: string, evaluated?: GateResult, problems: string[] = []) {
  const t = ctx.t.publish;
  const [draft, published] = await Promise.all([s.content.draft(), s.content.published()]);
  const transfer = html`<h2>${t.export}</h2><p><a href="/admin/content/export?revision=published" data-testid="export">knowledge-r${published.number}.tar.gz</a>${draft ? html` · <a href="/admin/content/export?revision=draft">${t.exportDraft}</a>` : ''}</p>
    <form method="post" action="/admin/content/import" enctype="multipart/form-data" class="card">${csrfField(ctx.viewer.csrf)}<label for="archive">${t.import}</label>
    <input id="archive" type="file" name="archive" accept=".gz,.tgz,.tar,application/gzip"><button type="submit">${t.importButton}</button></form>`;
  const flash = error ? { flash: { kind: 'error' as const, text: error } } : {};
  const problemList = problems.length ? html`<ul class="field-errors" data-testid="import-problems">${problems.slice(0, 50).map((p) => html`<li>${p}</li>`)}</ul>` : html``;
  if (!draft) return sendPage(ctx, { title: t.title, section: 'publish', status, ...flash, body: html`${problemList}<p data-testid="no-draft">${t.noDraft}</p>${transfer}` });

  const result =
    evaluated ?? (await s.gate.check({ draft: s.buildCached(draft.files), published: publishedBase(s, published), publishedRevision: published.number, cases: await s.regression.all() }));
  const pct = (a: number) => `${(a * 100).toFixed(1)}%`;
  const blocks = result.blocks.map((b) => (b.kind === 'accuracy' ? t.blockAccuracy : b.kind === 'forbidden' ? t.blockForbidden(b.count) : t.blockTopics(b.missing.join(', '))));
  const changes = changedFiles(published.files, draft.files);
  const words: GateWords = { t: ctx.t.gate, lang: ctx.lang, content: s.buildCached(draft.files).content };
  const g = ctx.t.gate;
  const restore = html`<h2>${g.restoreTitle}</h2><p class="note">${g.restoreIntro}</p><ul class="plain" data-testid="restore-targets">${listRestoreTargets(published.files, draft.files).map(
    (r) => html`<li><form method="post" action="/admin/content/draft/restore-entry" class="inline">${csrfField(ctx.viewer.csrf)}<input type="hidden" name="expectedHash" value="${draft.hash}"><input type="hidden" name="target" value="${r.key}">
      <button type="submit" data-testid="restore-${r.key}">${r.kind === 'entry' ? g.restoreEntry(r.key) : g.restoreFile(r.key)}</button>${r.added ? html` <small>${g.added}</small>` : ''}</form></li>`,
  )}</ul>`;
  return sendPage(ctx, {
    title: t.title,
    section: 'publish',
    status,
    ...flash,
    body: html`${problemList}<p>${t.basedOn(draft.base, draft.updatedBy, formatTime(draft.updatedAt, s.profile.timeZone))}${draft.restoredFrom !== undefined ? html` ${t.restoredFrom(draft.restoredFrom)}` : ''}</p>
      <h2>${t.changes}</h2><ul>${changes.map((c) => html`<li>${c.kind}: ${c.file}</li>`)}</ul>${renderDiffs(published.files, draft.files, '')}${restore}
      <h2>${t.evaluation}</h2>
      <p data-testid="accuracy">${t.accuracy(`${pct(result.draft.overall.accuracy)} (${result.draft.overall.passed}/${result.draft.overall.total})`, `${pct(result.published.overall.accuracy)} (${result.published.overall.passed}/${result.published.overall.total})`)}</p>
      <p class="note">${t.questionsCount(result.draft.overall.total)}</p>
      ${result.newFigures.length > 0 && html`<div class="flash warn" data-testid="new-figures"><p>${t.newFigures}</p><ul>${result.newFigures.map((f) => html`<li>${f.where}: ${f.figures.join(', ')}</li>`)}</ul></div>`}
      ${
        result.blocked
          ? html`<div class="flash error" data-testid="publish-blocked"><p><strong>${t.blocked}</strong></p><ul>${blocks.map((b) => html`<li>${b}</li>`)}</ul></div>
            ${result.broken.length > 0 && html`<h3>${t.broken}</h3><p class="note">${g.fixHint}</p>${gateResultsTable(words, result.broken, 'broken-questions')}`}`
          : html`<p class="flash ok" data-testid="publish-ok">${t.ok}</p>
            <form method="post" action="/admin/content/publish" class="card">${csrfField(ctx.viewer.csrf)}<input type="hidden" name="expectedHash" value="${draft.hash}">
            ${field({ name: 'note', label: t.note, value: draft.restoredFrom !== undefined ? ctx.t.history.restoredFrom(draft.restoredFrom) : '' })}
            <button type="submit" class="primary" data-testid="publish">${t.publish}</button></form>`
      }
      ${result.failing.length > 0 && html`<details${result.blocked ? html` open` : ''}><summary>${t.failing} (${result.failing.length})</summary>${gateResultsTable(words, result.failing, 'failing-questions')}</details>`}
      <form method="post" action="/admin/content/draft/discard">${csrfField(ctx.viewer.csrf)}<button type="submit" data-testid="discard">${t.discard}</button></form>
      ${transfer}`,
  });
}

/** A diff per changed file. */
export function renderDiffs(before: KnowledgeFiles, after: KnowledgeFiles, none: string): SafeHtml {
  const changes = changedFiles(before, after);
  if (changes.length === 0) return html`<p>${none}</p>`;
  return html`${changes.map(
    (c) => html`<details class="diff" open><summary>${c.file}</summary><pre data-testid="diff">${diffLines(before[c.file] ?? '', after[c.file] ?? '').map(
      (l) => html`<span class="${l.kind}">${l.kind === 'added' ? '+ ' : l.kind === 'removed' ? '- ' : l.kind === 'gap' ? '' : '  '}${l.text}</span>`,
    )}</pre></details>`,
  )}`;
}
