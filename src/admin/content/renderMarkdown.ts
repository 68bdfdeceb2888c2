/**
 * The simple Markdown of answers — paragraphs, `- ` / `* ` bullet lists and `**bold**` —
 * rendered to HTML with everything escaped first. It renders exactly what the web chat
 * page renders (`src/channels/web/assets/chat.js`, which builds DOM nodes with
 * `textContent`), so the console preview looks like the chat and no markup typed into an
 * answer can ever become an element: `<script>` stays the text "<script>".
 */
import { escapeHtml, SafeHtml } from '../shared/html.js';

const BULLET = /^\s*[-*]\s+(.*)$/;

/**
 * Renders an answer.
 *
 * @param text - the Markdown text (any characters; nothing in it is trusted)
 * @returns markup of `<p>`, `<ul>`, `<li>` and `<strong>` elements only
 */
export function renderMarkdown(text: string): SafeHtml {
  const out: string[] = [];
  let inList = false;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const bullet = BULLET.exec(line);
    if (bullet) {
      if (!inList) out.push('<ul>');
      inList = true;
      out.push(`<li>${renderInline(bullet[1] ?? '')}</li>`);
      continue;
    }
    if (inList) out.push('</ul>');
    inList = false;
    if (line.trim() === '') continue;
    out.push(`<p>${renderInline(line)}</p>`);
  }
  if (inList) out.push('</ul>');
  return new SafeHtml(out.join('\n'));
}

/** `**bold**` inside a line, like chat.js: the parts are split first, then each is escaped. */
function renderInline(line: string): string {
  return line
    .split(/(\*\*[^*]+\*\*)/)
    .map((part) => (/^\*\*[^*]+\*\*$/.test(part) ? `<strong>${escapeHtml(part.slice(2, -2))}</strong>` : escapeHtml(part)))
    .join('');
}
