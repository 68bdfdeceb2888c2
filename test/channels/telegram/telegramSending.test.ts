import { autoRetry } from '@grammyjs/auto-retry';
import { Api } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { createActionTable } from '../../../src/channels/telegram/actionTable.js';
import { callSignal, createTelegramSender } from '../../../src/channels/telegram/telegramSending.js';
import { createManualClock } from '../../../src/core/clock.js';
import type { Reply } from '../../../src/core/messages.js';
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

/** The sender on a real grammY Api with auto-retry as the channel configures it (waits up to 30 s), against the fake. */
async function setup(maxReplyWaitMs?: number) {
  const fake = await startFakeBotApi();
  apis.push(fake);
  const api = new Api(FAKE_BOT_TOKEN, { apiRoot: fake.url });
  api.config.use(autoRetry({ maxDelaySeconds: 30, maxRetryAttempts: 3 }));
  const waits: number[] = [];
  const logger = recordingLogger();
  const sender = createTelegramSender({
    actions: createActionTable(createMemoryStore(createManualClock(0)).state),
    logger,
    describe: String,
    signal: () => callSignal(5_000),
    wait: async (ms) => void waits.push(ms),
    ...(maxReplyWaitMs !== undefined ? { maxReplyWaitMs } : {}),
  });
  return { fake, api, sender, waits, logger };
}

describe('Telegram sending: a 429 longer than auto-retry waits for', () => {
  it('waits retry_after and sends the rest of a multi-part reply, in order, nothing lost or doubled', async () => {
    const t = await setup();
    const long = Array.from({ length: 60 }, (_, i) => `第${i}段：武进区人才政策的一段较长说明，用来把回答撑过四千零九十六个字符的上限。`.repeat(2)).join('\n\n');
    const replies = [reply('您好！'), reply(long, [{ label: '返回菜单', action: 'menu' }])];
    // The second message (the first part of the long answer) is refused with 45 s > 30 s.
    await t.sender.sendReplies(t.api, CHAT, replies.slice(0, 1), 'm0');
    t.fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 45', parameters: { retry_after: 45 } });
    await t.sender.sendReplies(t.api, CHAT, replies.slice(1), 'm1');

    expect(t.waits).toEqual([45_000]);
    const sent = t.fake.messagesTo(CHAT);
    expect(sent.length).toBeGreaterThanOrEqual(3);
    expect(sent[0]!.visible).toBe('您好！');
    const parts = sent.slice(1).map((m) => m.visible).join('\n\n');
    expect(parts).toContain('第0段');
    expect(parts).toContain('第59段');
    expect(new Set(sent.map((m) => m.text)).size).toBe(sent.length);
    expect(sent.at(-1)!.keyboard.flat().map((b) => b.text)).toEqual(['返回菜单']);
    expect(t.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });

  it('gives up only beyond the most waiting per reply, and logs how many messages were not sent', async () => {
    const t = await setup(60_000);
    t.fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 45', parameters: { retry_after: 45 } }, 2);
    await t.sender.sendReplies(t.api, CHAT, [reply('一'), reply('二')], 'm2');
    expect(t.waits).toEqual([45_000]);
    expect(t.fake.messagesTo(CHAT)).toEqual([]);
    const error = t.logger.entries.find((e) => e.level === 'error');
    expect(error?.fields).toMatchObject({ unsent: 2, of: 2 });
  });
});
