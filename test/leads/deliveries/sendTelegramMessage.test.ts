import { afterEach, describe, expect, it } from 'vitest';
import { createLeadService } from '../../../src/leads/createLeadService.js';
import { createOutboxWorker } from '../../../src/leads/createOutboxWorker.js';
import { sendTelegramMessage } from '../../../src/leads/deliveries/sendTelegramMessage.js';
import { createLeadsTestBed, partnersFrom, realFetch, sendJson, startLocalServer, submission, type LocalServer } from '../leadTestKit.js';

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
    expect(body.text).toContain('13800138000');
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
