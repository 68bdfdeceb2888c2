/**
 * WeChat shows text messages as they are: Markdown does not render. A reply's simple
 * Markdown (paragraphs, "- " bullets, **bold**) becomes plain text, and its sources are
 * named under it the way the terminal chat names them.
 */
import type { Reply } from '../../core/messages.js';
import { localeView } from '../../i18n/locales.js';

/**
 * The reply's text as plain text, followed by its sources with their as-of dates.
 *
 * @param reply - one reply of the engine
 */
export function renderPlainText(reply: Reply): string {
  const body = reply.text
    .replace(/\*\*(.+?)\*\*/gsu, '$1')
    .replace(/^(\s*)- /gmu, '$1• ')
    .trim();
  const seen = new Set<string>();
  const sources = reply.sources
    .filter((s) => !seen.has(s.id) && seen.add(s.id))
    .map((s) => localeView(reply.language, 'channels').t('sourceLine.plainText', { title: s.title, publisher: s.publisher, asOf: s.asOf }));
  return sources.length ? `${body}\n\n${sources.join('\n')}` : body;
}
