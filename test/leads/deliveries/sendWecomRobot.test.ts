import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerAckRoute } from '../../../src/leads/registerAckRoute.js';
import { PlatformError } from '../../../src/shared/errors.js';
import { createLeadService } from '../../../src/leads/createLeadService.js';
import { createOutboxWorker } from '../../../src/leads/createOutboxWorker.js';
import type { RobotLeadCard } from '../../../src/leads/deliveries/formatLeadCard.js';
import { sendWecomRobot, WECOM_MARKDOWN_MAX_BYTES } from '../../../src/leads/deliveries/sendWecomRobot.js';
import { startFakeWecom as startFakeWecomServer } from '../../channels/wecom/fakeWecom.js';
import { createLeadsTestBed, partnersFrom, realFetch, sendJson, startLocalServer, submission, type LocalServer } from '../leadTestKit.js';

const KEY = 'robot-key-693a91f6';
const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A fake WeCom: checks the key and answers like WeCom does. */
async function startFakeWecom() {
  const server = await startLocalServer((request, response) => {
    const url = new URL(request.url, 'http://x');
    if (url.pathname !== '/cgi-bin/webhook/send') return sendJson(response, 404, {});
    if (url.searchParams.get('key') !== KEY) return sendJson(response, 200, { errcode: 93000, errmsg: 'invalid webhook url, hint: [1700000000_1_abc]' });
    const body = JSON.parse(request.body) as { msgtype: string; markdown: { content: string } };
    if (body.msgtype !== 'markdown' || Buffer.byteLength(body.markdown.content) > 4096) return sendJson(response, 200, { errcode: 40058, errmsg: 'markdown.content exceed max length 4096' });
    return sendJson(response, 200, { errcode: 0, errmsg: 'ok' });
  });
  servers.push(server);
  return server;
}

