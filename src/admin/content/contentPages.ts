/**
 * The content pages' markup: the list with search, the entry form (both languages side by
 * side, stacked on a phone), the event and calendar forms, and the answer preview. Field
 * errors come from the same zod schemas as the files and sit under their field.
 */
import { answerQuestion } from '../../core/answer.js';
import { detectLanguage } from '../../core/detectLanguage.js';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import { eventKindSchema, eventStatusSchema } from '../../knowledge/schema.js';
import { type Language } from '../../shared/language.js';
import type { EventForm, CalendarSettingsForm } from './calendarForm.js';
import { csrfField, field, fieldErrors } from '../shared/consolePage.js';
import type { ConsoleTexts } from '../shared/texts/consoleTexts.js';
import type { EntryForm } from './entryForm.js';
import { html, safeHttpUrl, type SafeHtml } from '../shared/html.js';
import { renderMarkdown } from './renderMarkdown.js';
import type { FieldProblem } from './validateContent.js';

/** What the entry form page shows. */
export interface EntryFormView {
  t: ConsoleTexts;
  csrf: string;
  form: EntryForm;
  /** False for a new entry. */
  existing: boolean;
  topics: ReadonlyArray<{ id: string; name: string }>;
  errors: Record<string, string[]>;
  baseHash: string;
  previewQuestion: string;
  preview?: SafeHtml;
  /** The inbox group this new entry comes from. */
  inboxGroup?: { id: string; count: number };
}

/** The entry form. */
export function renderEntryForm(v: EntryFormView): SafeHtml {
  const t = v.t.entry;
  const action = v.existing ? `/admin/content/entries/${encodeURIComponent(v.form.slug)}` : '/admin/content/new-entry';
  const known = v.topics.some((topic) => topic.id === v.form.topic);
  const topicChoices: Array<[string, string]> = [
    ...v.topics.map((topic): [string, string] => [topic.id, `${topic.name} (${topic.id})`]),
    ['__new', `${t.newTopic}…`],
  ];
  const language = (l: Language) => {
    const f = v.form[l];
    const n = (name: string) => `${l}.${name}`;
    return html`<fieldset class="language" lang="${l === 'zh' ? 'zh-CN' : 'en'}"><legend>${l === 'zh' ? t.languageZh : t.languageEn}</legend>
      ${field({ name: n('title'), label: t.title, value: f.title, errors: v.errors })}
      ${field({ name: n('questions'), label: t.questions, value: f.questions, type: 'textarea', rows: 8, hint: t.questionsHint, errors: v.errors })}
      ${field({ name: n('body'), label: t.body, value: f.body, type: 'textarea', rows: 8, errors: v.errors })}
      ${field({ name: n('sourceTitle'), label: t.sourceTitle, value: f.sourceTitle, errors: v.errors })}
      ${field({ name: n('sourcePublisher'), label: t.sourcePublisher, value: f.sourcePublisher, errors: v.errors })}
      ${field({ name: n('sourceDate'), label: t.sourceDate, value: f.sourceDate, hint: t.dateHint, errors: v.errors })}
      ${field({ name: n('sourceUrl'), label: t.sourceUrl, value: f.sourceUrl, errors: v.errors })}
      ${field({ name: n('asOf'), label: t.asOf, value: f.asOf, hint: t.dateHint, errors: v.errors })}
      ${field({ name: n('review'), label: t.review, value: f.review, choices: [['verified', t.verified], ['needs_review', t.needsReview]], errors: v.errors })}
      ${field({ name: n('reviewNote'), label: t.reviewNote, value: f.reviewNote, type: 'textarea', rows: 2, errors: v.errors })}
      ${field({ name: n('tags'), label: t.tags, value: f.tags, errors: v.errors })}
    </fieldset>`;
  };
  return html`<form method="post" action="${action}" class="entry-form" data-testid="entry-form" data-preview-url="/admin/content/preview">
    ${csrfField(v.csrf)}<input type="hidden" name="baseHash" value="${v.baseHash}">
    ${v.inboxGroup && html`<input type="hidden" name="inbox" value="${v.inboxGroup.id}"><p class="note">${t.fromInbox(v.inboxGroup.count)}</p>`}
    ${v.errors._ && html`<div class="flash error" data-testid="form-problems"><p>${t.problems}</p>${fieldErrors(v.errors, '_')}</div>`}
    <div class="row">
      ${v.existing ? html`<input type="hidden" name="slug" value="${v.form.slug}"><p><strong>${v.form.slug}</strong></p>${fieldErrors(v.errors, 'slug')}` : field({ name: 'slug', label: t.slug, value: v.form.slug, errors: v.errors })}
      ${field({ name: 'topic', label: t.topic, value: known || !v.form.topic ? v.form.topic : '__new', choices: topicChoices, errors: v.errors })}
    </div>
    <details class="new-topic"${known ? '' : html` open`}><summary>${t.newTopic}</summary><div class="row">
      ${field({ name: 'newTopicId', label: t.newTopicId, value: known ? '' : v.form.topic })}
      ${field({ name: 'newTopicZh', label: t.newTopicZh, value: v.form.newTopicZh })}
      ${field({ name: 'newTopicEn', label: t.newTopicEn, value: v.form.newTopicEn })}
    </div></details>
    <div class="languages">${language('zh')}${language('en')}</div>
    <section class="preview-box">
      ${field({ name: 'previewQuestion', label: t.previewQuestion, value: v.previewQuestion })}
      <button type="submit" name="intent" value="preview" data-testid="preview-button">${t.preview}</button>
      <div id="preview" data-testid="preview" aria-live="polite">${v.preview}</div>
    </section>
    <p class="actions"><button type="submit" name="intent" value="save" class="primary" data-testid="save">${t.save}</button></p>
  </form>`;
}

