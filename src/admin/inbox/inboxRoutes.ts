/**
 * The inbox of unanswered questions and the staff part of the regression set (editors and
 * admins). A group can be added to an existing entry as new phrasings (a draft edit,
 * validated like any other), turned into a new entry (the entry form, prefilled), saved
 * into the regression set with the topic it should get (or the fallback), or dismissed. Each
 * group shows what the bot answered; groups are sorted by how often they were asked (or the
 * most recent first), and the entry to attach to is pre-selected only when there is a
 * suggestion (the entry the bot answered with, else one of the topic retrieval guessed).
 * Several groups at once can be dismissed or saved to the regression set as questions the bot
 * should say it does not know.
 * Below the groups, the ratings (👍 / 👎) of answers, counted per entry.
 */
import { parse as parseYaml } from 'yaml';
import { redirectTo, sendError, sendPage, type AdminRouter, type SignedInRequest } from '../shared/adminRouter.js';
import { csrfField, formatTime, table } from '../shared/consolePage.js';
import { ContentConflictError } from '../content/contentRepository.js';
import { applyEntryForm, entryFile, readEntryForm, splitEntryFile } from '../content/entryForm.js';
import { html } from '../shared/html.js';
import { likelyTopic, normaliseQuestion, type InboxGroup } from './inbox.js';
import { countFeedbackByEntry, readAnswerFeedback } from '../feedback/answerFeedbackLog.js';
import { slugOfFile, type KnowledgeFiles } from '../content/knowledgeFiles.js';
import type { AdminServices } from '../shared/adminServices.js';
import { STAFF_ROLES } from '../accounts/userAccounts.js';
import { validateContent } from '../content/validateContent.js';
import { routeParam, queryOf } from '../shared/requestParts.js';

const FALLBACK = '__fallback';

