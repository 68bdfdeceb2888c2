import { afterEach, describe, expect, it } from 'vitest';
import { acknowledgeFromChat } from '../../../src/channels/telegram/acknowledgeFromChat.js';
import { createLeadService } from '../../../src/leads/createLeadService.js';
import { createOutboxWorker } from '../../../src/leads/createOutboxWorker.js';
import { buildLeadPayload } from '../../../src/leads/deliveries/buildLeadPayload.js';
import { sendTelegramMessage } from '../../../src/leads/deliveries/sendTelegramMessage.js';
import type { SendItem } from '../../../src/leads/leadOutboxItem.js';
import { readLead } from '../../../src/leads/readLead.js';
import { createTelegramChatMoves } from '../../../src/leads/telegramChatMoves.js';
import { FAKE_BOT_TOKEN, startFakeBotApi as startFakeBotApiServer } from '../../channels/telegram/fakeBotApi.js';
import { createLeadsTestBed, partnersFrom, realFetch, recordingLogger, sendJson, startLocalServer, submission, type LocalServer } from '../leadTestKit.js';

const TOKEN = '123456:TEST-token_abc';
const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A fake Bot API server that only knows /bot<TOKEN>/sendMessage. */
async function startFakeBotApi() {
  const server = await startLocalServer((request, response) => {
    if (request.url !== `/bot${TOKEN}/sendMessage`) return sendJson(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const body = JSON.parse(request.body) as { chat_id: unknown };
    if (body.chat_id === -1009) return sendJson(response, 429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });
    return sendJson(response, 200, { ok: true, result: { message_id: 1 } });
  });
  servers.push(server);
  return server;
}

const partners = partnersFrom(`
partners:
  - id: office
    name: 武进区人才工作部门
    fallback: true
    delivery: [{ type: telegram, chatId: -1001234567890 }]
`);

function setup(apiRoot: string, token: string | undefined) {
  const bed = createLeadsTestBed();
  const service = createLeadService({ store: bed.store, clock: bed.clock, partners });
  const worker = createOutboxWorker({
    store: bed.store,
    clock: bed.clock,
    fetch: realFetch,
    partners,
    ackLink: bed.ackLink,
    telegramApiRoot: apiRoot,
    timeoutMs: 1000,
    random: () => 0,
    ...(token ? { telegramBotToken: token } : {}),
  });
  return { ...bed, service, worker };
}

describe('Telegram chat delivery', () => {
  it('sends HTML with every value escaped and an acknowledgement URL button', async () => {
    const api = await startFakeBotApi();
    const t = setup(api.url, TOKEN);
    const { lead } = await t.service.submit(submission({ outcome: 'handoff', contact: { name: '<b>&"x"', phone: '13800138000' } }));
    await t.worker.runOnce();
    expect(api.requests).toHaveLength(1);
    const body = JSON.parse(api.requests[0]!.body) as { chat_id: number; text: string; parse_mode: string; reply_markup: unknown };
    expect(body.chat_id).toBe(-1001234567890);
    expect(body.parse_mode).toBe('HTML');
    expect(body.text).toContain('姓名：&lt;b&gt;&amp;&quot;x&quot;');
    expect(body.text).not.toContain('<b>&"x"');
    expect(body.text).toContain('申请人请求人工服务');
    expect(body.text).toContain('138****8000');
    expect(body.text).not.toContain('13800138000');
    const ackUrl = t.ackLink.url(lead.id, 'office');
    expect(body.text).toContain(`<a href="${ackUrl.replace(/&/g, '&amp;')}">`);
    expect(body.reply_markup).toEqual({ inline_keyboard: [[{ text: '确认接收 / Acknowledge', callback_data: `ack:${lead.id}` }]] });
    expect((await t.store.leads.listDeliveries(lead.id))[0]).toMatchObject({ status: 'delivered' });
  });

  it('fails every attempt with a clear error while TELEGRAM_BOT_TOKEN is unset', async () => {
    const api = await startFakeBotApi();
    const t = setup(api.url, undefined);
    const { lead } = await t.service.submit(submission({ outcome: 'needs_review' }));
    await t.worker.runOnce();
    expect(api.requests).toHaveLength(0);
    const [item] = await t.store.leads.listDeliveries(lead.id);
    expect(item).toMatchObject({ status: 'pending', attempts: 1 });
    expect(item!.lastError).toContain('TELEGRAM_BOT_TOKEN: not set, so leads cannot be delivered');
  });

  it('reports Telegram errors with retry_after and without the token', async () => {
    const api = await startFakeBotApi();
    const error = await sendTelegramMessage({ chatId: -1009, html: 'x' }, { fetch: realFetch, token: TOKEN, apiRoot: api.url, timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ platform: 'telegram', code: 429, retryAfterSeconds: 7 });
    const unreachable = await sendTelegramMessage({ chatId: 1, html: 'x' }, { fetch: realFetch, token: TOKEN, apiRoot: 'http://127.0.0.1:1', timeoutMs: 1000 }).catch((e: unknown) => e);
    expect((unreachable as Error).name).toBe('NetworkError');
    expect(`${(error as Error).message} ${(unreachable as Error).message}`).not.toContain(TOKEN);
  });
});

