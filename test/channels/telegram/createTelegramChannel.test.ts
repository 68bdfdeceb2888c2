/**
 * The Telegram channel end to end: real grammY (runner, auto-retry) against the local fake
 * Bot API, over the real app with the shipped knowledge and flows, in both modes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readAnswerFeedback } from '../../../src/admin/feedback/answerFeedbackLog.js';
import { actionTableKey } from '../../../src/channels/telegram/actionTable.js';
import { FEEDBACK_TEXTS } from '../../../src/channels/telegram/feedbackButtons.js';
import { updateClaimKey } from '../../../src/channels/telegram/claimUpdate.js';
import { EXPIRED_BUTTON_ACTION } from '../../../src/channels/telegram/createTelegramChannel.js';
import { TELEGRAM_TEXTS } from '../../../src/channels/telegram/telegramTexts.js';
import type { Engine } from '../../../src/core/engine.js';
import type { InboundMessage, Reply } from '../../../src/core/messages.js';
import { readLead } from '../../../src/leads/readLead.js';
import { FAKE_BOT_TOKEN } from './fakeBotApi.js';
import { PARTNER_CHAT_ID, startTelegramTestBed, type TelegramTestBed, type TelegramTestBedOptions } from './telegramTestKit.js';

const beds: TelegramTestBed[] = [];
afterEach(async () => {
  // Second instances first: they share the first one's fake API and store.
  for (const bed of beds.splice(0).reverse()) await bed.close();
});

async function start(mode: 'polling' | 'webhook', options?: TelegramTestBedOptions): Promise<TelegramTestBed> {
  const bed = await startTelegramTestBed(mode, options);
  beds.push(bed);
  return bed;
}

const visible = (messages: ReadonlyArray<{ visible: string }>) => messages.map((m) => m.visible).join('\n---\n');

/** An engine that answers with what a test needs, recording what it was given. */
function scriptedEngine(respond: (inbound: InboundMessage) => Reply[]): Engine & { received: InboundMessage[] } {
  const received: InboundMessage[] = [];
  const engine = {
    received,
    handle: async (inbound: InboundMessage) => (await engine.handleOnce(inbound)).replies,
    handleOnce: async (inbound: InboundMessage) => {
      received.push(inbound);
      return { replies: respond(inbound), duplicate: false };
    },
    history: async () => [],
    rate: async () => true,
  };
  return engine;
}

