/**
 * Content editing (editors and admins): the list of entries and calendar events with
 * search, the entry form (edit and new, also from an inbox group), the live preview, the
 * event and calendar forms. Every save validates the whole draft with the content schemas
 * and writes only when it is valid, so the draft can always be published or evaluated.
 */
import { parse as parseYaml } from 'yaml';
import { sendError, sendPage, type AdminRouter, type SignedInRequest } from '../shared/adminRouter.js';
import {
  applyCalendarSettings,
  applyEventForm,
  calendarField,
  eventFieldErrors,
  eventIndex,
  EVENT_FIELDS,
  listEvents,
  readCalendarSettings,
  readEventForm,
  readPostedEventForm,
  type EventForm,
} from './calendarForm.js';
import { renderCalendarSettingsForm, renderEntryForm, renderEventForm, renderPreview, renderPreviewProblems } from './contentPages.js';
import { commitDraft } from './commitDraft.js';
import { registerDialogueActsRoutes } from './dialogueActsRoutes.js';
import { findStaleEntries, type StaleEntry } from './staleEntries.js';
import { DIALOGUE_ACTS_PATH } from './dialogueActsPage.js';
import { table } from '../shared/consolePage.js';
import { applyEntryForm, emptyLanguageForm, entryFieldErrors, entryFile, readEntryForm, readPostedEntryForm, splitEntryFile, type EntryForm } from './entryForm.js';
import { html, type SafeHtml } from '../shared/html.js';
import { likelyTopic } from '../inbox/inbox.js';
import { hashSomeFiles, slugOfFile, type KnowledgeFiles } from './knowledgeFiles.js';
import type { AdminServices } from '../shared/adminServices.js';
import { STAFF_ROLES } from '../accounts/userAccounts.js';
import { validateContent } from './validateContent.js';
import { routeParam, queryOf } from '../shared/requestParts.js';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Registers the content routes. */
export function registerContentRoutes(router: AdminRouter, s: AdminServices): void {
  router.get('/content', STAFF_ROLES, async (ctx) => listPage(ctx, s));
  registerDialogueActsRoutes(router, s);

  router.get('/content/entries/:slug', STAFF_ROLES, async (ctx) => {
    const slug = routeParam(ctx.request, 'slug');
    const working = await s.content.working();
    const form = readEntryForm(working.files, slug);
    if (!form) return sendError(ctx, 404, ctx.t.errors.notFound);
    return entryPage(ctx, s, working.files, form, true, {});
  });
  router.post('/content/entries/:slug', STAFF_ROLES, async (ctx) => {
    const slug = routeParam(ctx.request, 'slug');
    const working = await s.content.working();
    if (!readEntryForm(working.files, slug)) return sendError(ctx, 404, ctx.t.errors.notFound);
    return saveEntry(ctx, s, { ...readPostedEntryForm(ctx.form), slug }, true);
  });

  router.get('/content/new-entry', STAFF_ROLES, async (ctx) => {
    const working = await s.content.working();
    const form: EntryForm = { slug: '', topic: '', newTopicZh: '', newTopicEn: '', zh: emptyLanguageForm(), en: emptyLanguageForm() };
    const inboxId = queryOf(ctx.request).inbox;
    let group: { id: string; count: number } | undefined;
    if (typeof inboxId === 'string') {
      const found = await s.inbox.get(inboxId);
      if (!found) return sendError(ctx, 404, ctx.t.errors.notFound);
      form[found.language].questions = found.wordings.map((w) => w.text).join('\n');
      form.topic = likelyTopic(found) ?? '';
      group = { id: found.id, count: found.count };
    }
    return entryPage(ctx, s, working.files, form, false, {}, 200, group);
  });
  router.post('/content/new-entry', STAFF_ROLES, async (ctx) => saveEntry(ctx, s, readPostedEntryForm(ctx.form), false));

  router.post('/content/preview', STAFF_ROLES, async (ctx) => {
    const working = await s.content.working();
    let files = working.files;
    const form = readPostedEntryForm(ctx.form);
    if (ctx.form.get('kind') !== 'none' && SLUG.test(form.slug)) files = applyEntryForm(files, withTopic(form, ctx.form));
    return ctx.reply.type('text/html; charset=utf-8').send(previewHtml(ctx, s, files, ctx.form.get('previewQuestion') ?? '').value);
  });

  router.get('/content/events/:id', STAFF_ROLES, async (ctx) => {
    const id = routeParam(ctx.request, 'id');
    const working = await s.content.working();
    const form = readEventForm(working.files, id);
    if (!form) return sendError(ctx, 404, ctx.t.errors.notFound);
    return eventPage(ctx, working.files, form, true, {});
  });
  router.post('/content/events/:id', STAFF_ROLES, async (ctx) => {
    const id = routeParam(ctx.request, 'id');
    const working = await s.content.working();
    if (!readEventForm(working.files, id)) return sendError(ctx, 404, ctx.t.errors.notFound);
    return saveEvent(ctx, s, readPostedEventForm(ctx.form), id);
  });
  router.get('/content/new-event', STAFF_ROLES, async (ctx) => {
    const working = await s.content.working();
    const form = Object.fromEntries(EVENT_FIELDS.map((f) => [f, ''])) as EventForm;
    Object.assign(form, { kind: 'competition', status: 'tba' });
    return eventPage(ctx, working.files, form, false, {});
  });
  router.post('/content/new-event', STAFF_ROLES, async (ctx) => saveEvent(ctx, s, readPostedEventForm(ctx.form), undefined));

  router.get('/content/calendar', STAFF_ROLES, async (ctx) => {
    const working = await s.content.working();
    return sendPage(ctx, {
      title: ctx.t.event.settingsTitle,
      section: 'content',
      body: renderCalendarSettingsForm(ctx.t, ctx.viewer.csrf, readCalendarSettings(working.files), {}, hashSomeFiles(working.files, ['calendar.yaml'])),
    });
  });
  router.post('/content/calendar', STAFF_ROLES, async (ctx) => {
    const form = { asOf: ctx.form.get('asOf') ?? '', howToHearZh: ctx.form.get('howToHearZh') ?? '', howToHearEn: ctx.form.get('howToHearEn') ?? '' };
    const working = await s.content.working();
    const render = (status: number, errors: Record<string, string[]>) =>
      sendPage(ctx, { title: ctx.t.event.settingsTitle, section: 'content', status, body: renderCalendarSettingsForm(ctx.t, ctx.viewer.csrf, form, errors, ctx.form.get('baseHash') ?? '') });
    if (hashSomeFiles(working.files, ['calendar.yaml']) !== ctx.form.get('baseHash')) return render(409, { _: [ctx.t.errors.conflict] });
    const files = applyCalendarSettings(working.files, form);
    const check = validateContent(files, s.knowledge.options.requiredTopics);
    if (!check.ok) {
      const errors: Record<string, string[]> = {};
      for (const p of check.problems) (errors[p.file === 'calendar.yaml' ? calendarField(p.field) : '_'] ??= []).push(p.problem);
      return render(400, errors);
    }
    return commit(ctx, s, working.hash, files, 'content.calendar_saved', 'calendar', '/admin/content/calendar', () => render(409, { _: [ctx.t.errors.conflict] }));
  });
}