describe('Telegram chat delivery: groups that move and chats that refuse', () => {
  const GROUP = -4001234;
  const SUPERGROUP = -1004001234;
  const OFFICE = -1009999;
  const movingPartners = partnersFrom(`
partners:
  - id: office
    name: 武进区人才工作部门
    fallback: true
    delivery: [{ type: telegram, chatId: ${OFFICE} }]
  - id: ic-partner
    name: 集成电路引才合伙人
    industries: [integrated_circuits]
    delivery: [{ type: telegram, chatId: ${GROUP} }]
`);

  async function movingSetup() {
    const api = await startFakeBotApiServer();
    servers.push({ url: api.url, requests: [], close: () => api.close() });
    const bed = createLeadsTestBed();
    const logger = recordingLogger();
    const service = createLeadService({ store: bed.store, clock: bed.clock, partners: movingPartners });
    const worker = createOutboxWorker({
      store: bed.store,
      clock: bed.clock,
      fetch: realFetch,
      partners: movingPartners,
      ackLink: bed.ackLink,
      logger,
      telegramApiRoot: api.url,
      telegramBotToken: FAKE_BOT_TOKEN,
      timeoutMs: 1000,
      random: () => 0,
    });
    return { ...bed, api, logger, service, worker };
  }

  it('follows migrate_to_chat_id at once, remembers the new chat for later leads and tells the operator what to change', async () => {
    const t = await movingSetup();
    t.api.migrateChat(GROUP, SUPERGROUP);
    const { lead } = await t.service.submit(submission());
    await t.worker.runOnce();

    expect(t.api.callsOf('sendMessage').map((c) => c.params.chat_id)).toEqual([GROUP, SUPERGROUP]);
    expect(t.api.messagesTo(SUPERGROUP)).toHaveLength(1);
    expect(t.api.messagesTo(SUPERGROUP)[0]!.keyboard).toEqual([[{ text: '确认接收 / Acknowledge', callback_data: `ack:${lead.id}` }]]);
    expect((await t.store.leads.listDeliveries(lead.id)).find((i) => i.kind === 'send')).toMatchObject({ status: 'delivered', attempts: 1 });
    const warning = t.logger.entries.find((e) => e.level === 'warn');
    expect(warning?.fields).toMatchObject({ partnerId: 'ic-partner', configuredChatId: GROUP, toChatId: SUPERGROUP });
    expect(warning?.message).toContain(`change this partner's telegram chatId from ${GROUP} to ${SUPERGROUP}`);
    expect(await createTelegramChatMoves(t.store.state).resolve(GROUP)).toBe(SUPERGROUP);

    // The next lead for the same partner goes straight to the supergroup; nothing is lost or sent twice.
    const second = await t.service.submit(submission({ userId: 'u2', contact: { name: '李雷', phone: '13900139000' } }));
    await t.worker.runOnce();
    expect(t.api.callsOf('sendMessage').map((c) => c.params.chat_id).filter((id) => id !== OFFICE)).toEqual([GROUP, SUPERGROUP, SUPERGROUP]);
    expect(t.api.messagesTo(SUPERGROUP).map((m) => m.keyboard[0]![0]!.callback_data)).toEqual([`ack:${lead.id}`, `ack:${second.lead.id}`]);
    expect(t.logger.entries.filter((e) => e.level === 'warn')).toHaveLength(1);
  });

  it('alerts the talent office once about a moved group and lists the move for the console', async () => {
    const t = await movingSetup();
    t.api.migrateChat(GROUP, SUPERGROUP);
    const first = await t.service.submit(submission());
    const second = await t.service.submit(submission({ userId: 'u2', contact: { name: '李雷', phone: '13900139000' } }));
    // Both leads are sent side by side to the old id: each follows the move, the office hears of it once.
    await t.worker.runOnce();
    t.clock.advance(1_000);
    await t.worker.runOnce();
    t.clock.advance(1_000);
    await t.worker.runOnce();

    expect(t.api.messagesTo(SUPERGROUP).map((m) => m.keyboard[0]![0]!.callback_data).sort()).toEqual([`ack:${first.lead.id}`, `ack:${second.lead.id}`].sort());
    const alerts = t.api.messagesTo(OFFICE);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.visible).toContain('Telegram 群已变更');
    expect(alerts[0]!.visible).toContain(`由 ${GROUP} 改为 ${SUPERGROUP}`);
    // The alert is about the partners file: no applicant's contact in it.
    expect(alerts[0]!.visible).not.toContain('138****');
    expect(alerts[0]!.visible).not.toContain('王');
    expect(await createTelegramChatMoves(t.store.state).reported()).toEqual([{ partnerId: 'ic-partner', configured: GROUP, from: GROUP, to: SUPERGROUP, at: expect.any(Number) }]);
    expect(t.logger.entries.filter((e) => e.level === 'warn' && e.message?.includes('became a supergroup'))).toHaveLength(1);

    // The same alert to a webhook carries the move, and neither the contact nor the answers.
    const alertItem = (await t.store.leads.listDeliveries(first.lead.id)).find((i) => i.type === 'lead.chat_moved') as SendItem;
    const body = buildLeadPayload(readLead(await t.store.leads.getLead(first.lead.id))!, alertItem, 'https://unused.example');
    expect(body).toMatchObject({ type: 'lead.chat_moved', partnerId: 'office', answers: {}, chatMove: { partnerId: 'ic-partner', from: GROUP, to: SUPERGROUP } });
    expect(body.contact).toBeUndefined();
    expect(body.ackUrl).toBeUndefined();
  });

  it('a group that moved and then refuses the bot (403 in the new chat) is dead at once, with the move reported and the office alerted', async () => {
    const t = await movingSetup();
    t.api.failNext('sendMessage', { error_code: 400, description: 'Bad Request: group chat was upgraded to a supergroup chat', parameters: { migrate_to_chat_id: SUPERGROUP } });
    t.api.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot is not a member of the supergroup chat' });
    const { lead } = await t.service.submit(submission());
    for (let i = 0; i < 3; i++) {
      await t.worker.runOnce();
      t.clock.advance(1_000);
    }

    const items = await t.store.leads.listDeliveries(lead.id);
    expect(items.find((i) => i.partnerId === 'ic-partner' && i.kind === 'send')).toMatchObject({ status: 'dead', attempts: 1 });
    expect(t.api.messagesTo(SUPERGROUP)).toHaveLength(0);
    const office = t.api.messagesTo(OFFICE).map((m) => m.visible);
    expect(office).toHaveLength(2);
    expect(office.some((text) => text.includes('403'))).toBe(true);
    expect(office.some((text) => text.includes(`改为 ${SUPERGROUP}`))).toBe(true);
    expect(await createTelegramChatMoves(t.store.state).resolve(GROUP)).toBe(SUPERGROUP);
  });

  it('400 "chat not found" (a wrong chatId) is dead at once and alerts the office; not retried', async () => {
    const t = await movingSetup();
    t.api.failNext('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });
    const { lead } = await t.service.submit(submission());
    await t.worker.runOnce();
    t.clock.advance(3_600_000);
    await t.worker.runOnce();
    await t.worker.runOnce();

    const items = await t.store.leads.listDeliveries(lead.id);
    expect(items.find((i) => i.partnerId === 'ic-partner' && i.kind === 'send')).toMatchObject({ status: 'dead', attempts: 1 });
    expect(t.api.callsOf('sendMessage').filter((c) => c.params.chat_id === GROUP)).toHaveLength(1);
    expect(t.api.messagesTo(OFFICE)).toHaveLength(1);
    expect(t.api.messagesTo(OFFICE)[0]!.visible).toContain('chat not found');
    expect(t.logger.entries.find((e) => e.message === 'lead delivery refused for good; not retried')?.fields).toMatchObject({ code: 400, partnerId: 'ic-partner' });
  });

  it('the acknowledge button counts when pressed in the supergroup the partner chat became', async () => {
    const t = await movingSetup();
    t.api.migrateChat(GROUP, SUPERGROUP);
    const { lead } = await t.service.submit(submission());
    await t.worker.runOnce();
    const result = await acknowledgeFromChat(lead.id, { id: SUPERGROUP }, { store: t.store, clock: t.clock, partners: movingPartners });
    expect(result.removeButton).toBe(true);
    expect((await t.service.leadsByIds([lead.id]))[0]).toMatchObject({ status: 'acknowledged' });
  });

  it('a 429 asking to wait 120 s reschedules the delivery at retry_after; nothing is lost or sent twice', async () => {
    const t = await movingSetup();
    t.api.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 120', parameters: { retry_after: 120 } });
    const { lead } = await t.service.submit(submission());
    await t.worker.runOnce();
    expect((await t.store.leads.listDeliveries(lead.id))[0]).toMatchObject({ status: 'pending', attempts: 1, dueAt: t.clock.now() + 120_000 });
    t.clock.advance(119_000);
    expect(await t.worker.runOnce()).toBe(0);
    t.clock.advance(1_000);
    await t.worker.runOnce();
    expect((await t.store.leads.listDeliveries(lead.id)).find((i) => i.kind === 'send')).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(t.api.messagesTo(GROUP)).toHaveLength(1);
  });

  it('a 403 (bot removed from the group) is dead at once and alerts the office', async () => {
    const t = await movingSetup();
    t.api.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was kicked from the group chat' });
    const { lead } = await t.service.submit(submission());
    await t.worker.runOnce();
    await t.worker.runOnce();

    const items = await t.store.leads.listDeliveries(lead.id);
    expect(items.find((i) => i.partnerId === 'ic-partner' && i.kind === 'send')).toMatchObject({ status: 'dead', attempts: 1 });
    expect(items.find((i) => i.partnerId === 'office' && i.kind === 'send')).toMatchObject({ status: 'delivered' });
    expect(t.api.messagesTo(GROUP)).toHaveLength(0);
    expect(t.api.messagesTo(OFFICE)).toHaveLength(1);
    expect(t.api.messagesTo(OFFICE)[0]!.visible).toContain('403');
  });

  it('sends one message a second to a partner group: a second lead in the same second waits in the outbox, then goes once', async () => {
    const t = await movingSetup();
    t.clock.set(t.clock.now() - (t.clock.now() % 1_000) + 1_000);
    const first = await t.service.submit(submission());
    const second = await t.service.submit(submission({ userId: 'u2', contact: { name: '李雷', phone: '13900139000' } }));
    await t.worker.runOnce();
    expect(t.api.messagesTo(GROUP)).toHaveLength(1);
    const sends = async () => (await Promise.all([first.lead.id, second.lead.id].map((id) => t.store.leads.listDeliveries(id)))).flat().filter((i) => i.kind === 'send');
    const waiting = (await sends()).filter((i) => i.status === 'pending');
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ attempts: 0, dueAt: t.clock.now() + 1_000 });
    t.clock.advance(1_000);
    await t.worker.runOnce();
    expect(t.api.messagesTo(GROUP)).toHaveLength(2);
    expect((await sends()).map((i) => i.status)).toEqual(['delivered', 'delivered']);
    expect(t.api.callsOf('sendMessage').filter((c) => !c.ok)).toHaveLength(0);
  });
});