/**
 * How the bot would answer `question` from `knowledge`: the same `answerQuestion` the
 * engine calls, the reply rendered as the web chat renders it, and which entry matched.
 */
export function renderPreview(t: ConsoleTexts, knowledge: KnowledgeBase, question: string, fallbackLanguage: Language, now: number, timeZone: string): SafeHtml {
  if (!question.trim()) return html``;
  const language = detectLanguage(question) ?? fallbackLanguage;
  const reply = answerQuestion(knowledge, question, language, now, timeZone);
  const best = knowledge.retriever.search(question).hits[0];
  const source = reply.sources[0];
  return html`<div class="bot-reply${reply.fallback ? ' fallback' : ''}" data-testid="preview-reply">${renderMarkdown(reply.text)}
    ${source && html`<p class="source" data-testid="preview-source">${t.entry.source}：${source.title}（${source.publisher}）· ${source.asOf}</p>`}</div>
    <p class="note" data-testid="preview-match">${reply.fallback ? t.entry.previewFallback : t.entry.previewMatched(source?.id ?? '', best ? `${Math.round(best.coverage * 100)}%` : '—')}</p>`;
}

/** The problems that prevent a preview. */
export function renderPreviewProblems(t: ConsoleTexts, problems: readonly FieldProblem[]): SafeHtml {
  return html`<div class="flash error"><p>${t.entry.previewInvalid}</p><ul>${problems.slice(0, 10).map((p) => html`<li>${p.file}: ${p.field}: ${p.problem}</li>`)}</ul></div>`;
}

/** The event form. */
export function renderEventForm(t: ConsoleTexts, csrf: string, form: EventForm, existing: boolean, errors: Record<string, string[]>, baseHash: string): SafeHtml {
  const e = t.event;
  const s = t.entry;
  const f = (name: keyof EventForm, label: string, extra: { hint?: string; type?: 'textarea' } = {}) =>
    field({ name, label, value: form[name], errors, ...(extra.hint ? { hint: extra.hint } : {}), ...(extra.type ? { type: extra.type, rows: 3 } : {}) });
  const action = existing ? `/admin/content/events/${encodeURIComponent(form.id)}` : '/admin/content/new-event';
  return html`<form method="post" action="${action}" class="card" data-testid="event-form">${csrfField(csrf)}<input type="hidden" name="baseHash" value="${baseHash}">
    ${errors._ && html`<div class="flash error"><p>${s.problems}</p>${fieldErrors(errors, '_')}</div>`}
    ${f('id', e.id)}
    <div class="row">${f('nameZh', e.nameZh)}${f('nameEn', e.nameEn)}</div>
    <div class="row">${field({ name: 'kind', label: e.kind, value: form.kind, choices: eventKindSchema.options.map((k): [string, string] => [k, k]), errors })}
    ${field({ name: 'status', label: e.status, value: form.status, choices: eventStatusSchema.options.map((k): [string, string] => [k, k]), errors })}</div>
    <div class="row">${f('regionZh', e.regionZh)}${f('regionEn', e.regionEn)}</div>
    <div class="row">${f('year', e.year)}${f('start', e.start, { hint: e.dateHint })}${f('end', e.end, { hint: e.dateHint })}${f('registrationDeadline', e.registrationDeadline, { hint: e.dateHint })}</div>
    <div class="row">${f('noteZh', e.noteZh, { type: 'textarea' })}${f('noteEn', e.noteEn, { type: 'textarea' })}</div>
    <div class="row">${f('sourceTitle', s.sourceTitle)}${f('sourcePublisher', s.sourcePublisher)}${f('sourceDate', s.sourceDate, { hint: s.dateHint })}${f('sourceUrl', s.sourceUrl)}</div>
    <p class="actions"><button type="submit" class="primary" data-testid="save">${e.save}</button></p></form>`;
}

/** The calendar settings form. */
export function renderCalendarSettingsForm(t: ConsoleTexts, csrf: string, form: CalendarSettingsForm, errors: Record<string, string[]>, baseHash: string): SafeHtml {
  const e = t.event;
  return html`<form method="post" action="/admin/content/calendar" class="card" data-testid="calendar-form">${csrfField(csrf)}<input type="hidden" name="baseHash" value="${baseHash}">
    ${errors._ && html`<div class="flash error">${fieldErrors(errors, '_')}</div>`}
    ${field({ name: 'asOf', label: e.asOf, value: form.asOf, hint: t.entry.dateHint, errors })}
    ${field({ name: 'howToHearZh', label: e.howToHearZh, value: form.howToHearZh, type: 'textarea', errors })}
    ${field({ name: 'howToHearEn', label: e.howToHearEn, value: form.howToHearEn, type: 'textarea', errors })}
    <p class="actions"><button type="submit" class="primary" data-testid="save">${e.save}</button></p></form>`;
}

/** A source link when the URL is http(s), else the URL as text. */
export function sourceLink(url: string): SafeHtml {
  const safe = safeHttpUrl(url);
  return safe ? html`<a href="${safe}" rel="noopener noreferrer nofollow">${url}</a>` : html`${url}`;
}