function withTopic(form: EntryForm, posted: URLSearchParams): EntryForm {
  return form.topic === '__new' ? { ...form, topic: (posted.get('newTopicId') ?? '').trim() } : form;
}

function topicsOf(files: KnowledgeFiles, lang: 'zh' | 'en'): Array<{ id: string; name: string }> {
  const data = parseYaml(files['topics.yaml'] ?? '') as { topics?: Array<{ id?: unknown; name?: Record<string, unknown> }> } | null;
  return (data?.topics ?? []).map((t) => ({ id: String(t.id ?? ''), name: String(t.name?.[lang] ?? t.id ?? '') }));
}

function previewHtml(ctx: SignedInRequest, s: AdminServices, files: KnowledgeFiles, question: string): SafeHtml {
  if (!question.trim()) return html``;
  const check = validateContent(files);
  if (!check.ok) return renderPreviewProblems(ctx.t, check.problems);
  return renderPreview(ctx.t, s.buildCached(files), question, ctx.lang, s.clock.now(), s.profile.timeZone);
}

function entryPage(
  ctx: SignedInRequest,
  s: AdminServices,
  files: KnowledgeFiles,
  form: EntryForm,
  existing: boolean,
  errors: Record<string, string[]>,
  status = 200,
  inboxGroup?: { id: string; count: number },
  preview?: SafeHtml,
) {
  const title = existing ? ctx.t.entry.editTitle(form[ctx.lang].title || form.slug) : ctx.t.entry.newTitle;
  const baseHash = ctx.form.get('baseHash') ?? hashSomeFiles(files, [entryFile(form.slug, 'zh'), entryFile(form.slug, 'en'), 'topics.yaml']);
  return sendPage(ctx, {
    title,
    section: 'content',
    status,
    body: renderEntryForm({
      t: ctx.t,
      csrf: ctx.viewer.csrf,
      form,
      existing,
      topics: topicsOf(files, ctx.lang),
      errors,
      baseHash,
      previewQuestion: ctx.form.get('previewQuestion') ?? '',
      ...(preview ? { preview } : {}),
      ...(inboxGroup ? { inboxGroup } : {}),
    }),
  });
}

