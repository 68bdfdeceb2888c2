import { autoRetry } from '@grammyjs/auto-retry';
import { Api } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { createActionTable } from '../../../src/channels/telegram/actionTable.js';
import { toTelegramError } from '../../../src/channels/telegram/telegramErrors.js';
import { createTelegramReplyOutbox } from '../../../src/channels/telegram/telegramReplyOutbox.js';
import { callSignal, createTelegramSender } from '../../../src/channels/telegram/telegramSending.js';
import { createManualClock } from '../../../src/shared/clock.js';
import type { Reply } from '../../../src/core/messages.js';
import { createSendRateLimiter } from '../../../src/core/sendRateLimiter.js';
import { createMemoryStore } from '../../../src/store/memoryStore.js';
import { recordingLogger } from '../../leads/leadTestKit.js';
import { FAKE_BOT_TOKEN, startFakeBotApi, type FakeBotApi } from './fakeBotApi.js';

const CHAT = 4242;
const apis: FakeBotApi[] = [];
afterEach(async () => {
  await Promise.all(apis.splice(0).map((a) => a.close()));
});

function reply(text: string, buttons: Reply['buttons'] = []): Reply {
  return { text, buttons, sources: [], fallback: false, language: 'zh' };
}

/**
 * The sender on a real grammY Api with auto-retry as the channel configures it (waits up to
 * 30 s), against the fake, with the store's reply outbox and the sending limits on a manual
 * clock (its waits move the clock).
 */
async function setup() {
  const fake = await startFakeBotApi();
  apis.push(fake);
  const api = new Api(FAKE_BOT_TOKEN, { apiRoot: fake.url });
  api.config.use(autoRetry({ maxDelaySeconds: 30, maxRetryAttempts: 3 }));
  const clock = createManualClock('2026-03-01T00:00:00Z');
  const store = createMemoryStore(clock);
  const waits: number[] = [];
  const logger = recordingLogger();
  const outbox = createTelegramReplyOutbox({ store, clock, logger, send: (chatId, message) => sender.sendQueued(api, chatId, message) });
  const sender = createTelegramSender({
    actions: createActionTable(store.state),
    logger,
    describe: String,
    signal: () => callSignal(5_000),
    limits: createSendRateLimiter(store.state, clock),
    outbox,
    toError: (error) => toTelegramError(error, (text) => text),
    wait: async (ms) => {
      waits.push(ms);
      clock.advance(ms);
    },
  });
  return { fake, api, sender, waits, logger, clock, store, outbox };
}

const long = Array.from({ length: 60 }, (_, i) => `第${i}段：武进区人才政策的一段较长说明，用来把回答撑过四千零九十六个字符的上限。`.repeat(2)).join('\n\n');

describe('Telegram sending: limits and long waits', () => {
  it('sends at most one message a second to a chat: a reply in three messages waits a second before each of the next two', async () => {
    const t = await setup();
    await t.sender.sendReplies(t.api, CHAT, [reply('您好！'), reply(long, [{ label: '返回菜单', action: 'menu' }])], 'm0');
    const sent = t.fake.messagesTo(CHAT);
    expect(sent.length).toBe(3);
    expect(t.waits).toEqual([1_000, 1_000]);
    expect(sent[0]!.visible).toBe('您好！');
    expect(sent.slice(1).map((m) => m.visible).join('\n\n')).toContain('第59段');
    expect(sent.at(-1)!.keyboard.flat().map((b) => b.text)).toEqual(['返回菜单']);
  });

  it('a 429 beyond 30 s hands the rest of the reply to the outbox; later replies queue behind it; all arrive in order, once', async () => {
    const t = await setup();
    await t.sender.sendReplies(t.api, CHAT, [reply('您好！')], 'm0');
    t.clock.advance(1_000);
    t.fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 45', parameters: { retry_after: 45 } });
    await t.sender.sendReplies(t.api, CHAT, [reply(long, [{ label: '返回菜单', action: 'menu' }])], 'm1');
    // Not waited in the turn: the rest is in the outbox, due at retry_after.
    expect(t.waits).toEqual([]);
    expect(t.fake.messagesTo(CHAT)).toHaveLength(1);
    await t.sender.sendReplies(t.api, CHAT, [reply('后来的回答')], 'm2');
    expect(t.fake.messagesTo(CHAT)).toHaveLength(1);
    expect(await t.outbox.worker.drain()).toBe(0);

    t.clock.advance(45_000);
    await t.outbox.worker.drain();
    const sent = t.fake.messagesTo(CHAT);
    expect(sent).toHaveLength(4);
    expect(sent[0]!.visible).toBe('您好！');
    expect(sent[1]!.visible.startsWith('第0段')).toBe(true);
    expect(sent[3]!.visible).toBe('后来的回答');
    expect(sent.slice(1, 3).map((m) => m.visible).join('\n\n')).toContain('第59段');
    expect(new Set(sent.map((m) => m.text)).size).toBe(sent.length);
    expect(sent[2]!.keyboard.flat().map((b) => b.text)).toEqual(['返回菜单']);
    expect(await t.outbox.worker.drain()).toBe(0);
    expect(t.fake.messagesTo(CHAT)).toHaveLength(4);
  });

  it('the outbox honours a second long 429 and goes on where it stopped', async () => {
    const t = await setup();
    t.fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 60', parameters: { retry_after: 60 } });
    await t.sender.sendReplies(t.api, CHAT, [reply('一'), reply('二'), reply('三')], 'm3');
    t.clock.advance(60_000);
    t.fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 120', parameters: { retry_after: 120 } }, 1);
    // The first queued message goes; the second is refused with 120 s.
    const accepted = t.fake.callsOf('sendMessage').length;
    await t.outbox.worker.drain();
    expect(t.fake.callsOf('sendMessage').length).toBeGreaterThan(accepted);
    t.clock.advance(120_000);
    await t.outbox.worker.drain();
    expect(t.fake.messagesTo(CHAT).map((m) => m.visible)).toEqual(['一', '二', '三']);
  });

  it('a 403 (the user blocked the bot) is not retried: logged, and nothing waits in the outbox', async () => {
    const t = await setup();
    t.fake.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await t.sender.sendReplies(t.api, CHAT, [reply('一'), reply('二')], 'm4');
    expect(t.fake.callsOf('sendMessage')).toHaveLength(1);
    expect(t.logger.entries.find((e) => e.level === 'error')?.fields).toMatchObject({ unsent: 2, of: 2 });
    expect(await t.outbox.hasBacklog(CHAT)).toBe(false);
    t.clock.advance(3600_000);
    expect(await t.outbox.worker.drain()).toBe(0);
    expect(t.fake.messagesTo(CHAT)).toEqual([]);
  });
});