/** Registers the inbox and regression routes. */
export function registerInboxRoutes(router: AdminRouter, s: AdminServices): void {
  router.get('/inbox', STAFF_ROLES, async (ctx) => inboxPage(ctx, s));

  router.post('/inbox/:id/attach', STAFF_ROLES, async (ctx) => {
    const group = await s.inbox.get(routeParam(ctx.request, 'id'));
    if (!group) return sendError(ctx, 404, ctx.t.errors.notFound);
    const slug = ctx.form.get('slug') ?? '';
    if (!slug) return inboxPage(ctx, s, 400, ctx.t.inbox.chooseEntry);
    const working = await s.content.working();
    const form = readEntryForm(working.files, slug);
    if (!form || working.files[entryFile(slug, group.language)] === undefined) return inboxPage(ctx, s, 400, ctx.t.errors.notFound);
    const existing = new Set(form[group.language].questions.split('\n').map(normaliseQuestion));
    // Markers of removed personal data ([phone], [name], …) are no use as phrasings.
    const wordings = group.wordings.map((w) => w.text.replace(/\[(?:phone|email|link|contact|id|number|name)\]/g, ' ').replace(/\s+/g, ' ').trim());
    const added = [...new Set(wordings)].filter((q) => q && !existing.has(normaliseQuestion(q)));
    form[group.language].questions = [form[group.language].questions, ...added].filter(Boolean).join('\n');
    const files = applyEntryForm(working.files, form);
    const check = validateContent(files, s.knowledge.options.requiredTopics);
    if (!check.ok) return inboxPage(ctx, s, 400, check.problems.map((p) => `${p.file}: ${p.field}: ${p.problem}`).join('; '));
    try {
      await s.content.saveDraft({ expectedHash: working.hash, files, by: ctx.user.username });
    } catch (error) {
      if (error instanceof ContentConflictError) return inboxPage(ctx, s, 409, ctx.t.errors.conflict);
      throw error;
    }
    await s.inbox.resolve(group.id, 'attached', ctx.user.username, `entry ${slug}`);
    await s.record(ctx, 'content.inbox_attached', slug, `${added.length} phrasings from inbox group ${group.id}`);
    return redirectTo(ctx, '/admin/inbox', 'attached');
  });

  router.post('/inbox/:id/regression', STAFF_ROLES, async (ctx) => {
    const group = await s.inbox.get(routeParam(ctx.request, 'id'));
    if (!group) return sendError(ctx, 404, ctx.t.errors.notFound);
    const topic = ctx.form.get('topic') ?? '';
    const working = await s.content.working();
    if (topic !== FALLBACK && !topicIds(working.files).includes(topic)) return inboxPage(ctx, s, 400, ctx.t.errors.badRequest);
    const added = await s.regression.add(
      group.wordings.map((w) => ({ lang: group.language, q: w.text, expect: topic === FALLBACK ? { fallback: true as const } : { topic }, addedBy: ctx.user.username, group: group.id })),
    );
    await s.inbox.resolve(group.id, 'saved', ctx.user.username, topic === FALLBACK ? 'fallback' : `topic ${topic}`);
    await s.record(ctx, 'inbox.saved_to_regression', group.id, `${added} questions, expect ${topic === FALLBACK ? 'fallback' : topic}`);
    return redirectTo(ctx, '/admin/inbox', 'savedRegression');
  });

  router.post('/inbox/:id/dismiss', STAFF_ROLES, async (ctx) => {
    const id = routeParam(ctx.request, 'id');
    if (!(await s.inbox.resolve(id, 'dismissed', ctx.user.username))) return sendError(ctx, 404, ctx.t.errors.notFound);
    await s.record(ctx, 'inbox.dismissed', id);
    return redirectTo(ctx, '/admin/inbox', 'dismissed');
  });

  router.post('/inbox/bulk', STAFF_ROLES, async (ctx) => {
    const ids = [...new Set(ctx.form.getAll('ids'))].slice(0, 500);
    const action = ctx.form.get('action');
    if (action !== 'dismiss' && action !== 'regression_fallback') return sendError(ctx, 400, ctx.t.errors.badRequest);
    const all = await s.inbox.list();
    // In the order they were selected.
    const groups = ids.flatMap((id) => all.filter((g) => g.id === id));
    if (groups.length === 0) return inboxPage(ctx, s, 400, ctx.t.inbox.bulkNone);
    if (action === 'regression_fallback') {
      const added = await s.regression.add(
        groups.flatMap((g) => g.wordings.map((w) => ({ lang: g.language, q: w.text, expect: { fallback: true as const }, addedBy: ctx.user.username, group: g.id }))),
      );
      for (const g of groups) await s.inbox.resolve(g.id, 'saved', ctx.user.username, 'fallback');
      await s.record(ctx, 'inbox.saved_to_regression', groups.map((g) => g.id).join(' '), `${added} questions, expect fallback (bulk)`);
    } else {
      for (const g of groups) await s.inbox.resolve(g.id, 'dismissed', ctx.user.username);
      await s.record(ctx, 'inbox.dismissed', groups.map((g) => g.id).join(' '), 'bulk');
    }
    return redirectTo(ctx, '/admin/inbox', 'bulkDone');
  });

  router.get('/regression', STAFF_ROLES, async (ctx) => {
    const t = ctx.t.regression;
    const [shipped, staff] = await Promise.all([s.regression.shipped(), s.regression.staff()]);
    const rows = staff.map((c) => [
      c.id,
      c.lang,
      html`<span lang="${c.lang === 'zh' ? 'zh-CN' : 'en'}">${c.q}</span>`,
      'topic' in c.expect ? c.expect.topic : ctx.t.publish.fallback,
      `${c.addedBy} · ${formatTime(c.addedAt, s.profile.timeZone)}`,
      html`<form method="post" action="/admin/regression/${encodeURIComponent(c.id)}/delete" class="inline">${csrfField(ctx.viewer.csrf)}<button type="submit">${t.remove}</button></form>`,
    ]);
    return sendPage(ctx, {
      title: t.title,
      section: 'regression',
      body: html`<p>${t.intro}</p><p>${t.shipped(shipped.cases.length)}</p><h2>${t.staff}</h2>
        ${rows.length ? table(['id', ctx.t.inbox.language, ctx.t.publish.question, ctx.t.publish.expected, t.addedBy, ''], rows, 'staff-regression') : html`<p>${t.empty}</p>`}`,
    });
  });

  router.post('/regression/:id/delete', STAFF_ROLES, async (ctx) => {
    const id = routeParam(ctx.request, 'id');
    if (!(await s.regression.remove(id))) return sendError(ctx, 404, ctx.t.errors.notFound);
    await s.record(ctx, 'regression.deleted', id);
    return redirectTo(ctx, '/admin/regression', 'deleted');
  });
}

function topicIds(files: KnowledgeFiles): string[] {
  const data = parseYaml(files['topics.yaml'] ?? '') as { topics?: Array<{ id?: unknown }> } | null;
  return (data?.topics ?? []).map((t) => String(t.id ?? ''));
}