async function saveEntry(ctx: SignedInRequest, s: AdminServices, posted: EntryForm, existing: boolean) {
  const form = withTopic(posted, ctx.form);
  const working = await s.content.working();
  const inboxId = ctx.form.get('inbox') ?? undefined;
  const group = inboxId ? await s.inbox.get(inboxId) : undefined;
  const groupView = group ? { id: group.id, count: group.count } : undefined;
  const again = (status: number, errors: Record<string, string[]>, preview?: SafeHtml) => entryPage(ctx, s, working.files, posted, existing, errors, status, groupView, preview);

  if (ctx.form.get('intent') === 'preview') {
    const files = SLUG.test(form.slug) ? applyEntryForm(working.files, form) : working.files;
    return again(200, {}, previewHtml(ctx, s, files, ctx.form.get('previewQuestion') ?? ''));
  }
  if (!SLUG.test(form.slug)) return again(400, { slug: ['expected lower-case letters, digits and single hyphens, e.g. housing-subsidy'] });
  const names = [entryFile(form.slug, 'zh'), entryFile(form.slug, 'en'), 'topics.yaml'];
  if (!existing && (working.files[names[0]!] !== undefined || working.files[names[1]!] !== undefined)) {
    return again(409, { slug: [`an entry ${form.slug} exists already`] });
  }
  if (existing && hashSomeFiles(working.files, names) !== ctx.form.get('baseHash')) return again(409, { _: [ctx.t.errors.conflict] });
  const files = applyEntryForm(working.files, form);
  const check = validateContent(files, s.knowledge.options.requiredTopics);
  if (!check.ok) return again(400, entryFieldErrors(check.problems, form.slug));
  const changed = names.filter((n) => files[n] !== working.files[n]);
  return commit(ctx, s, working.hash, files, existing ? 'content.entry_saved' : 'content.entry_created', form.slug, `/admin/content/entries/${form.slug}`, () => again(409, { _: [ctx.t.errors.conflict] }), changed.join(', '), async () => {
    if (group) await s.inbox.resolve(group.id, 'new_entry', ctx.user.username, form.slug);
  });
}

function eventPage(ctx: SignedInRequest, files: KnowledgeFiles, form: EventForm, existing: boolean, errors: Record<string, string[]>, status = 200) {
  return sendPage(ctx, {
    title: existing ? ctx.t.event.editTitle(ctx.lang === 'en' ? form.nameEn : form.nameZh) : ctx.t.event.newTitle,
    section: 'content',
    status,
    body: renderEventForm(ctx.t, ctx.viewer.csrf, form, existing, errors, ctx.form.get('baseHash') ?? hashSomeFiles(files, ['calendar.yaml'])),
  });
}

async function saveEvent(ctx: SignedInRequest, s: AdminServices, form: EventForm, originalId: string | undefined) {
  const working = await s.content.working();
  const again = (status: number, errors: Record<string, string[]>) => eventPage(ctx, working.files, form, originalId !== undefined, errors, status);
  if (originalId !== undefined && hashSomeFiles(working.files, ['calendar.yaml']) !== ctx.form.get('baseHash')) return again(409, { _: [ctx.t.errors.conflict] });
  if (form.id !== originalId && eventIndex(working.files, form.id) >= 0) return again(409, { id: [`an event ${form.id} exists already`] });
  const files = applyEventForm(working.files, form, originalId);
  const check = validateContent(files, s.knowledge.options.requiredTopics);
  if (!check.ok) {
    const index = eventIndex(files, form.id);
    return again(400, eventFieldErrors(check.problems, index >= 0 ? index : eventIndex(files, originalId ?? '')));
  }
  return commit(ctx, s, working.hash, files, originalId ? 'content.event_saved' : 'content.event_created', form.id, `/admin/content/events/${encodeURIComponent(form.id)}`, () => again(409, { _: [ctx.t.errors.conflict] }));
}

