/**
 * Merges a turn's planned 微信客服 messages into the few the customer's quota still allows
 * (WeCom: five messages per customer message, within 48 hours). Texts are packed into full
 * 2,048-byte messages and the menu's 1,024-byte head; the buttons of every menu are kept in
 * one menu, sent last. When even that is too little, the answer keeps its start and its
 * source lines, and says where the middle was left out, so nothing disappears silently.
 */
import { localeView } from '../../i18n/locales.js';
import type { Language } from '../../shared/language.js';
import type { KfMenuItem, KfMessageContent } from './api.js';
import { splitUtf8 } from './splitUtf8.js';

/** Limits of the merge, in UTF-8 bytes and items (WeCom's). */
export interface KfMergeLimits {
  textMaxBytes: number;
  headMaxBytes: number;
  menuMaxItems: number;
  /** Heads the converter adds itself ("请选择："): not content, left out of the merge. */
  genericHeads: ReadonlySet<string>;
  /** The head of the merged menu when no content fits in it. */
  chooseHead: string;
}

/** The merged messages and how many bytes of the answer had to be left out. */
export interface KfMergedMessages {
  messages: KfMessageContent[];
  omittedBytes: number;
}

/** Said where the middle of an answer is left out. */
export const KF_OMITTED_NOTE: Record<Language, string> = {
  zh: localeView('zh', 'channels').all.kf.omitted,
  en: localeView('en', 'channels').all.kf.omitted,
};

/** A source line as `renderPlainText` writes it. */
const SOURCE_LINE = /^(〔来源：|\[Source: )/u;

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** The first piece of `text` within `maxBytes`, cut where `splitUtf8` would. */
function head(text: string, maxBytes: number): string {
  return maxBytes < 4 ? '' : (splitUtf8(text, maxBytes)[0] ?? '');
}

/** Fills the slots in order from `text`; the pieces, and what did not fit. */
function fill(text: string, slots: readonly number[]): { pieces: string[]; rest: string } {
  const pieces: string[] = [];
  let rest = text.trim();
  for (const size of slots) {
    if (!rest) break;
    const piece = head(rest, size);
    if (!piece) break;
    pieces.push(piece.trim());
    rest = rest.slice(piece.length).trim();
  }
  return { pieces: pieces.filter(Boolean), rest };
}

/** A menu head without the converter's own words at its end ("…\n\n请选择："). */
function withoutGenericHead(content: string, generic: ReadonlySet<string>): string {
  for (const words of generic) {
    if (content === words) return '';
    if (content.endsWith(`\n\n${words}`)) return content.slice(0, -words.length).trimEnd();
  }
  return content;
}

/** Splits trailing source lines off a text. */
function splitSources(text: string): { body: string; sources: string } {
  const lines = text.trimEnd().split('\n');
  let at = lines.length;
  while (at > 0 && SOURCE_LINE.test(lines[at - 1]!)) at--;
  return { body: lines.slice(0, at).join('\n').trimEnd(), sources: lines.slice(at).join('\n') };
}

/**
 * Merges `messages` into at most `budget` messages.
 *
 * @param messages - the turn's messages as planned, in order
 * @param budget - messages still allowed (at least 1)
 * @param language - the language of the note that marks a left-out middle
 * @param limits - see {@link KfMergeLimits}
 */
export function mergeKfMessages(messages: readonly KfMessageContent[], budget: number, language: Language, limits: KfMergeLimits): KfMergedMessages {
  const texts: string[] = [];
  const items: KfMenuItem[] = [];
  let lastItems: KfMenuItem[] = [];
  for (const message of messages) {
    if (message.msgtype === 'text') {
      texts.push(message.text.content);
      continue;
    }
    const content = withoutGenericHead(message.msgmenu.head_content?.trim() ?? '', limits.genericHeads);
    if (content) texts.push(content);
    lastItems = message.msgmenu.list;
    for (const item of lastItems) if (!items.some((i) => i.click.id === item.click.id)) items.push(item);
  }
  const menuItems = items.length <= limits.menuMaxItems ? items : lastItems;
  const hasMenu = menuItems.length > 0;
  const slots = [...Array.from({ length: hasMenu ? budget - 1 : budget }, () => limits.textMaxBytes), ...(hasMenu ? [limits.headMaxBytes] : [])];
  const whole = texts.join('\n\n');
  const filled = fill(whole, slots);
  let pieces = filled.pieces;
  const rest = filled.rest;
  let omittedBytes = 0;
  if (rest) {
    const { body, sources } = splitSources(whole);
    const note = KF_OMITTED_NOTE[language];
    const last = slots.at(-1)!;
    const tail = head(sources, Math.max(0, last - bytes(note) - 4));
    const reserve = bytes(`\n\n${note}`) + (tail ? bytes(`\n\n${tail}`) : 0);
    const shortSlots = [...slots.slice(0, -1), Math.max(0, last - reserve)];
    const kept = fill(body, shortSlots);
    pieces = kept.pieces.slice(0, slots.length - 1);
    const lastPiece = kept.pieces.length === slots.length ? kept.pieces.at(-1)! : '';
    pieces.push([lastPiece, note, tail].filter(Boolean).join('\n\n'));
    omittedBytes = Math.max(1, bytes(body) - kept.pieces.reduce((sum, p) => sum + bytes(p), 0));
  }
  const out: KfMessageContent[] = [];
  const textCount = hasMenu && pieces.length === slots.length ? pieces.length - 1 : pieces.length;
  for (const content of pieces.slice(0, textCount)) out.push({ msgtype: 'text', text: { content } });
  if (hasMenu) out.push({ msgtype: 'msgmenu', msgmenu: { head_content: pieces[textCount] ?? limits.chooseHead, list: menuItems } });
  return { messages: out, omittedBytes };
}
