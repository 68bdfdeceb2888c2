/**
 * A knowledge entry named in the conversation logs and the answer quality, as a link to the
 * console's edit page of its pair of files.
 */
import { html, type SafeHtml } from '../shared/html.js';

/** An entry id (`housing-subsidy.zh`) as a link to its edit page; a dash when none. */
export function entryLink(entryId: string | undefined): SafeHtml | string {
  if (!entryId) return '—';
  return html`<a href="/admin/content/entries/${encodeURIComponent(entryId.replace(/\.(zh|en)$/, ''))}" data-testid="log-entry">${entryId}</a>`;
}