function commit(
  ctx: SignedInRequest,
  s: AdminServices,
  expectedHash: string,
  files: KnowledgeFiles,
  action: string,
  target: string,
  back: string,
  onConflict: () => unknown,
  detail?: string,
  after?: () => Promise<void>,
) {
  return commitDraft(ctx, s, { expectedHash, files, action, target, back, onConflict, ...(detail !== undefined ? { detail } : {}), ...(after ? { after } : {}) });
}

async function listPage(ctx: SignedInRequest, s: AdminServices) {
  const t = ctx.t.content;
  const query = String(queryOf(ctx.request).q ?? '').slice(0, 100);
  const needle = query.normalize('NFKC').toLowerCase().trim();
  const working = await s.content.working();
  const published = working.draft ? (await s.content.published()).files : working.files;
  const slugs = [...new Set(Object.keys(working.files).map(slugOfFile).filter((x): x is string => x !== undefined))].sort();
  const matches = (text: string) => !needle || text.normalize('NFKC').toLowerCase().includes(needle);
  const staleOnly = queryOf(ctx.request).stale === '1';
  const stale = new Map<string, StaleEntry>();
  for (const e of findStaleEntries(s.buildCached(working.files).content.entries, s.clock.now(), s.profile.timeZone, s.contentStaleDays)) if (!stale.has(e.slug)) stale.set(e.slug, e);
  const rows = slugs.flatMap((slug) => {
    const texts = (['zh', 'en'] as const).map((l) => working.files[entryFile(slug, l)] ?? '');
    if (!texts.some(matches) && !matches(slug)) return [];
    if (staleOnly && !stale.has(slug)) return [];
    const age = stale.get(slug);
    const [zh, en] = texts.map((text) => splitEntryFile(text)?.frontMatter ?? {});
    const changed = (['zh', 'en'] as const).some((l) => working.files[entryFile(slug, l)] !== published[entryFile(slug, l)]);
    return [
      [
        html`<a href="/admin/content/entries/${encodeURIComponent(slug)}" data-testid="entry-link-${slug}">${slug}</a>`,
        String(zh?.topic ?? ''),
        String(zh?.title ?? ''),
        String(en?.title ?? ''),
        String(zh?.review ?? ''),
        age === undefined ? String(zh?.asOf ?? '') : html`${age.asOf} <span class="badge stale" data-testid="stale-${slug}">${t.stale(age.ageDays)}</span>`,
        changed ? html`<span class="badge">${t.changedInDraft}</span>` : '',
      ],
    ];
  });
  const events = listEvents(working.files).filter((e) => Object.values(e).some(matches));
  const eventRows = events.map((e) => [html`<a href="/admin/content/events/${encodeURIComponent(e.id)}">${e.id}</a>`, e.nameZh, e.nameEn, e.status, [e.start, e.end].filter(Boolean).join(' – ')]);
  return sendPage(ctx, {
    title: t.title,
    section: 'content',
    body: html`${working.draft && html`<p class="flash ok">${t.draftBanner(working.draft.base)} <a href="/admin/content/draft">${t.goPublish}</a></p>`}
      <form method="get" action="/admin/content" class="filters" role="search"><label for="q">${t.search}</label><input id="q" name="q" value="${query}" type="search"><button type="submit">${t.searchButton}</button></form>
      <h2>${t.entries}</h2><p><a href="/admin/content/new-entry">${t.newEntry}</a> · ${staleOnly ? html`<a href="/admin/content">${t.allEntries}</a>` : html`<a href="/admin/content?stale=1" data-testid="filter-stale">${t.staleOnly}</a>`}</p>
      ${rows.length ? table([t.slug, t.topic, t.titleZh, t.titleEn, t.review, t.asOf, ''], rows, 'entries') : html`<p>${t.noMatch}</p>`}
      <h2>${ctx.t.dialogueActs.title}</h2><p><a href="${DIALOGUE_ACTS_PATH}" data-testid="dialogue-acts-link">${t.dialogueActs}</a></p>
      <h2>${t.events}</h2><p><a href="/admin/content/new-event">${t.newEvent}</a> · <a href="/admin/content/calendar">${t.calendarSettings}</a></p>
      ${eventRows.length ? table(['id', ctx.t.event.nameZh, ctx.t.event.nameEn, ctx.t.event.status, ctx.t.event.start], eventRows, 'events') : html`<p>${t.noMatch}</p>`}`,
  });
}
