import { describe, expect, it } from 'vitest';
import { conversationKey, createEngine } from '../../src/core/engine.js';
import { InputError } from '../../src/shared/errors.js';
import type { Logger } from '../../src/shared/logger.js';
import type { InboundMessage } from '../../src/core/messages.js';
import { fixedKnowledge } from '../../src/knowledge/knowledgeBase.js';
import type { StateStore, Store } from '../../src/store/contract.js';
import { createPlainTurnStore } from '../../src/store/plainTurnStore.js';
import { createTestBot, createTestEngine } from '../helpers/testApp.js';

let counter = 0;
const text = (userId: string, value: string, extra: Partial<InboundMessage> = {}): InboundMessage => ({
  channel: 'test',
  userId,
  messageId: `m${++counter}`,
  text: value,
  ...extra,
});

/** A store whose reads are slow, so unserialised turns would interleave and lose updates. */
function withSlowReads(store: Store, ms: number): Store {
  const state: StateStore = {
    ...store.state,
    get: async (key) => {
      const value = await store.state.get(key);
      await new Promise((r) => setTimeout(r, ms));
      return value;
    },
  };
  return { ...store, state, turns: createPlainTurnStore({ locks: store.locks, state, lists: store.lists }) };
}

describe('engine', () => {
  it('handles one user’s concurrent turns one at a time, in arrival order', async () => {
    const bot = await createTestBot();
    const handled: string[] = [];
    const recording: Logger = { info: () => {}, warn: () => {}, error: () => {}, debug: (fields) => handled.push((fields as { messageId: string }).messageId) };
    const engine = createEngine({ clock: bot.clock, store: withSlowReads(bot.store, 5), knowledge: fixedKnowledge(bot.knowledge), profile: bot.profile, logger: recording });
    const messages = Array.from({ length: 12 }, (_, i) => text('same-user', i % 2 ? '买房有补贴吗' : 'Which industries do you focus on?'));
    const replies = await Promise.all(messages.map((m) => engine.handle(m)));

    expect(handled).toEqual(messages.map((m) => m.messageId));
    expect(replies.map((r) => r[0]?.language)).toEqual(messages.map((_, i) => (i % 2 ? 'zh' : 'en')));
    const state = (await bot.store.state.get(conversationKey('test', 'same-user'))) as { turns: number };
    expect(state.turns).toBe(12);
  });

  it('does not make different users wait for each other', async () => {
    const bot = await createTestBot();
    const engine = createEngine({ clock: bot.clock, store: bot.store, knowledge: fixedKnowledge(bot.knowledge), profile: bot.profile });
    let release!: () => void;
    const blocked = bot.store.locks.withLock(conversationKey('test', 'a'), () => new Promise<void>((r) => (release = r)));
    const other = await engine.handle(text('b', '人才贷是什么'));
    expect(other[0]?.sources[0]?.topic).toBe('talent_loan');
    release();
    await blocked;
  });

  it('answers in the language of the question, with its source and as-of date', async () => {
    const { engine } = await createTestEngine();
    const [zh] = await engine.handle(text('u1', '买房有补贴吗'));
    expect(zh).toMatchObject({ language: 'zh', fallback: false });
    expect(zh?.text).toContain('50万');
    expect(zh?.sources[0]).toMatchObject({ topic: 'housing_subsidy', asOf: '2024-10-23' });
    expect(zh?.sources[0]?.id).toMatch(/\.zh$/);

    const [en] = await engine.handle(text('u1', 'Which industries do you focus on?'));
    expect(en).toMatchObject({ language: 'en', fallback: false });
    expect(en?.sources[0]?.topic).toBe('target_industries');
    expect(en?.sources[0]?.id).toMatch(/\.en$/);
  });

  it('shows the menu for start/help in every spelling, with buttons that work', async () => {
    const { engine } = await createTestEngine();
    for (const command of ['/start', '/help', '帮助', 'menu', '菜单', '/start@talentbot']) {
      const [menu] = await engine.handle(text('u2', command));
      expect(menu?.buttons.length, command).toBeGreaterThan(3);
      expect(menu?.sources).toEqual([]);
    }
    const [menu] = await engine.handle(text('u2', '/start'));
    const calendarButton = menu!.buttons.find((b) => b.action === 'topic:calendar');
    const [calendar] = await engine.handle({ channel: 'test', userId: 'u2', messageId: 'press', action: calendarButton!.action });
    expect(calendar?.sources[0]?.topic).toBe('calendar');
  });

  it('switches language by command and by button, and remembers it for menus', async () => {
    const { engine } = await createTestEngine();
    const [switched] = await engine.handle(text('u3', 'English'));
    expect(switched?.language).toBe('en');
    expect(switched?.buttons.some((b) => b.action === 'lang:zh')).toBe(true);
    const [menu] = await engine.handle(text('u3', '/help'));
    expect(menu?.language).toBe('en');
    const [back] = await engine.handle({ channel: 'test', userId: 'u3', messageId: 'b1', action: 'lang:zh' });
    expect(back?.language).toBe('zh');
    const [toggled] = await engine.handle(text('u3', '/lang'));
    expect(toggled?.language).toBe('en');
  });

  it('uses the platform language hint until the user writes', async () => {
    const { engine } = await createTestEngine();
    const [menu] = await engine.handle({ channel: 'test', userId: 'u4', messageId: 'x', action: 'menu', languageHint: 'en' });
    expect(menu?.language).toBe('en');
  });

  it('falls back without claiming a source, offering a person', async () => {
    const { engine } = await createTestEngine();
    const [reply] = await engine.handle(text('u5', '明天常州天气怎么样'));
    expect(reply).toMatchObject({ fallback: true, sources: [] });
    expect(reply?.buttons.map((b) => b.action)).toContain('topic:human_contact');
    const [person] = await engine.handle({ channel: 'test', userId: 'u5', messageId: 'p', action: 'topic:human_contact' });
    expect(person).toMatchObject({ fallback: false });
    expect(person?.sources[0]?.topic).toBe('human_contact');
  });

  it('answers an unknown button with the menu, and an empty message with a hint', async () => {
    const { engine } = await createTestEngine();
    const [unknown] = await engine.handle({ channel: 'test', userId: 'u6', messageId: 'a', action: 'no-such-action' });
    expect(unknown?.buttons.length).toBeGreaterThan(3);
    const [empty] = await engine.handle(text('u6', '   '));
    expect(empty?.sources).toEqual([]);
    expect(empty?.fallback).toBe(false);
  });

  it('rejects malformed messages with InputError and stores nothing', async () => {
    const { engine, store } = await createTestEngine();
    await expect(engine.handle({ channel: 'test', userId: 'u7', messageId: 'x' } as InboundMessage)).rejects.toBeInstanceOf(InputError);
    await expect(engine.handle({ ...text('u7', 'a'), action: 'menu' })).rejects.toBeInstanceOf(InputError);
    await expect(engine.handle(text('u7', 'x'.repeat(2001)))).rejects.toBeInstanceOf(InputError);
    expect(await store.state.get(conversationKey('test', 'u7'))).toBeUndefined();
  });

  it('forgets a conversation after its time to live', async () => {
    const bot = await createTestBot();
    const engine = createEngine({ clock: bot.clock, store: bot.store, knowledge: fixedKnowledge(bot.knowledge), profile: bot.profile, conversationTtlMs: 60_000 });
    await engine.handle(text('u8', 'English'));
    expect(await bot.store.state.get(conversationKey('test', 'u8'))).toMatchObject({ language: 'en', version: 2 });
    bot.clock.advance(61_000);
    expect(await bot.store.state.get(conversationKey('test', 'u8'))).toBeUndefined();
  });

  it('marks needs-review answers and never states the start-up grant ceiling', async () => {
    const { engine } = await createTestEngine();
    const questions = ['创业资助最高多少钱？', '获奖项目能拿到多少创业资助', '創業資助上限', 'How much is the start-up grant?', 'maximum startup funding for winners', '一揽子政策包括哪些', 'What benefits are in the talent package?'];
    for (const question of questions) {
      const replies = await engine.handle(text('u9', question));
      expect(replies[0]?.fallback, question).toBe(false);
      for (const reply of replies) {
        if (reply.sources[0]?.topic === 'startup_funding') expect(reply.text, question).not.toMatch(/\d|百万|千万|million/iu);
        // Wherever the grant is named, no figure stands on the same line.
        for (const line of reply.text.split('\n').filter((l) => /创业资助|start-up grant|startup grant/iu.test(l))) {
          expect(line, question).not.toMatch(/\d|百万|千万|million/iu);
        }
      }
    }
    const [grant] = await engine.handle(text('u9', '创业资助有多少'));
    expect(grant?.sources[0]?.topic).toBe('startup_funding');
    expect(grant?.buttons.map((b) => b.action)).toContain('topic:human_contact');
  });

  it('handles a message id once: a repeat gets the first replies and changes nothing', async () => {
    const { engine, store } = await createTestEngine();
    const first = await engine.handleOnce({ channel: 'test', userId: 'dup', messageId: 'same-id', text: '买房有补贴吗' });
    const again = await engine.handleOnce({ channel: 'test', userId: 'dup', messageId: 'same-id', text: '买房有补贴吗' });
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ replies: first.replies, duplicate: true });
    expect(await store.state.get(conversationKey('test', 'dup'))).toMatchObject({ turns: 1 });
  });
});
