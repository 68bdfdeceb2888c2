/**
 * The bot's slash commands: what Telegram shows in its command menu (registered with
 * `setMyCommands`, https://core.telegram.org/bots/api#setmycommands, in Chinese and
 * English) and what each one means to the engine — a typed command it understands or a
 * button action.
 */
import { localeView, type Namespaces } from '../../i18n/locales.js';
import { LANGUAGES, type Language } from '../../shared/language.js';

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

/** A command's description in every language (`locales/<language>/telegram.json`, `commands`). */
function describe(command: keyof Namespaces['telegram']['commands']): Record<Language, string> {
  return Object.fromEntries(LANGUAGES.map((language) => [language, localeView(language, 'telegram').all.commands[command]])) as Record<Language, string>;
}

/** The commands, in menu order. */
export const TELEGRAM_COMMANDS: readonly TelegramCommand[] = [
  { command: 'start', description: describe('start'), toInput: () => ({ text: '/start' }) },
  { command: 'help', description: describe('help'), toInput: () => ({ text: '/help' }) },
  { command: 'apply', description: describe('apply'), toInput: () => ({ action: 'flow:start:eligibility' }) },
  { command: 'calendar', description: describe('calendar'), toInput: () => ({ action: 'topic:calendar' }) },
  { command: 'mydata', description: describe('mydata'), toInput: () => ({ text: '/mydata' }) },
  { command: 'forget', description: describe('forget'), toInput: () => ({ text: '/forget' }) },
  {
    command: 'lang',
    description: describe('lang'),
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
