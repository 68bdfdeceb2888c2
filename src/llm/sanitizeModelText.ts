/**
 * Turns a model's answer into plain text for a {@link Reply}. The model's output is
 * untrusted: a reply's text is rendered as the engine's simple Markdown (`**bold**`, `- `
 * lists) and then escaped per channel, so nothing the model writes may format, link or
 * hide text. HTML tags, Markdown emphasis, headings, quotes, code, links and images are
 * removed (a link keeps its label), list markers become a plain "• ", and invisible or
 * direction-changing characters are dropped.
 */

/** Format characters (zero-width, direction overrides, soft hyphen) and control characters other than line breaks and tabs. */
const INVISIBLE = /[\p{Cf}]|[^\P{Cc}\n\t]/gu;

/**
 * The plain text of a model answer.
 *
 * @param text - what the model wrote
 * @returns trimmed plain text, at most one blank line between paragraphs
 */
export function sanitizeModelText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(INVISIBLE, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\/?[a-z][^<>]*>/gi, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/```[a-z]*/gi, '')
    .replace(/`/g, '')
    .replace(/^[ \t]*#{1,6}[ \t]+/gm, '')
    .replace(/^[ \t]*>[ \t]?/gm, '')
    .replace(/^[ \t]*(?:[-*+•·](?=\s)|\d{1,2}[.)](?=\s)|\d{1,2}、)[ \t]*/gm, '• ')
    .replace(/\*+|__+|~~+/g, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
