/**
 * Byte limits of chat platforms (WeCom robot markdown: 4,096 bytes), applied at a line
 * boundary and never in the middle of a character.
 */
import { localeView } from '../../i18n/locales.js';

/**
 * Shortens `text` to at most `maxBytes` UTF-8 bytes: whole lines while they fit, then
 * `marker`. When even the first line does not fit, it is cut at a character boundary.
 *
 * @param text - the text to send
 * @param maxBytes - the platform's limit in UTF-8 bytes
 * @param marker - appended when something was cut; default `truncated` of `locales/zh/leadMessage.json` ("\n…（内容过长，已截断）")
 */
export function truncateUtf8(text: string, maxBytes: number, marker = localeView('zh', 'leadMessage').all.truncated): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const budget = maxBytes - Buffer.byteLength(marker, 'utf8');
  if (budget <= 0) return cutAtCharacter(marker, maxBytes);
  const lines = text.split('\n');
  let kept = '';
  let used = 0;
  let count = 0;
  for (const line of lines) {
    const piece = count === 0 ? line : `\n${line}`;
    const bytes = Buffer.byteLength(piece, 'utf8');
    if (used + bytes > budget) break;
    kept += piece;
    used += bytes;
    count += 1;
  }
  if (count === 0) kept = cutAtCharacter(lines[0] ?? '', budget);
  return kept + marker;
}

function cutAtCharacter(text: string, maxBytes: number): string {
  let out = '';
  let used = 0;
  for (const char of text) {
    const bytes = Buffer.byteLength(char, 'utf8');
    if (used + bytes > maxBytes) break;
    out += char;
    used += bytes;
  }
  return out;
}
