import { describe, expect, it } from 'vitest';
import { HISTORY_ENTRY_VERSION, historyEntriesOfTurn, readHistoryEntries } from '../../src/core/conversationHistory.js';
import type { Reply } from '../../src/core/messages.js';

const reply: Reply = { text: '有的。', buttons: [{ label: '菜单', action: 'menu' }], sources: [], fallback: false, language: 'zh' };

describe('conversation history', () => {
  it('records the message (text trimmed, or the action) and every reply of a turn', () => {
    const typed = historyEntriesOfTurn({ channel: 'web', userId: 'u', messageId: 'm', text: ' 买房有补贴吗 ' }, [reply, reply], 5);
    expect(typed).toEqual([
      { version: HISTORY_ENTRY_VERSION, role: 'user', at: 5, text: '买房有补贴吗' },
      { version: HISTORY_ENTRY_VERSION, role: 'bot', at: 5, reply },
      { version: HISTORY_ENTRY_VERSION, role: 'bot', at: 5, reply },
    ]);
    expect(historyEntriesOfTurn({ channel: 'web', userId: 'u', messageId: 'm', action: 'menu' }, [], 6)).toEqual([{ version: 1, role: 'user', at: 6, action: 'menu' }]);
  });

  it('reads what it wrote, and leaves out entries it cannot read (corrupt, unversioned, newer) instead of failing', () => {
    const written = historyEntriesOfTurn({ channel: 'web', userId: 'u', messageId: 'm', text: 'hi' }, [reply], 1);
    const stored: unknown[] = [null, 'text', { role: 'user', text: 'no version' }, ...written, { version: 99, role: 'user', at: 2, text: 'from a newer deploy' }, { version: 1, role: 'bot', at: 3, reply: { text: 1 } }];
    expect(readHistoryEntries(JSON.parse(JSON.stringify(stored)) as unknown[])).toEqual(written);
  });
});