describe.each(['polling', 'webhook'] as const)('Telegram channel (%s)', (mode) => {
  it('registers the commands in zh and en, and answers /start with the menu and its buttons', async () => {
    const bed = await start(mode);
    const commands = bed.api.callsOf('setMyCommands');
    expect(commands.map((c) => c.params.language_code ?? 'default').sort()).toEqual(['default', 'en', 'zh']);
    const zh = commands.find((c) => c.params.language_code === 'zh')!.params.commands as Array<{ command: string; description: string }>;
    expect(zh.map((c) => c.command)).toEqual(['start', 'help', 'apply', 'calendar', 'mydata', 'forget', 'lang']);
    expect(zh[3]!.description).toBe('赛事日历');
    if (mode === 'webhook') {
      expect(bed.api.webhookUrl()).toBe('https://talent.example.gov.cn/telegram/webhook');
      expect(bed.api.callsOf('setWebhook')[0]!.params).toMatchObject({ secret_token: 'test-webhook-secret_0123456789', allowed_updates: ['message', 'callback_query'] });
    } else {
      expect(bed.api.callsOf('deleteWebhook')).toHaveLength(1);
    }

    const replies = await bed.user(101).send('/start');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.visible).toContain('您好');
    const buttons = replies[0]!.keyboard.flat();
    expect(buttons.map((b) => b.callback_data)).toEqual(expect.arrayContaining(['topic:calendar', 'flow:start:eligibility', 'lang:en']));
    expect(bed.api.callsOf('sendMessage')[0]!.params).toMatchObject({ chat_id: 101, parse_mode: 'HTML' });
  });

  it('answers a policy question with its source, and a command with its topic, in the user\'s language', async () => {
    const bed = await start(mode);
    const zh = bed.user(102);
    const [answer] = await zh.send('买房有补贴吗？');
    expect(answer!.visible).toContain('50万');
    expect(answer!.visible).toMatch(/来源：.+（.+）· 截至 \d{4}-\d{2}-\d{2}/);
    expect(answer!.text).toMatch(/<i>来源：[^<]+<\/i>$/);

    const en = bed.user(103, 'en-GB');
    const [calendar] = await en.send('/calendar');
    expect(calendar!.visible).toMatch(/Source: .+ · as of \d{4}-\d{2}-\d{2}/);
    const [switched] = await en.send('/lang zh');
    expect(switched!.visible).toContain('已切换为中文');
  });

  it('puts 👍 / 👎 under a sourced answer; a press is recorded once, answered with a toast, and the row is taken off', async () => {
    const bed = await start(mode);
    const user = bed.user(104);
    const [answer] = await user.send('买房有补贴吗？');
    expect(answer!.keyboard[0]!.map((b) => b.text)).toEqual(['👍', '👎']);
    const [menu] = await user.send('/start');
    expect(menu!.keyboard.flat().map((b) => b.text)).not.toContain('👍');

    const before = answer!.keyboard.length;
    expect(await user.press('feedback:down:housing-subsidy.zh')).toEqual([]);
    const toast = () => bed.api.callsOf('answerCallbackQuery').at(-1)!.params.text;
    expect(toast()).toBe(FEEDBACK_TEXTS.thanks);
    const edited = bed.api.callsOf('editMessageReplyMarkup').at(-1)!.params;
    expect(edited.message_id).toBe(answer!.messageId);
    const rows = (edited.reply_markup as { inline_keyboard: Array<Array<{ text: string }>> }).inline_keyboard;
    expect(rows).toHaveLength(before - 1);
    expect(rows.flat().map((b) => b.text)).not.toContain('👎');

    expect(await user.press('feedback:up:housing-subsidy.zh')).toEqual([]);
    expect(toast()).toBe(FEEDBACK_TEXTS.already);
    const records = await readAnswerFeedback(bed.store);
    expect(records.map((r) => [r.question, r.entryId, r.channel, r.rating])).toEqual([['买房有补贴吗？', 'housing-subsidy.zh', 'telegram', 'down']]);
    expect(Object.keys(records[0]!).sort()).toEqual(['at', 'channel', 'entryId', 'question', 'rating', 'version']);
  });

  it('runs the eligibility check by button presses to a lead the partner acknowledges with its button', async () => {
    const bed = await start(mode);
    const user = bed.user(104);
    const consent = await user.send('/apply');
    expect(visible(consent)).toContain('隐私说明');
    expect(consent.at(-1)!.text).toContain('• <b>收集什么</b>：');
    await user.press('answer:consent:accept');
    await user.press('answer:industry:integrated_circuits');
    await user.press('answer:degree:phd');
    await user.press('answer:role:founder');
    await user.press('answer:stage:prototype');
    await user.press('answer:core_tech:patents');
    await user.send('5');
    await user.send('有');
    await user.press('answer:intention:within_1y');
    await user.send('明年');
    await user.press('answer:event:any');
    await user.send('<b>Zhang & Co</b>');
    const summary = await user.send('13812345678');
    // The user's input is shown as typed, never as markup.
    expect(visible(summary)).toContain('<b>Zhang & Co</b>');
    expect(summary.map((m) => m.text).join('')).toContain('&lt;b&gt;Zhang &amp; Co&lt;/b&gt;');
    const done = await user.press('flow:confirm');
    expect(visible(done)).toContain('集成电路引才合伙人');

    const [stored] = await bed.store.leads.listLeads();
    const lead = readLead(stored!);
    expect(lead).toMatchObject({ channel: 'telegram', userId: '104', outcome: 'qualified', partnerId: 'ic-partner', status: 'new' });
    expect(lead.contact).toEqual({ name: '<b>Zhang & Co</b>', phone: '13812345678' });

    expect(await bed.deliverLeads()).toBeGreaterThan(0);
    const [delivered] = bed.api.messagesTo(PARTNER_CHAT_ID);
    // A partner group reads the message: the number is masked (the signed link shows it after acknowledging).
    expect(delivered!.visible).toContain('138****5678');
    expect(delivered!.visible).not.toContain('13812345678');
    expect(delivered!.keyboard).toEqual([[{ text: '确认接收 / Acknowledge', callback_data: `ack:${lead.id}` }]]);

    // Pressed in another group: refused, nothing recorded.
    const wrong = await bed.pressAsPartner(delivered!, { id: -100999, type: 'supergroup' });
    expect(bed.api.callsOf('answerCallbackQuery').find((c) => c.params.callback_query_id === wrong)!.params.text).toBe(TELEGRAM_TEXTS.ackWrongChat);
    expect(readLead((await bed.store.leads.getLead(lead.id))!).status).toBe('delivered');

    const right = await bed.pressAsPartner(delivered!, { id: PARTNER_CHAT_ID, type: 'supergroup' });
    expect(bed.api.callsOf('answerCallbackQuery').find((c) => c.params.callback_query_id === right)!.params.text).toBe(TELEGRAM_TEXTS.ackDone);
    const acknowledged = readLead((await bed.store.leads.getLead(lead.id))!);
    expect(acknowledged).toMatchObject({ status: 'acknowledged', acknowledgedAt: bed.clock.now() });
    expect(acknowledged.history.at(-1)).toMatchObject({ event: 'acknowledged', partnerId: 'ic-partner', detail: 'via telegram' });
    expect(bed.api.callsOf('editMessageReplyMarkup').at(-1)!.params).toMatchObject({ chat_id: PARTNER_CHAT_ID, message_id: delivered!.messageId, reply_markup: { inline_keyboard: [] } });

    const again = await bed.pressAsPartner(delivered!, { id: PARTNER_CHAT_ID, type: 'supergroup' });
    expect(bed.api.callsOf('answerCallbackQuery').find((c) => c.params.callback_query_id === again)!.params.text).toBe(TELEGRAM_TEXTS.ackAlready);
    // Every press was answered, the user's and the partner's.
    const presses = bed.api.callsOf('answerCallbackQuery').length;
    expect(presses).toBe(9 + 3);
  });

  it('answers a button press at once, even while a turn of the same chat is still running', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const reply: Reply = { text: 'ok', buttons: [{ label: 'Calendar', action: 'topic:calendar' }], sources: [], fallback: false, language: 'zh' };
    const engine: Engine = {
      handle: async (inbound) => (await engine.handleOnce(inbound)).replies,
      handleOnce: async (inbound) => {
        if (inbound.text === 'slow') await gate;
        return { replies: [reply], duplicate: false };
      },
      history: async () => [],
      rate: async () => true,
    };
    const bed = await start(mode, { engine });
    const user = bed.user(111);
    await user.send('first');
    const slow = user.send('slow');
    const pressed = user.press('topic:calendar');
    // The spinner stops while the slow turn still runs; the press's own turn waits behind it.
    await vi.waitFor(() => expect(bed.api.callsOf('answerCallbackQuery')).toHaveLength(1), { timeout: 5_000, interval: 20 });
    release();
    await slow;
    await pressed;
    expect(bed.api.callsOf('answerCallbackQuery')).toHaveLength(1);
  });

  it('splits a long answer at paragraph boundaries, escapes content, and keeps long actions in the action table', async () => {
    const paragraphs = Array.from({ length: 9 }, (_, i) => `**Paragraph ${i + 1}** <${'x'.repeat(20)}> & "quoted"\n- ${'政策内容'.repeat(230)}`);
    const longAction = `answer:custom:${'y'.repeat(90)}`;
    const engine = scriptedEngine((inbound) => [
      {
        text: inbound.action === longAction ? 'You pressed the long one.' : paragraphs.join('\n\n'),
        buttons: [{ label: 'Long', action: longAction }, { label: 'Menu', action: 'menu' }],
        sources: [{ id: 'a.zh', topic: 'a', title: '标题 <A&B>', asOf: '2024-10-23', publisher: '常州市武进区人民政府' }],
        fallback: false,
        language: 'zh',
      },
    ]);
    const bed = await start(mode, { engine });
    const user = bed.user(105);
    const messages = await user.send('long please <script>&');
    expect(engine.received[0]).toMatchObject({ channel: 'telegram', userId: '105', text: 'long please <script>&', languageHint: 'zh' });

    expect(messages.length).toBe(3);
    for (const message of messages) {
      expect(message.text.length).toBeLessThanOrEqual(4096);
      expect(message.visible).toMatch(/^Paragraph \d+ </);
    }
    // Nothing lost, nothing reordered: the paragraphs come back whole and in order.
    const shown = messages.map((m) => m.visible.replace(/\n\n来源：.*$/s, '')).join('\n\n');
    expect(shown).toBe(paragraphs.map((p) => p.replace(/\*\*/g, '').replace('\n- ', '\n• ')).join('\n\n'));
    expect(messages[0]!.text).toContain('<b>Paragraph 1</b> &lt;xxxxxxxxxxxxxxxxxxxx&gt; &amp; &quot;quoted&quot;');
    expect(messages.at(-1)!.visible).toContain('来源：标题 <A&B>（常州市武进区人民政府）· 截至 2024-10-23');
    expect(messages.slice(0, -1).every((m) => m.keyboard.length === 0)).toBe(true);
    const [long, menu] = messages.at(-1)!.keyboard.flat();
    expect(long!.callback_data).toMatch(/^#[A-Za-z0-9_-]{24}$/);
    expect(menu!.callback_data).toBe('menu');

    const pressed = await user.press(longAction);
    expect(engine.received.at(-1)).toMatchObject({ action: longAction });
    expect(pressed[0]!.visible).toContain('You pressed the long one.');
    // Once its table entry has expired, the button tells the engine so (which answers "no longer valid" with the menu).
    await bed.store.state.delete(actionTableKey(long!.callback_data!.slice(1)));
    await user.pressData(long!.callback_data!);
    expect(engine.received.at(-1)).toMatchObject({ action: EXPIRED_BUTTON_ACTION });
  });

  it('retries a 429 after its retry_after', async () => {
    const bed = await start(mode);
    bed.api.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    const started = Date.now();
    const replies = await bed.user(106).send('/help');
    expect(replies).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(bed.api.callsOf('sendMessage').map((c) => c.ok)).toEqual([false, true]);
    expect(bed.logs.find((l) => l.message === 'Telegram Bot API call failed')?.fields).toMatchObject({ method: 'sendMessage', code: 429, retryAfter: 1 });
    expect(JSON.stringify(bed.logs)).not.toContain(FAKE_BOT_TOKEN);
  });

  it('handles the same update_id once, also when two processes receive it', async () => {
    const bed = await start(mode);
    const user = bed.user(107);
    const update = user.textUpdate('/start');
    if (mode === 'polling') {
      // Telegram sending the same update twice in a batch (e.g. after a restart before the offset was confirmed).
      bed.api.pushUpdate(update);
      bed.api.pushUpdate(update);
      await bed.handled(update.update_id, 2);
    } else {
      const second = await start('webhook', { shareWith: bed });
      const [a, b] = await Promise.all([bed.post(update), second.post(update)]);
      expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
      await Promise.all([bed.handled(update.update_id), second.handled(update.update_id)]);
    }
    expect(user.messages()).toHaveLength(1);
    expect(await bed.store.state.get(updateClaimKey('123456789', update.update_id))).toBe(1);
  });

  it('limits floods per user: one notice, then silence until the next minute', async () => {
    const bed = await start(mode, { config: { userMessagesPerMinute: 2 } });
    const user = bed.user(108);
    await user.send('/start');
    await user.send('/help');
    expect(visible(await user.send('/help'))).toBe(TELEGRAM_TEXTS.tooManyMessages);
    expect(await user.send('/help')).toEqual([]);
    expect(await bed.user(109).send('/start')).toHaveLength(1);
    bed.clock.advance(60_000);
    expect(await user.send('/help')).toHaveLength(1);
  });

  it('stops gracefully: a turn in progress finishes before stop() resolves', async () => {
    const bed = await start(mode);
    const user = bed.user(110);
    bed.api.delayNext('sendMessage', 300);
    const update = user.textUpdate('/start');
    const handled = bed.handled(update.update_id);
    if (mode === 'webhook') void bed.post(update);
    else bed.api.pushUpdate(update);
    // Wait until the channel has taken the update.
    while ((await bed.store.state.get(updateClaimKey('123456789', update.update_id))) === undefined) await new Promise((r) => setTimeout(r, 5));
    await bed.channel.stop();
    expect(user.messages()).toHaveLength(1);
    await handled;
    if (mode === 'webhook') expect((await bed.post(bed.user(111).textUpdate('/start'))).statusCode).toBe(503);
  });
});

