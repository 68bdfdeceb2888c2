import { afterEach, describe, expect, it } from 'vitest';
import { PlatformError } from '../../../src/core/errors.js';
import { createLeadService } from '../../../src/leads/createLeadService.js';
import { createOutboxWorker } from '../../../src/leads/createOutboxWorker.js';
import { sendWecomRobot, WECOM_MARKDOWN_MAX_BYTES } from '../../../src/leads/deliveries/sendWecomRobot.js';
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

  it('delivers a lead through the outbox worker with the key facts in Chinese', async () => {
    const wecom = await startFakeWecom();
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
    const content = (JSON.parse(wecom.requests[0]!.body) as { markdown: { content: string } }).markdown.content;
    expect(content).toContain('需人工审核');
    expect(content).toContain('集成电路');
    expect(content).toContain('wang@example.com');
    expect(content).toContain('你的领域属于战略性产业。');
    expect(content).toContain(`(${bed.ackLink.url(lead.id, 'office')})`);
    expect(content).not.toContain('[x](http://evil)');
    expect((await bed.store.leads.listDeliveries(lead.id))[0]).toMatchObject({ status: 'delivered' });
  });
});
