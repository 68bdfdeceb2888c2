/**
 * The bot's slash commands: what Telegram shows in its command menu (registered with
 * `setMyCommands`, https://core.telegram.org/bots/api#setmycommands, in Chinese and
 * English) and what each one means to the engine — a typed command it understands or a
 * button action.
 */
import type { Language } from '../../knowledge/schema.js';

/** What a command is for the engine: a text to handle as typed, or a button action. */
export type CommandInput = { text: string } | { action: string };

/** One command. */
export interface TelegramCommand {
  /** Without the slash: lower-case letters, digits and underscores. */
  command: string;
  /** The description in Telegram's menu, by language. */
  description: Record<Language, string>;
  /** What the engine receives. `args` is what followed the command, trimmed. */
  toInput(args: string): CommandInput;
}

/** The commands, in menu order. */
export const TELEGRAM_COMMANDS: readonly TelegramCommand[] = [
  { command: 'start', description: { zh: '开始 / 主菜单', en: 'Start: the main menu' }, toInput: () => ({ text: '/start' }) },
  { command: 'help', description: { zh: '我能做什么', en: 'What I can do' }, toInput: () => ({ text: '/help' }) },
  { command: 'apply', description: { zh: '参赛资格初筛', en: 'Check my eligibility' }, toInput: () => ({ action: 'flow:start:eligibility' }) },
  { command: 'calendar', description: { zh: '赛事日历', en: 'Competition calendar' }, toInput: () => ({ action: 'topic:calendar' }) },
  { command: 'mydata', description: { zh: '查看我的信息', en: 'See the data kept about me' }, toInput: () => ({ text: '/mydata' }) },
  { command: 'forget', description: { zh: '删除我的信息', en: 'Erase my data' }, toInput: () => ({ text: '/forget' }) },
  {
    command: 'lang',
    description: { zh: '切换语言 中文/English', en: 'Switch language 中文/English' },
    toInput: (args) => (/^(zh|en)$/i.test(args) ? { text: `/lang ${args.toLowerCase()}` } : { text: '/lang' }),
  },
];

const BY_NAME = new Map(TELEGRAM_COMMANDS.map((c) => [c.command, c]));

/**
 * The engine input of a typed slash command such as `/calendar`, `/lang en` or
 * `/start@talentbot payload`; undefined when the text is not one of our commands (it is
 * then handled as typed).
 *
 * @param text - the message text
 * @param botUsername - the bot's username: a command addressed to another bot is not ours
 */
export function convertCommand(text: string, botUsername?: string): CommandInput | undefined {
  const match = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, name, addressee, args] = match;
  if (addressee && botUsername && addressee.toLowerCase() !== botUsername.toLowerCase()) return undefined;
  return BY_NAME.get(name!.toLowerCase())?.toInput((args ?? '').trim());
}

/**
 * The command list for `setMyCommands` in one language.
 *
 * @param language - the menu's language
 */
export function commandMenu(language: Language): Array<{ command: string; description: string }> {
  return TELEGRAM_COMMANDS.map((c) => ({ command: c.command, description: c.description[language] }));
}