describe('Telegram webhook', () => {
  it('is a channel adapter that declares the webhook route it serves', async () => {
    const bed = await start('webhook');
    expect(bed.channel.name).toBe('telegram');
    expect(bed.channel.capabilities).toMatchObject({ buttons: 'inline', markup: 'html', delivery: 'push', maxMessageLength: { value: 4096, unit: 'characters' } });
    expect(bed.channel.routes).toEqual([{ method: 'POST', path: '/telegram/webhook' }]);
    expect(bed.app.http.hasRoute({ method: 'POST', url: '/telegram/webhook' })).toBe(true);
  });

  it('refuses a wrong or missing secret with 401, before reading the update', async () => {
    const bed = await start('webhook');
    const user = bed.user(201);
    for (const secret of ['wrong-secret', null, 'test-webhook-secret_012345678', 'test-webhook-secret_01234567890']) {
      const update = user.textUpdate('/start');
      const response = await bed.post(update, secret);
      expect(response.statusCode, String(secret)).toBe(401);
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'unauthorized' } });
      expect(await bed.store.state.get(updateClaimKey('123456789', update.update_id))).toBeUndefined();
    }
    expect(user.messages()).toEqual([]);
    expect(bed.logs.some((l) => l.level === 'warn' && l.message?.includes('wrong or missing secret'))).toBe(true);
  });

  it('answers Telegram quickly when a turn is slow, and the reply still arrives', async () => {
    const bed = await start('webhook', { config: { webhookAnswerWithinMs: 50 } });
    const user = bed.user(202);
    // The turn cannot end before the webhook has answered: its reply is held until then.
    const release = bed.api.holdNext('sendMessage');
    const update = user.textUpdate('/start');
    const response = await bed.post(update);
    expect(response.statusCode).toBe(200);
    expect(user.messages()).toEqual([]);
    release();
    await bed.handled(update.update_id);
    expect(user.messages()).toHaveLength(1);
  });

  it('ignores messages in groups, logging the chat id for the partners file', async () => {
    const bed = await start('webhook');
    const update = bed.user(204).textUpdate('/start@wujin_talent_test_bot');
    const message = update.message as unknown as { chat: object };
    message.chat = { id: -100555, type: 'supergroup', title: 'Partner group' };
    await bed.deliver(update);
    expect(bed.api.messagesTo(-100555)).toEqual([]);
    expect(bed.api.messagesTo(204)).toEqual([]);
    expect(bed.logs.find((l) => l.message?.startsWith('a command was sent in a group'))?.fields).toEqual({ chatId: -100555, chatType: 'supergroup' });
  });

  it('refuses a body that is not an update with 400', async () => {
    const bed = await start('webhook');
    const response = await bed.post({ hello: 'world' });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'invalid_request', field: 'update_id' } });
  });

  it('tells the user when the engine fails, and keeps serving', async () => {
    let fail = true;
    const engine = scriptedEngine(() => {
      if (fail) throw new Error('store is down');
      return [{ text: 'back', buttons: [], sources: [], fallback: false, language: 'en' }];
    });
    const bed = await start('webhook', { engine });
    const user = bed.user(203, 'en');
    expect(visible(await user.send('hello'))).toBe(TELEGRAM_TEXTS.unavailable);
    fail = false;
    expect(visible(await user.send('hello again'))).toBe('back');
    expect(bed.logs.find((l) => l.message === 'Telegram turn failed')?.fields).toMatchObject({ userId: '203' });
  });
});
