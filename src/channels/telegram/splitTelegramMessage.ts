/**
 * Splits a long reply into Telegram messages: each under Telegram's 4,096-character limit
 * (https://core.telegram.org/bots/api#sendmessage), cut at paragraph boundaries; a single
 * paragraph too long for one message is cut between lines, and a single line between words
 * or after punctuation. A cut never falls inside a tag or an entity, and bold text cut in
 * two is closed and reopened.
 */
import { parseMarkdownLine, renderMarkdownLine, renderMarkdownParagraph, renderStyledChars, splitParagraphs, type StyledChar } from './formatTelegramHtml.js';

/** Telegram's limit on a message's text. */
export const TELEGRAM_MAX_MESSAGE_CHARS = 4096;

/** A rendered piece and what separates it from the piece before it. */
interface Piece {
  html: string;
  separator: string;
}

/**
 * Renders simple Markdown as Telegram HTML messages of at most `limit` characters each.
 * The limit applies to the HTML itself (tags and entities included), so the visible text,
 * which Telegram counts, is always within it.
 *
 * @param text - the engine's reply text
 * @param limit - the longest message; default {@link TELEGRAM_MAX_MESSAGE_CHARS}. Lower it only in tests.
 * @returns the messages in order; empty for an empty text
 */
export function splitTelegramMessage(text: string, limit: number = TELEGRAM_MAX_MESSAGE_CHARS): string[] {
  if (limit < 16) throw new RangeError(`limit must be at least 16 characters, got ${limit}`);
  const pieces: Piece[] = [];
  for (const paragraph of splitParagraphs(text)) {
    const html = renderMarkdownParagraph(paragraph);
    if (html.length <= limit) {
      pieces.push({ html, separator: '\n\n' });
      continue;
    }
    paragraph.split('\n').forEach((line, index) => {
      const separator = index === 0 ? '\n\n' : '\n';
      const lineHtml = renderMarkdownLine(line);
      if (lineHtml.length <= limit) pieces.push({ html: lineHtml, separator });
      else splitLine(parseMarkdownLine(line), limit).forEach((part, i) => pieces.push({ html: part, separator: i === 0 ? separator : '' }));
    });
  }
  return packPieces(pieces, limit);
}

/** Joins pieces greedily into messages of at most `limit` characters; a separator at a cut is dropped. */
function packPieces(pieces: readonly Piece[], limit: number): string[] {
  const messages: string[] = [];
  let current = '';
  for (const piece of pieces) {
    const joined = current ? `${current}${piece.separator}${piece.html}` : piece.html;
    if (joined.length <= limit) {
      current = joined;
      continue;
    }
    if (current) messages.push(current);
    current = piece.html;
  }
  if (current) messages.push(current);
  return messages;
}

/** Where a line may be cut: after a space or a sentence or clause mark. */
const BREAK_AFTER = /[\s。！？；，、.!?;,:：)）]/u;

/** Cuts one over-long line into rendered parts of at most `limit` characters. */
function splitLine(chars: readonly StyledChar[], limit: number): string[] {
  const parts: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = start;
    let size = 0;
    while (end < chars.length) {
      const next = cost(chars, start, end);
      if (size + next > limit) break;
      size += next;
      end++;
    }
    if (end === start) end = start + 1;
    if (end < chars.length) {
      // Prefer a natural break in the second half of the part.
      for (let i = end; i > start + (end - start) / 2; i--) {
        if (BREAK_AFTER.test(chars[i - 1]!.char)) {
          end = i;
          break;
        }
      }
    }
    parts.push(renderStyledChars(chars.slice(start, end)).trim());
    start = end;
  }
  return parts.filter((p) => p.length > 0);
}

/** The rendered size of `chars[index]` in a part starting at `start`, its `<b></b>` counted when it opens a bold run. */
function cost(chars: readonly StyledChar[], start: number, index: number): number {
  const { char, bold } = chars[index]!;
  const escaped = char === '&' ? 5 : char === '<' || char === '>' ? 4 : char === '"' ? 6 : char.length;
  const opensBold = bold && (index === start || !chars[index - 1]!.bold);
  return escaped + (opensBold ? '<b></b>'.length : 0);
}
