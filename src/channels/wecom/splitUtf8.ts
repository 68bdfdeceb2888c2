/**
 * WeCom counts text limits in UTF-8 bytes (2,048 for a text message, 1,024 for a menu's
 * head). These helpers cut text into pieces that fit, in order and losing nothing, and
 * fold several short texts into one message so fewer messages are spent.
 */

/** Where a piece may end, best first: after a line break, else after a space or punctuation. */
const SOFT_BREAK = /[\s。！？；，、,.!?;:：）)」』】]/u;

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  return codePoint < 0x10000 ? 3 : 4;
}

/**
 * Cuts `text` into pieces of at most `maxBytes` UTF-8 bytes whose concatenation is exactly
 * `text`. A piece ends after the last line break that keeps it at least half full, else
 * after the last space or punctuation mark that does, else at the last whole character:
 * a character is never split.
 *
 * @param text - the text to cut
 * @param maxBytes - the platform's limit in UTF-8 bytes (at least 4)
 */
export function splitUtf8(text: string, maxBytes: number): string[] {
  if (!Number.isInteger(maxBytes) || maxBytes < 4) throw new RangeError('maxBytes must be an integer of at least 4');
  const pieces: string[] = [];
  let start = 0;
  let used = 0;
  let lineBreak: { at: number; used: number } | undefined;
  let softBreak: { at: number; used: number } | undefined;
  let i = 0;
  while (i < text.length) {
    const codePoint = text.codePointAt(i)!;
    const width = codePoint > 0xffff ? 2 : 1;
    const bytes = utf8Length(codePoint);
    if (used + bytes > maxBytes) {
      const chosen = [lineBreak, softBreak].find((b) => b !== undefined && b.used * 2 >= maxBytes) ?? { at: i, used };
      pieces.push(text.slice(start, chosen.at));
      start = chosen.at;
      used -= chosen.used;
      lineBreak = undefined;
      softBreak = undefined;
      continue;
    }
    used += bytes;
    i += width;
    const char = text.slice(i - width, i);
    if (char === '\n') lineBreak = { at: i, used };
    else if (SOFT_BREAK.test(char)) softBreak = { at: i, used };
  }
  if (start < text.length || pieces.length === 0) pieces.push(text.slice(start));
  return pieces;
}

/**
 * Joins consecutive texts with `separator` while the result stays within `maxBytes`, and
 * cuts any text longer than that with {@link splitUtf8}. Order is kept; nothing is lost.
 *
 * @param texts - the texts to send, in order
 * @param maxBytes - the platform's limit in UTF-8 bytes
 * @param separator - put between two folded texts; default a blank line
 */
export function foldUtf8(texts: readonly string[], maxBytes: number, separator = '\n\n'): string[] {
  const folded: string[] = [];
  let current: string | undefined;
  for (const piece of texts.flatMap((t) => splitUtf8(t, maxBytes))) {
    if (current !== undefined && Buffer.byteLength(current + separator + piece, 'utf8') <= maxBytes) {
      current = current + separator + piece;
      continue;
    }
    if (current !== undefined) folded.push(current);
    current = piece;
  }
  if (current !== undefined) folded.push(current);
  return folded;
}
