import { describe, expect, it } from 'vitest';
import { commandMenu, TELEGRAM_COMMANDS } from '../../../src/channels/telegram/telegramCommands.js';
import { parseActionCommand, parseTextCommand } from '../../../src/core/parseCommand.js';

describe('the bot commands', () => {
  it('are registered in both languages with descriptions Telegram accepts', () => {
    for (const language of ['zh', 'en'] as const) {
      const menu = commandMenu(language);
      expect(menu.map((c) => c.command)).toEqual(['start', 'help', 'apply', 'calendar', 'mydata', 'forget', 'lang']);
      for (const { command, description } of menu) {
        expect(command).toMatch(/^[a-z0-9_]{1,32}$/);
        expect(description.length).toBeGreaterThanOrEqual(1);
        expect(description.length).toBeLessThanOrEqual(256);
      }
    }
  });

  it('each mean something the engine understands', () => {
    for (const command of TELEGRAM_COMMANDS) {
      const input = command.toInput('');
      const understood = 'text' in input ? parseTextCommand(input.text) : parseActionCommand(input.action);
      expect(understood, command.command).toBeDefined();
    }
    expect(parseTextCommand('/lang en')).toEqual({ kind: 'language', language: 'en' });
  });
});
