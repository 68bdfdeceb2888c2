/**
 * HTML for the console, escaped by construction: {@link html} is a tagged template that
 * escapes every interpolated value unless it is already {@link SafeHtml} (built by `html`
 * itself or by the Markdown renderer, which escapes too). Nothing in the console builds
 * markup by string concatenation, so text typed by staff, partners or applicants can never
 * become markup.
 */

/** A piece of markup that is safe to insert as is. Only this module and the Markdown renderer make it. */
export class SafeHtml {
  /** @param value - markup whose every text part is already escaped */
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** What may be interpolated into {@link html}: text (escaped), markup, lists of either, and nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map((v: HtmlValue) => render(v)).join('');
  return escapeHtml(String(value));
}

/**
 * Builds markup: `html\`<p title="${title}">${text}</p>\`` escapes `title` and `text`.
 * `false`, `null` and `undefined` render as nothing, so `${cond && html\`…\`}` works.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Joins pieces of markup. */
export function joinHtml(parts: readonly HtmlValue[], separator: HtmlValue = ''): SafeHtml {
  return new SafeHtml(parts.map((p) => render(p)).join(render(separator)));
}

/**
 * A link target that is safe in `href`: http(s) URLs as given, anything else (javascript:,
 * data:, relative tricks) refused with undefined, so callers show it as text instead.
 */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
