/**
 * Recognises the commands every channel understands, typed or as button actions:
 * start/help/menu, and the language switch.
 */
import type { Language } from '../knowledge/schema.js';

/** A recognised command. */
export type Command = { kind: 'menu' } | { kind: 'language'; language: Language | 'toggle' } | { kind: 'topic'; topic: string };

const MENU_WORDS = new Set(['/start', '/help', '/menu', 'start', 'help', 'menu', '菜单', '帮助', '开始', '主菜单']);
const LANGUAGE_WORDS: Record<string, Language | 'toggle'> = {
  '/lang': 'toggle',
  language: 'toggle',
  '语言': 'toggle',
  '/lang en': 'en',
  '/lang zh': 'zh',
  english: 'en',
  '英文': 'en',
  '英语': 'en',
  'switch to english': 'en',
  '中文': 'zh',
  chinese: 'zh',
  '切换中文': 'zh',
  '切换英文': 'en',
};

/**
 * The command in a typed text, if the whole text is one (surrounding spaces and a
 * trailing punctuation mark are ignored; a `@botname` suffix on a slash command too).
 */
export function parseTextCommand(text: string): Command | undefined {
  const words = text
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/^(\/[a-z]+)@\w+/, '$1')
    .replace(/[。.!！?？]+$/, '');
  if (MENU_WORDS.has(words)) return { kind: 'menu' };
  const language = LANGUAGE_WORDS[words];
  return language ? { kind: 'language', language } : undefined;
}

/** The command behind a button action, or undefined for an action this engine does not know. */
export function parseActionCommand(action: string): Command | undefined {
  if (action === 'menu') return { kind: 'menu' };
  const [kind, value] = action.split(':', 2);
  if (kind === 'lang' && (value === 'zh' || value === 'en')) return { kind: 'language', language: value };
  if (kind === 'topic' && value) return { kind: 'topic', topic: value };
  return undefined;
}
