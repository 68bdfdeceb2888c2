/**
 * The console's page frame and form helpers. Pages are plain server-rendered HTML with one
 * stylesheet and one small script (`/admin/assets/`), usable on a phone: a top bar with
 * the sections the user's role may open, the language switch and logout; forms that work
 * without JavaScript. Every form carries the session's CSRF token.
 */
import type { Language } from '../../shared/language.js';
import { dateTimeIn } from '../../shared/zonedTime.js';
import type { ConsoleTexts } from './texts/consoleTexts.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';
import type { Role } from '../accounts/userAccounts.js';

/** Who is looking at a page. */
export interface Viewer {
  username: string;
  role: Role;
  partnerName?: string;
  csrf: string;
}

/** What a page is made of. */
export interface PageInput {
  t: ConsoleTexts;
  lang: Language;
  title: string;
  body: HtmlValue;
  viewer?: Viewer;
  /** The URL of the same page in the other language. */
  switchLanguageHref: string;
  /** Which nav item is current. */
  section?: string;
  /** A message at the top: ok (green) or error (red). */
  flash?: { kind: 'ok' | 'error'; text: string };
}

/** The whole page. */
export function renderPage(input: PageInput): string {
  const { t, viewer } = input;
  const nav = viewer ? navItems(viewer.role, t) : [];
  return html`<!doctype html>
<html lang="${input.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${input.title} · ${t.consoleName}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/admin/assets/console.css">
</head>
<body>
<header class="top">
  <a class="brand" href="/admin">${t.consoleName}</a>
  ${nav.length > 0 && html`<nav>${nav.map(([key, href, label]) => html`<a href="${href}"${key === input.section ? html` aria-current="page"` : ''}>${label}</a>`)}</nav>`}
  <div class="who">
    ${viewer && html`<span data-testid="whoami">${viewer.username} · ${t.roles[viewer.role]}${viewer.partnerName ? html` · ${viewer.partnerName}` : ''}</span>
    <a href="/admin/account">${t.changePassword}</a>`}
    <a href="${input.switchLanguageHref}" data-testid="console-language">${t.otherLanguage}</a>
    ${viewer && html`<form method="post" action="/admin/logout" class="inline">${csrfField(viewer.csrf)}<button type="submit" class="link">${t.logout}</button></form>`}
  </div>
</header>
<main>
${input.flash && html`<p class="flash ${input.flash.kind}" role="status" data-testid="flash">${input.flash.text}</p>`}
<h1>${input.title}</h1>
${input.body}
</main>
<script src="/admin/assets/console.js" defer></script>
</body>
</html>
`.value;
}

function navItems(role: Role, t: ConsoleTexts): Array<[string, string, string]> {
  if (role === 'partner') return [['portal', '/admin/portal', t.nav.portal]];
  const items: Array<[string, string, string]> = [
    ['content', '/admin/content', t.nav.content],
    ['publish', '/admin/content/draft', t.nav.publish],
    ['history', '/admin/content/history', t.nav.history],
    ['inbox', '/admin/inbox', t.nav.inbox],
    ['logs', '/admin/logs', t.nav.logs],
    ['quality', '/admin/quality', t.nav.quality],
    ['regression', '/admin/regression', t.nav.regression],
    ['leads', '/admin/leads', t.nav.leads],
    ['funnel', '/admin/funnel', t.nav.funnel],
    ['handoffs', '/admin/handoffs', t.nav.handoffs],
    ['calendar', '/admin/calendar', t.nav.calendar],
  ];
  if (role === 'admin') items.push(['users', '/admin/users', t.nav.users], ['audit', '/admin/audit', t.nav.audit]);
  return items;
}

/** The hidden CSRF field every form carries. */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

/** The errors of one field, shown under it. */
export function fieldErrors(errors: Record<string, string[]> | undefined, name: string): SafeHtml {
  const list = errors?.[name];
  if (!list?.length) return html``;
  return html`<ul class="field-errors" data-testid="error-${name}">${list.map((e) => html`<li>${e}</li>`)}</ul>`;
}

/** Options of a form field. */
export interface FieldOptions {
  name: string;
  label: string;
  value: string;
  errors?: Record<string, string[]>;
  /** `text` (default), `date`, `url`, `password`, `textarea`, or a list of choices for a select. */
  type?: 'text' | 'date' | 'url' | 'password' | 'textarea' | 'number';
  choices?: ReadonlyArray<readonly [string, string]>;
  rows?: number;
  hint?: string;
  required?: boolean;
  /** Extra attributes are not allowed on purpose; everything needed is here. */
  autocomplete?: string;
}

/** A labelled field with its hint and errors. */
export function field(o: FieldOptions): SafeHtml {
  const id = `f-${o.name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  const invalid = Boolean(o.errors?.[o.name]?.length);
  const aria = invalid ? html` aria-invalid="true"` : html``;
  const required = o.required ? html` required` : html``;
  let control: SafeHtml;
  if (o.choices) {
    control = html`<select id="${id}" name="${o.name}"${aria}>${o.choices.map(([value, label]) => html`<option value="${value}"${value === o.value ? html` selected` : ''}>${label}</option>`)}</select>`;
  } else if (o.type === 'textarea') {
    control = html`<textarea id="${id}" name="${o.name}" rows="${o.rows ?? 4}"${aria}${required}>${o.value}</textarea>`;
  } else {
    const auto = o.autocomplete ? html` autocomplete="${o.autocomplete}"` : html``;
    control = html`<input id="${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value}"${aria}${required}${auto}>`;
  }
  return html`<div class="field${invalid ? ' invalid' : ''}"><label for="${id}">${o.label}</label>${control}${o.hint && html`<small class="hint">${o.hint}</small>`}${fieldErrors(o.errors, o.name)}</div>`;
}

/** A table that scrolls sideways on a phone. */
export function table(headers: readonly HtmlValue[], rows: ReadonlyArray<readonly HtmlValue[]>, testId?: string): SafeHtml {
  return html`<div class="table-wrap"><table${testId ? html` data-testid="${testId}"` : ''}><thead><tr>${headers.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows.map((r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody></table></div>`;
}

/**
 * A date and time in the district's time zone, `YYYY-MM-DD HH:MM`; empty for undefined.
 *
 * @param at - the instant
 * @param timeZone - the profile's IANA time zone
 */
export function formatTime(at: number | undefined, timeZone: string): string {
  return at === undefined ? '' : dateTimeIn(at, timeZone);
}
