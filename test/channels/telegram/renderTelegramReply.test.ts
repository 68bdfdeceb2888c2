import { describe, expect, it } from 'vitest';
import { layoutKeyboard, renderTelegramReply } from '../../../src/channels/telegram/renderTelegramReply.js';
import type { Reply } from '../../../src/core/messages.js';

const reply = (overrides: Partial<Reply> = {}): Reply => ({ text: '**购房补贴**：最高 50万。', buttons: [], sources: [], fallback: false, language: 'zh', ...overrides });
const source = { id: 'housing-subsidy.zh', topic: 'housing_subsidy', title: '购房补贴 <A&B>', asOf: '2024-10-23', publisher: '常州市武进区人民政府' };
const same = (action: string) => action;

describe('rendering a reply for Telegram', () => {
  it('adds the source line with title, publisher and as-of date, escaped, in the reply language', () => {
    expect(renderTelegramReply(reply({ sources: [source] }), same)).toEqual([
      { html: '<b>购房补贴</b>：最高 50万。\n\n<i>来源：购房补贴 &lt;A&amp;B&gt;（常州市武进区人民政府）· 截至 2024-10-23</i>' },
    ]);
    const [en] = renderTelegramReply(reply({ text: 'Yes.', language: 'en', sources: [source] }), same);
    expect(en!.html).toBe('Yes.\n\n<i>Source: 购房补贴 &lt;A&amp;B&gt; (常州市武进区人民政府) · as of 2024-10-23</i>');
  });

  it('puts the keyboard under the last message only, with the callback data it is given', () => {
    const long = reply({ text: `${'a'.repeat(60)}\n\n${'b'.repeat(60)}`, buttons: [{ label: '菜单', action: 'menu' }] });
    const messages = renderTelegramReply(long, (action) => `data:${action}`, 100);
    expect(messages).toHaveLength(2);
    expect(messages[0]!.keyboard).toBeUndefined();
    expect(messages[1]!.keyboard).toEqual([[{ text: '菜单', callback_data: 'data:menu' }]]);
  });

  it('puts the source line in a message of its own when the last one is full', () => {
    const messages = renderTelegramReply(reply({ text: 'x'.repeat(90), sources: [source] }), same, 100);
    expect(messages.map((m) => m.html)).toEqual(['x'.repeat(90), '<i>来源：购房补贴 &lt;A&amp;B&gt;（常州市武进区人民政府）· 截至 2024-10-23</i>']);
  });

  it('never sends an empty text', () => {
    expect(renderTelegramReply(reply({ text: '  ', buttons: [{ label: 'OK', action: 'menu' }] }), same)).toEqual([{ html: '…', keyboard: [[{ text: 'OK', callback_data: 'menu' }]] }]);
  });

  it('lays short labels out two to a row and long ones alone, in order', () => {
    const buttons = ['赛事日历', '重点产业', 'Check my eligibility now please', '中文', 'English', 'Talk'].map((label, i) => ({ label, action: `a${i}` }));
    expect(layoutKeyboard(buttons, same).map((row) => row.map((b) => b.text))).toEqual([['赛事日历', '重点产业'], ['Check my eligibility now please'], ['中文', 'English'], ['Talk']]);
  });
});