async function inboxPage(ctx: SignedInRequest, s: AdminServices, status = 200, error?: string) {
  const t = ctx.t.inbox;
  const query = queryOf(ctx.request);
  const showAll = query.all === '1';
  const byRecent = query.sort === 'recent';
  const [groups, working, ratings] = await Promise.all([s.inbox.list(), s.content.working(), readAnswerFeedback(s.store)]);
  const counts = countFeedbackByEntry(ratings);
  const shown = groups
    .filter((g) => showAll || g.status === 'open')
    .sort((a, b) => (byRecent ? b.lastSeen - a.lastSeen : 0) || b.count - a.count || b.lastSeen - a.lastSeen);
  const listHref = (change: Record<string, string | undefined>) => {
    const params = new URLSearchParams(Object.entries({ all: showAll ? '1' : undefined, sort: byRecent ? 'recent' : undefined, ...change }).filter((e): e is [string, string] => e[1] !== undefined));
    return `/admin/inbox${params.size ? `?${params}` : ''}`;
  };
  const entries = [...new Set(Object.keys(working.files).map(slugOfFile).filter((x): x is string => x !== undefined))].sort().map((slug) => {
    const fm = splitEntryFile(working.files[entryFile(slug, ctx.lang)] ?? '')?.frontMatter ?? {};
    return { slug, title: String(fm.title ?? slug), topic: String(fm.topic ?? '') };
  });
  const topics = topicIds(working.files);
  const card = (g: InboxGroup) => {
    const likely = likelyTopic(g);
    // The entry the bot answered with most often, else one of the topic retrieval guessed; none: nothing pre-selected.
    const answeredSlug = g.answers.find((a) => a.entryId)?.entryId?.replace(/\.(zh|en)$/, '');
    const suggested = entries.find((e) => e.slug === answeredSlug)?.slug ?? entries.find((e) => e.topic === likely)?.slug ?? '';
    const action = (path: string) => `/admin/inbox/${encodeURIComponent(g.id)}/${path}`;
    return html`<article class="card inbox-group" data-testid="inbox-group" data-group="${g.id}">
      ${g.status === 'open' && html`<label class="bulk-select"><input type="checkbox" name="ids" value="${g.id}" form="inbox-bulk" data-testid="bulk-select"> ${t.bulkSelect}</label>`}
      <ul class="wordings" lang="${g.language === 'zh' ? 'zh-CN' : 'en'}">${g.wordings.map((w) => html`<li><span data-testid="wording">${w.text}</span> <small>×${w.count}</small></li>`)}</ul>
      ${g.answers.length > 0 && html`<div class="bot-answers" data-testid="inbox-answers"><strong>${t.botAnswered}:</strong><ul>${g.answers.map(
        (a) => html`<li><span data-testid="inbox-answer-entry">${a.entryId ?? t.fallbackAnswer}</span> <small>×${a.count}</small> — <span lang="${g.language === 'zh' ? 'zh-CN' : 'en'}">${a.text.replace(/\*\*/g, '')}</span></li>`,
      )}</ul></div>`}
      <p class="meta">${t.count}: <strong>${g.count}</strong> · ${t.lastSeen}: ${formatTime(g.lastSeen, s.profile.timeZone)} · ${t.language}: ${g.language} · ${t.likelyTopic}: ${likely ?? '—'} · ${t.status}: ${t.statuses[g.status]}${g.resolution ? ` (${g.resolution})` : ''}</p>
      <form method="post" action="${action('attach')}" class="inline">${csrfField(ctx.viewer.csrf)}<label>${t.attachTo}
        <select name="slug" data-testid="attach-slug">${suggested ? '' : html`<option value="" selected>${t.chooseEntry}</option>`}${entries.map((e) => html`<option value="${e.slug}"${e.slug === suggested ? html` selected` : ''}>${e.title} (${e.slug})</option>`)}</select></label>
        <button type="submit" data-testid="attach">${t.attach}</button></form>
      <p><a href="/admin/content/new-entry?inbox=${encodeURIComponent(g.id)}" data-testid="new-entry-from-group">${t.newEntry}</a></p>
      <form method="post" action="${action('regression')}" class="inline">${csrfField(ctx.viewer.csrf)}<label>${t.saveRegression}
        <select name="topic">${topics.map((id) => html`<option value="${id}"${id === likely ? html` selected` : ''}>${id}</option>`)}<option value="${FALLBACK}"${likely === undefined ? html` selected` : ''}>${t.expectFallback}</option></select></label>
        <button type="submit" data-testid="save-regression">OK</button></form>
      ${g.status === 'open' && html`<form method="post" action="${action('dismiss')}" class="inline">${csrfField(ctx.viewer.csrf)}<button type="submit" class="link">${t.dismiss}</button></form>`}
    </article>`;
  };
  return sendPage(ctx, {
    title: t.title,
    section: 'inbox',
    status,
    ...(error ? { flash: { kind: 'error' as const, text: error } } : {}),
    body: html`<p>${t.intro}</p><p><a href="${listHref({ all: showAll ? undefined : '1' })}">${showAll ? t.title : t.showClosed}</a></p>
      <p data-testid="inbox-sort">${t.sortBy}${byRecent ? html`<a href="${listHref({ sort: undefined })}">${t.sortCount}</a> · <strong>${t.sortRecent}</strong>` : html`<strong>${t.sortCount}</strong> · <a href="${listHref({ sort: 'recent' })}">${t.sortRecent}</a>`}</p>
      ${shown.some((g) => g.status === 'open') && html`<form id="inbox-bulk" method="post" action="/admin/inbox/bulk" class="inline card" data-testid="inbox-bulk">${csrfField(ctx.viewer.csrf)}${t.bulkTitle}
        <button type="submit" name="action" value="dismiss" data-testid="bulk-dismiss">${t.bulkDismiss}</button>
        <button type="submit" name="action" value="regression_fallback" data-testid="bulk-fallback">${t.bulkFallback}</button></form>`}
      ${shown.length ? shown.map(card) : html`<p data-testid="inbox-empty">${t.empty}</p>`}
      <h2>${t.feedbackTitle}</h2><p>${t.feedbackIntro}</p>
      ${counts.length ? table([t.feedbackEntry, '👍', '👎', t.feedbackLast], counts.map((c) => [c.entryId, String(c.up), String(c.down), formatTime(c.lastAt, s.profile.timeZone)]), 'feedback-counts') : html`<p data-testid="feedback-empty">${t.feedbackEmpty}</p>`}`,
  });
}