describe('WeCom group robot delivery', () => {
  it('posts markdown with the key and succeeds on errcode 0', async () => {
    const wecom = await startFakeWecom();
    await sendWecomRobot({ key: KEY, content: '**新线索**\n姓名：王芳' }, { fetch: realFetch, apiBase: `${wecom.url}/`, timeoutMs: 1000 });
    expect(wecom.requests).toHaveLength(1);
    expect(JSON.parse(wecom.requests[0]!.body)).toEqual({ msgtype: 'markdown', markdown: { content: '**新线索**\n姓名：王芳' } });
  });

  it('keeps the content within 4,096 bytes, cut at a line boundary', async () => {
    const wecom = await startFakeWecom();
    const lines = Array.from({ length: 400 }, (_, i) => `第${i}条：集成电路引才合伙人`);
    await sendWecomRobot({ key: KEY, content: lines.join('\n') }, { fetch: realFetch, apiBase: wecom.url, timeoutMs: 1000 });
    const content = (JSON.parse(wecom.requests[0]!.body) as { markdown: { content: string } }).markdown.content;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(WECOM_MARKDOWN_MAX_BYTES);
    expect(Buffer.byteLength(content)).toBeGreaterThan(WECOM_MARKDOWN_MAX_BYTES - 200);
    const sent = content.split('\n');
    expect(sent.slice(0, -1)).toEqual(lines.slice(0, sent.length - 1));
    expect(sent.at(-1)).toContain('已截断');
  });

  it('fails with the errcode when WeCom refuses, without the key in the message', async () => {
    const wecom = await startFakeWecom();
    const error = await sendWecomRobot({ key: 'wrong-key-123', content: 'x' }, { fetch: realFetch, apiBase: wecom.url, timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).toMatchObject({ platform: 'wecom', code: 93000 });
    expect((error as Error).message).not.toContain('wrong-key-123');
  });

  it('fails on HTTP errors and on answers that are not JSON', async () => {
    const server = await startLocalServer((request, response) => {
      if (request.url.startsWith('/html')) {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<html>gateway</html>');
        return;
      }
      return sendJson(response, 502, { error: 'bad gateway' });
    });
    servers.push(server);
    await expect(sendWecomRobot({ key: KEY, content: 'x' }, { fetch: realFetch, apiBase: server.url, timeoutMs: 1000 })).rejects.toMatchObject({ code: 502, retryable: true });
    await expect(sendWecomRobot({ key: KEY, content: 'x' }, { fetch: realFetch, apiBase: `${server.url}/html`, timeoutMs: 1000 })).rejects.toThrow(/not JSON/);
  });

  it('delivers a lead through the outbox worker as a text_notice card with the key facts in Chinese, opening the lead page', async () => {
    const wecom = await startFakeWecomServer({ corpId: 'ww-fake', secret: 'fake-secret' });
    servers.push({ url: wecom.url, requests: [], close: () => wecom.close() });
    wecom.robotKeys.add(KEY);
    const partners = partnersFrom(
      `
partners:
  - id: office
    name: 武进区人才工作部门
    fallback: true
    delivery: [{ type: wecom_robot, keyEnv: OFFICE_ROBOT_KEY }]
`,
      { OFFICE_ROBOT_KEY: KEY },
    );
    const bed = createLeadsTestBed();
    const service = createLeadService({ store: bed.store, clock: bed.clock, partners });
    const worker = createOutboxWorker({ store: bed.store, clock: bed.clock, fetch: realFetch, partners, ackLink: bed.ackLink, wecomApiBase: wecom.url, timeoutMs: 1000 });
    const { lead } = await service.submit(submission({ outcome: 'needs_review', contact: { name: '王芳 [x](http://evil)', email: 'wang@example.com' } }));
    await worker.runOnce();
    const [call] = wecom.acceptedCalls('webhook/send');
    expect(call!.body.msgtype).toBe('template_card');
    const card = call!.body.template_card as RobotLeadCard;
    const ackUrl = bed.ackLink.url(lead.id, 'office');
    expect(card.card_type).toBe('text_notice');
    expect(card.card_action).toEqual({ type: 1, url: ackUrl });
    expect(card.jump_list).toEqual([{ type: 1, title: '确认接收 · 查看完整联系方式 · 更新状态', url: ackUrl }]);
    expect(card.main_title.desc).toContain(lead.id);
    const rows = Object.fromEntries(card.horizontal_content_list.map((r) => [r.keyname, r.value]));
    expect(rows).toMatchObject({ 结果: '需人工审核', 产业领域: '集成电路', 邮箱: 'w***@example.com' });
    expect(JSON.stringify(card)).not.toContain('wang@example.com');
    expect(card.sub_title_text).toContain('你的领域属于战略性产业。');
    expect((await bed.store.leads.listDeliveries(lead.id))[0]).toMatchObject({ status: 'delivered' });
  });

  it('sends an erasure as markdown: it has no lead page to open', async () => {
    const wecom = await startFakeWecomServer({ corpId: 'ww-fake', secret: 'fake-secret' });
    servers.push({ url: wecom.url, requests: [], close: () => wecom.close() });
    wecom.robotKeys.add(KEY);
    const partners = partnersFrom(`
partners:
  - id: office
    name: 人才办
    fallback: true
    delivery: [{ type: wecom_robot, keyEnv: OFFICE_ROBOT_KEY }]
`, { OFFICE_ROBOT_KEY: KEY });
    const bed = createLeadsTestBed();
    const service = createLeadService({ store: bed.store, clock: bed.clock, partners });
    const worker = createOutboxWorker({ store: bed.store, clock: bed.clock, fetch: realFetch, partners, ackLink: bed.ackLink, wecomApiBase: wecom.url, timeoutMs: 1000 });
    const { lead } = await service.submit(submission());
    await worker.runOnce();
    await service.erase([lead.id]);
    await worker.runOnce();
    const bodies = wecom.acceptedCalls('webhook/send').map((c) => c.body);
    expect(bodies.map((b) => b.msgtype)).toEqual(['template_card', 'markdown']);
    expect((bodies[1]!.markdown as { content: string }).content).toContain('【线索已删除】');
  });
});

describe('WeCom group robot delivery: rate limit and a removed robot', () => {
  async function robotSetup() {
    const wecom = await startFakeWecomServer({ corpId: 'ww-fake', secret: 'fake-secret' });
    servers.push({ url: wecom.url, requests: [], close: () => wecom.close() });
    wecom.robotKeys.add(KEY).add('office-key');
    const partners = partnersFrom(
      `
partners:
  - id: office
    name: 武进区人才工作部门
    fallback: true
    delivery: [{ type: wecom_robot, keyEnv: OFFICE_ROBOT_KEY }]
  - id: ic-partner
    name: 集成电路引才合伙人
    industries: [integrated_circuits]
    delivery: [{ type: wecom_robot, keyEnv: IC_ROBOT_KEY }]
`,
      { OFFICE_ROBOT_KEY: 'office-key', IC_ROBOT_KEY: KEY },
    );
    const bed = createLeadsTestBed();
    const service = createLeadService({ store: bed.store, clock: bed.clock, partners });
    const worker = createOutboxWorker({ store: bed.store, clock: bed.clock, fetch: realFetch, partners, ackLink: bed.ackLink, wecomApiBase: wecom.url, timeoutMs: 1000, random: () => 0, retryBaseMs: 10 });
    const sent = (key: string) => wecom.callsTo('webhook/send').filter((c) => c.query.get('key') === key);
    return { ...bed, wecom, service, worker, sent, partners };
  }

  it('45009 is retried after at least 60 seconds, then delivered once', async () => {
    const t = await robotSetup();
    t.wecom.failNext('webhook/send', 45009, { errmsg: 'api freq out of limit' });
    const { lead } = await t.service.submit(submission());
    await t.worker.runOnce();
    const [item] = await t.store.leads.listDeliveries(lead.id);
    expect(item).toMatchObject({ status: 'pending', attempts: 1, dueAt: t.clock.now() + 60_000 });
    expect(item!.lastError).toContain('45009');

    t.clock.advance(59_999);
    expect(await t.worker.runOnce()).toBe(0);
    t.clock.advance(1);
    await t.worker.runOnce();
    expect((await t.store.leads.listDeliveries(lead.id)).find((i) => i.kind === 'send')).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(t.sent(KEY)).toHaveLength(2);
    expect(t.sent('office-key')).toHaveLength(0);
  });

  it('93000 (robot removed) is dead at once and alerts the office', async () => {
    const t = await robotSetup();
    t.wecom.robotKeys.delete(KEY);
    const { lead } = await t.service.submit(submission());
    await t.worker.runOnce();
    await t.worker.runOnce();
    const items = await t.store.leads.listDeliveries(lead.id);
    expect(items.find((i) => i.partnerId === 'ic-partner' && i.kind === 'send')).toMatchObject({ status: 'dead', attempts: 1 });
    expect(items.find((i) => i.partnerId === 'office' && i.kind === 'send')).toMatchObject({ status: 'delivered' });
    expect(t.sent(KEY)).toHaveLength(1);
    const alert = (t.sent('office-key')[0]!.body.markdown as { content: string }).content;
    expect(t.sent('office-key')[0]!.body.msgtype).toBe('markdown');
    expect(alert).toContain('93000');
  });

  it('sends at most 20 a minute per robot: the rest wait in the outbox (not as failed attempts) and go out the next minute, each once', async () => {
    const t = await robotSetup();
    const worker = createOutboxWorker({ store: t.store, clock: t.clock, fetch: realFetch, partners: t.partners, ackLink: t.ackLink, wecomApiBase: t.wecom.url, timeoutMs: 1000, batchSize: 50 });
    const minute = t.clock.now() - (t.clock.now() % 60_000) + 60_000;
    t.clock.set(minute + 10_000);
    const leads = [];
    for (let i = 0; i < 25; i++) leads.push((await t.service.submit(submission({ userId: `u${i}`, contact: { name: `申请人${i}`, phone: `1380013${String(8000 + i)}` } }))).lead);
    await worker.runOnce();
    expect(t.sent(KEY)).toHaveLength(20);
    const waiting = (await Promise.all(leads.map((l) => t.store.leads.listDeliveries(l.id)))).flat().filter((i) => i.kind === 'send' && i.status === 'pending');
    expect(waiting).toHaveLength(5);
    for (const item of waiting) expect(item).toMatchObject({ attempts: 0, dueAt: minute + 60_000 });
    expect(await worker.runOnce()).toBe(0);
    t.clock.set(minute + 60_000);
    await worker.runOnce();
    expect(t.sent(KEY)).toHaveLength(25);
    expect(t.wecom.acceptedCalls('webhook/send')).toHaveLength(25);
    const contents = t.sent(KEY).map((c) => JSON.stringify(c.body.template_card));
    for (const lead of leads) expect(contents.filter((c) => c.includes(lead.id))).toHaveLength(1);
    const history = (await t.store.leads.getLead(waiting[0]!.leadId))!.history as Array<{ event: string }>;
    expect(history.map((h) => h.event)).toEqual(expect.arrayContaining(['delivery_throttled', 'delivered']));
    expect(history.map((h) => h.event)).not.toContain('delivery_failed');
  });

  it('a partner acts from the robot message: the phone is masked in the group, the link acknowledges only by POST, then shows it and takes the status', async () => {
    const t = await robotSetup();
    const app = Fastify();
    servers.push({ url: '', requests: [], close: () => app.close() });
    registerAckRoute(app, { store: t.store, clock: t.clock, ackLink: t.ackLink, partners: t.partners, timeZone: 'Asia/Shanghai' });
    const { lead } = await t.service.submit(submission({ contact: { name: '王芳', phone: '13912345678' } }));
    await t.worker.runOnce();
    const card = t.sent(KEY)[0]!.body.template_card as RobotLeadCard;
    expect(card.horizontal_content_list).toContainEqual({ keyname: '电话', value: '139****5678' });
    expect(JSON.stringify(card)).not.toContain('13912345678');
    const link = card.card_action.url.replace('https://talent.example.gov.cn', '');

    // A link preview (GET) acknowledges nothing and shows no number.
    const preview = await app.inject({ method: 'GET', url: link });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).not.toContain('13912345678');
    expect((await t.service.leadsByIds([lead.id]))[0]!.acknowledgedAt).toBeUndefined();

    const post = (page: string) => {
      const action = /<form method="post" action="([^"]+)"/.exec(page)![1]!;
      const fields = Object.fromEntries([...page.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')]));
      return (extra: Record<string, string> = {}) => app.inject({ method: 'POST', url: action, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ ...fields, ...extra }).toString() });
    };
    const acknowledged = await post(preview.body)();
    expect(acknowledged.body).toContain('13912345678');
    expect((await t.service.leadsByIds([lead.id]))[0]).toMatchObject({ status: 'acknowledged' });
    const contacted = await post(acknowledged.body)({ status: 'contacted' });
    expect(contacted.statusCode).toBe(200);
    expect((await t.service.leadsByIds([lead.id]))[0]).toMatchObject({ status: 'contacted' });
  });
});

