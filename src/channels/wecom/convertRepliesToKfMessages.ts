/**
 * The engine's replies as 微信客服 (kf) messages. Buttons become a menu (`msgmenu`) of click
 * items; texts are plain text within 2,048 bytes, cut in order where longer; several replies
 * are folded into one message where they fit, because WeCom allows only five messages per
 * customer message within 48 hours. Beyond the messages still allowed, the turn is merged
 * ({@link mergeKfMessages}): full messages, every button in one last menu, and when even
 * that is too little the start and the source lines kept with a note where the middle was
 * left out.
 */
import { localeView } from '../../i18n/locales.js';
import type { Language } from '../../shared/language.js';
import type { KfMenuItem, KfMessageContent } from './api.js';
import { mergeKfMessages } from './mergeKfMessages.js';
import { foldUtf8, splitUtf8 } from './splitUtf8.js';

/** Longest kf text message, in UTF-8 bytes. */
export const KF_TEXT_MAX_BYTES = 2048;
/** Longest head (and tail) of a kf menu message, in UTF-8 bytes. */
export const KF_MENU_HEAD_MAX_BYTES = 1024;
/** Longest label of a kf menu item, in UTF-8 bytes. */
export const KF_MENU_LABEL_MAX_BYTES = 128;
/** Most items in one kf menu message. */
export const KF_MENU_MAX_ITEMS = 10;
/** Messages the API may send per customer message, within 48 hours of it. */
export const KF_MESSAGES_PER_CUSTOMER_MESSAGE = 5;

const menuHeads = (language: Language) => ({ choose: localeView(language, 'channels').all.kf.choose, more: localeView(language, 'channels').all.kf.more });
const MENU_HEADS: Record<Language, { choose: string; more: string }> = { zh: menuHeads('zh'), en: menuHeads('en') };

/** One reply, rendered: its plain text and its buttons with their menu ids. */
export interface KfReplyParts {
  text: string;
  buttons: ReadonlyArray<{ id: string; label: string }>;
  language: Language;
}

/** The messages to send, and how many bytes of the answer had to be left out to stay within the budget (0: nothing). */
export interface KfMessagePlan {
  messages: KfMessageContent[];
  omittedBytes: number;
}

type Segment = { kind: 'text'; text: string } | { kind: 'menu'; head: string; items: KfMenuItem[] };

function fitLabel(label: string): string {
  if (Buffer.byteLength(label, 'utf8') <= KF_MENU_LABEL_MAX_BYTES) return label;
  return `${splitUtf8(label, KF_MENU_LABEL_MAX_BYTES - 3)[0]}…`;
}

function segmentsOf(reply: KfReplyParts): Segment[] {
  const text = reply.text.trim();
  if (reply.buttons.length === 0) return text ? [{ kind: 'text', text }] : [];
  const segments: Segment[] = [];
  for (let start = 0; start < reply.buttons.length; start += KF_MENU_MAX_ITEMS) {
    const items = reply.buttons.slice(start, start + KF_MENU_MAX_ITEMS).map((b): KfMenuItem => ({ type: 'click', click: { id: b.id, content: fitLabel(b.label) } }));
    if (start > 0) segments.push({ kind: 'menu', head: MENU_HEADS[reply.language].more, items });
    else if (Buffer.byteLength(text, 'utf8') <= KF_MENU_HEAD_MAX_BYTES) segments.push({ kind: 'menu', head: text, items });
    else segments.push({ kind: 'text', text }, { kind: 'menu', head: MENU_HEADS[reply.language].choose, items });
  }
  return segments;
}

/**
 * Plans the kf messages for one turn's replies.
 *
 * @param replies - the turn's replies, rendered as plain text with menu ids
 * @param budget - how many messages may still be sent for the customer's last message; default 5
 */
export function convertRepliesToKfMessages(replies: readonly KfReplyParts[], budget = KF_MESSAGES_PER_CUSTOMER_MESSAGE): KfMessagePlan {
  const messages: KfMessageContent[] = [];
  let texts: string[] = [];
  const flushTexts = () => {
    for (const content of foldUtf8(texts, KF_TEXT_MAX_BYTES)) messages.push({ msgtype: 'text', text: { content } });
    texts = [];
  };
  for (const segment of replies.flatMap(segmentsOf)) {
    if (segment.kind === 'text') {
      texts.push(segment.text);
      continue;
    }
    flushTexts();
    const previous = messages.at(-1);
    const head = segment.head;
    if (previous?.msgtype === 'text' && Buffer.byteLength(`${previous.text.content}\n\n${head}`, 'utf8') <= KF_MENU_HEAD_MAX_BYTES) {
      messages.pop();
      messages.push({ msgtype: 'msgmenu', msgmenu: { head_content: `${previous.text.content}\n\n${head}`.trim(), list: segment.items } });
    } else {
      messages.push({ msgtype: 'msgmenu', msgmenu: { ...(head ? { head_content: head } : {}), list: segment.items } });
    }
  }
  flushTexts();
  if (messages.length <= budget) return { messages, omittedBytes: 0 };
  if (budget <= 0) return { messages: [], omittedBytes: messages.reduce((sum, m) => sum + Buffer.byteLength(JSON.stringify(m), 'utf8'), 0) };
  const language = replies.at(-1)?.language ?? 'zh';
  const heads = new Set(Object.values(MENU_HEADS).flatMap((h) => [h.choose, h.more]));
  return mergeKfMessages(messages, budget, language, {
    textMaxBytes: KF_TEXT_MAX_BYTES,
    headMaxBytes: KF_MENU_HEAD_MAX_BYTES,
    menuMaxItems: KF_MENU_MAX_ITEMS,
    genericHeads: heads,
    chooseHead: MENU_HEADS[language].choose,
  });
}
