/**
 * The engine's simple Markdown (paragraphs, "- " bullets, **bold**) as Telegram HTML
 * (https://core.telegram.org/bots/api#html-style): every character of content is escaped,
 * `**bold**` becomes `<b>…</b>`, a "- " bullet becomes "• ". Nothing else is markup, so
 * whatever the content or the user typed cannot open a tag.
 */

/** One character of a line and whether it is bold. */
export interface StyledChar {
  char: string;
  bold: boolean;
}

/**
 * Escapes text for Telegram's HTML parse mode: `&`, `<`, `>` and `"` (the entities
 * Telegram knows).
 *
 * @param text - any text
 */
export function escapeTelegramHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Splits one line of simple Markdown into characters (code points) with their style. A
 * leading "- " bullet becomes "• " (indentation kept); `**text**` marks `text` bold; an
 * unpaired `**` stays as it is.
 *
 * @param line - one line, without line breaks
 */
export function parseMarkdownLine(line: string): StyledChar[] {
  const bullet = /^(\s*)- (.*)$/.exec(line);
  const text = bullet ? `${bullet[1]}• ${bullet[2]}` : line;
  const chars: StyledChar[] = [];
  const pattern = /\*\*(.+?)\*\*/g;
  let last = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    for (const char of text.slice(last, match.index)) chars.push({ char, bold: false });
    for (const char of match[1]!) chars.push({ char, bold: true });
    last = match.index + match[0].length;
  }
  for (const char of text.slice(last)) chars.push({ char, bold: false });
  return chars;
}

/**
 * Renders styled characters as Telegram HTML: runs of bold characters in one `<b>` tag,
 * everything escaped.
 *
 * @param chars - from {@link parseMarkdownLine}, or a slice of it
 */
export function renderStyledChars(chars: readonly StyledChar[]): string {
  let html = '';
  let bold = false;
  for (const { char, bold: isBold } of chars) {
    if (isBold !== bold) {
      html += isBold ? '<b>' : '</b>';
      bold = isBold;
    }
    html += escapeTelegramHtml(char);
  }
  return bold ? `${html}</b>` : html;
}

/**
 * Renders one line of simple Markdown as Telegram HTML.
 *
 * @param line - one line, without line breaks
 */
export function renderMarkdownLine(line: string): string {
  return renderStyledChars(parseMarkdownLine(line));
}

/**
 * Renders a paragraph (lines separated by "\n") as Telegram HTML.
 *
 * @param paragraph - lines of simple Markdown
 */
export function renderMarkdownParagraph(paragraph: string): string {
  return paragraph.split('\n').map(renderMarkdownLine).join('\n');
}

/**
 * Renders a whole text of simple Markdown as Telegram HTML, paragraphs separated by a blank
 * line. Texts longer than a Telegram message need {@link splitTelegramMessage} instead.
 *
 * @param text - the engine's reply text
 */
export function renderTelegramHtml(text: string): string {
  return splitParagraphs(text).map(renderMarkdownParagraph).join('\n\n');
}

/**
 * The paragraphs of a text: separated by one or more blank lines; trailing spaces and empty
 * paragraphs dropped.
 *
 * @param text - simple Markdown
 */
export function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/^\n+|\s+$/g, ''))
    .filter((p) => p.length > 0);
}
