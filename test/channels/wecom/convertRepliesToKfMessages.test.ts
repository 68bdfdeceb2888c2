import { describe, expect, it } from 'vitest';
import type { KfMessageContent } from '../../../src/channels/wecom/api.js';
import { convertRepliesToKfMessages, KF_TEXT_MAX_BYTES, type KfReplyParts } from '../../../src/channels/wecom/convertRepliesToKfMessages.js';
import { actionForMenuId, menuIdForAction } from '../../../src/channels/wecom/offeredActions.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { createMemoryStore } from '../../../src/store/memoryStore.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const text = (t: string): KfReplyParts => ({ text: t, buttons: [], language: 'zh' });
const shown = (m: KfMessageContent) => (m.msgtype === 'text' ? m.text.content : (m.msgmenu.head_content ?? ''));

describe('convertRepliesToKfMessages', () => {
  it('folds several short replies into one message', () => {
    const plan = convertRepliesToKfMessages([text('第一段'), text('第二段'), { text: '请选择', buttons: [{ id: 'menu', label: '菜单' }], language: 'zh' }]);
    expect(plan).toEqual({
      messages: [{ msgtype: 'msgmenu', msgmenu: { head_content: '第一段\n\n第二段\n\n请选择', list: [{ type: 'click', click: { id: 'menu', content: '菜单' } }] } }],
      omittedBytes: 0,
    });
  });

  it('splits a long text at 2,048 bytes, in order, byte-exact', () => {
    const long = Array.from({ length: 300 }, (_, i) => `- 第${i}条：武进区人才政策说明`).join('\n');
    const plan = convertRepliesToKfMessages([text(long)], 10);
    expect(plan.messages.length).toBe(7);
    expect(plan.omittedBytes).toBe(0);
    expect(plan.messages.every((m) => m.msgtype === 'text' && bytes(m.text.content) <= KF_TEXT_MAX_BYTES)).toBe(true);
    expect(plan.messages.map(shown).join('')).toBe(long);
  });

  it('puts a text too long for a menu head before the menu, and splits more than ten buttons', () => {
    const buttons = Array.from({ length: 12 }, (_, i) => ({ id: `b${i}`, label: `选项${i}` }));
    const plan = convertRepliesToKfMessages([{ text: '说'.repeat(400), buttons, language: 'zh' }]);
    expect(plan.messages.map((m) => m.msgtype)).toEqual(['text', 'msgmenu', 'msgmenu']);
    const [, first, second] = plan.messages as [KfMessageContent, Extract<KfMessageContent, { msgtype: 'msgmenu' }>, Extract<KfMessageContent, { msgtype: 'msgmenu' }>];
    expect(first.msgmenu).toMatchObject({ head_content: '请选择：' });
    expect(first.msgmenu.list).toHaveLength(10);
    expect(second.msgmenu).toMatchObject({ head_content: '更多选项：' });
    expect(second.msgmenu.list.map((i) => i.click.id)).toEqual(['b10', 'b11']);
  });

  it('shortens labels to 128 bytes', () => {
    const plan = convertRepliesToKfMessages([{ text: 'x', buttons: [{ id: 'a', label: '很长的按钮'.repeat(20) }], language: 'zh' }]);
    const item = (plan.messages[0] as Extract<KfMessageContent, { msgtype: 'msgmenu' }>).msgmenu.list[0]!;
    expect(bytes(item.click.content)).toBeLessThanOrEqual(128);
    expect(item.click.content.endsWith('…')).toBe(true);
  });

  it('merges a turn that needs more than the messages allowed, losing nothing when it fits', () => {
    const replies = Array.from({ length: 6 }, (_, i) => ({ text: `第${i}条回答：${'内容'.repeat(40)}`, buttons: [{ id: `b${i}`, label: `选项${i}` }], language: 'zh' as const }));
    expect(convertRepliesToKfMessages(replies, 99).messages).toHaveLength(6);
    const plan = convertRepliesToKfMessages(replies, 5);
    expect(plan.omittedBytes).toBe(0);
    expect(plan.messages.length).toBeLessThanOrEqual(5);
    const menu = plan.messages.at(-1) as Extract<KfMessageContent, { msgtype: 'msgmenu' }>;
    expect(menu.msgmenu.list.map((i) => i.click.id)).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'b5']);
    const shown = plan.messages.map((m) => (m.msgtype === 'text' ? m.text.content : (m.msgmenu.head_content ?? ''))).join('\n');
    for (let i = 0; i < 6; i++) expect(shown).toContain(`第${i}条回答`);
  });

  it('beyond what fits, keeps the start, the source line and the menu, and says the middle is left out', () => {
    const source = '〔来源：购房补贴（常州市武进区人民政府），截至 2024-10-23〕';
    const long = Array.from({ length: 40 }, (_, i) => `第${i}段：${'满'.repeat(100)}`).join('\n');
    const replies = [{ text: `${long}\n\n${source}`, buttons: [{ id: 'menu', label: '菜单' }], language: 'zh' as const }];
    for (const budget of [5, 2, 1]) {
      const plan = convertRepliesToKfMessages(replies, budget);
      expect(plan.messages).toHaveLength(budget);
      expect(plan.omittedBytes).toBeGreaterThan(0);
      const menu = plan.messages.at(-1) as Extract<KfMessageContent, { msgtype: 'msgmenu' }>;
      expect(menu.msgtype).toBe('msgmenu');
      expect(menu.msgmenu.list.map((i) => i.click.id)).toEqual(['menu']);
      expect(bytes(menu.msgmenu.head_content ?? '')).toBeLessThanOrEqual(1024);
      for (const m of plan.messages) if (m.msgtype === 'text') expect(bytes(m.text.content)).toBeLessThanOrEqual(2048);
      const shown = plan.messages.map((m) => (m.msgtype === 'text' ? m.text.content : (m.msgmenu.head_content ?? ''))).join('\n');
      expect(shown.startsWith('第0段')).toBe(true);
      expect(shown).toContain('未能显示中间部分');
      expect(shown.endsWith(source)).toBe(true);
    }
    expect(convertRepliesToKfMessages(replies, 0).messages).toEqual([]);
  });
});

describe('kf menu ids', () => {
  it('an action up to 64 bytes is its own id; a longer one maps back through the store', async () => {
    const store = createMemoryStore(createManualClock(0)).state;
    expect(await menuIdForAction(store, 'answer:industry:integrated_circuits')).toBe('answer:industry:integrated_circuits');
    const long = `flow:edit:${'x'.repeat(100)}`;
    const id = await menuIdForAction(store, long);
    expect(bytes(id)).toBeLessThanOrEqual(64);
    expect(await actionForMenuId(store, id)).toBe(long);
    expect(await actionForMenuId(store, '#unknown')).toBeUndefined();
  });
});
