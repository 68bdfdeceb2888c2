/**
 * `/wecom/callback` against a local fake WeCom: what it refuses (each with a 4xx and no
 * reply sent), repeated deliveries, and a slow engine.
 */
import { encrypt, getSignature } from '@wecom/crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appTextXml, callbackRequest, createWecomBed, TEST_WECOM, type WecomBed } from './wecomTestKit.js';

let bed: WecomBed | undefined;
/** The bed of the refusal tests, which send nothing and share it. */
let shared: WecomBed | undefined;
afterEach(async () => {
  if (bed !== shared) await bed?.close();
  bed = undefined;
});

async function setUp(setup?: Parameters<typeof createWecomBed>[0]): Promise<WecomBed> {
  bed = await createWecomBed(setup);
  return bed;
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE xml [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<xml><ToUserName>x</ToUserName><FromUserName>zhangsan</FromUserName><MsgType>text</MsgType><Content>&lol4;</Content><MsgId>1</MsgId><Encrypt>&lol4;</Encrypt></xml>`;

describe('/wecom/callback refuses', () => {
  beforeAll(async () => {
    shared = await createWecomBed();
  });
  afterAll(async () => {
    await shared?.close();
  });
  const setUp = async () => {
    bed = shared;
    return shared!;
  };

  async function expectRefused(request: InjectOptions, status: number) {
    const response = await bed!.app.http.inject({ method: 'POST', headers: { 'content-type': 'text/xml' }, ...request });
    expect(response.statusCode, response.body).toBe(status);
    await bed!.channel.idle();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(bed!.wecom.calls, 'nothing is sent to WeCom').toEqual([]);
    return response;
  }

  it('a forged signature', async () => {
    await setUp();
    const request = callbackRequest(appTextXml({ from: 'zhangsan', content: '你好', msgId: '1001', createTime: bed!.nowSec() }), { timestampSec: bed!.nowSec() });
    const forged = request.url.replace(/msg_signature=([0-9a-f])/, (_m, c: string) => `msg_signature=${c === '0' ? '1' : '0'}`);
    await expectRefused({ ...request, url: forged }, 401);
    // Signed with another Token.
    await expectRefused(callbackRequest(appTextXml({ from: 'zhangsan', content: '你好', msgId: '1002', createTime: bed!.nowSec() }), { timestampSec: bed!.nowSec(), token: 'attackerToken' }), 401);
  });

  it('a message for another CorpID, and one under another key', async () => {
    await setUp();
    const xml = appTextXml({ from: 'zhangsan', content: '你好', msgId: '1003', createTime: bed!.nowSec() });
    await expectRefused(callbackRequest(xml, { timestampSec: bed!.nowSec(), corpId: 'wwintruder000001' }), 403);
    const otherKey = Buffer.from('another-aes-key-for-the-attacker').toString('base64').replace(/=+$/, '');
    const response = await expectRefused(callbackRequest(xml, { timestampSec: bed!.nowSec(), encodingAesKey: otherKey }), 403);
    expect(response.body).not.toContain(TEST_WECOM.encodingAesKey);
  });

  it('a stale or future timestamp (a replay)', async () => {
    await setUp();
    const xml = appTextXml({ from: 'zhangsan', content: '你好', msgId: '1004', createTime: bed!.nowSec() });
    await expectRefused(callbackRequest(xml, { timestampSec: bed!.nowSec() - 10 * 60 }), 401);
    await expectRefused(callbackRequest(xml, { timestampSec: bed!.nowSec() + 10 * 60 }), 401);
  });

  it('malformed XML, outside and inside the encryption', async () => {
    await setUp();
    const request = callbackRequest('<xml><FromUserName>zhangsan</FromUserName>', { timestampSec: bed!.nowSec() });
    await expectRefused({ url: request.url, payload: '<xml><Encrypt>abc</xml>' }, 400);
    await expectRefused({ url: request.url, payload: 'not xml at all' }, 400);
    await expectRefused({ url: request.url, payload: '<xml><ToUserName>x</ToUserName></xml>' }, 400);
    await expectRefused(request, 400);
    await expectRefused({ url: '/wecom/callback?timestamp=1', payload: request.payload }, 400);
  });

  it('an XML entity-expansion payload, outside and inside the encryption', async () => {
    await setUp();
    const url = callbackRequest('<xml/>', { timestampSec: bed!.nowSec() }).url;
    await expectRefused({ url, payload: BILLION_LAUGHS }, 400);
    // Properly encrypted and signed, with the entities inside.
    await expectRefused(callbackRequest(BILLION_LAUGHS, { timestampSec: bed!.nowSec() }), 400);
  });

  it('an oversized body', async () => {
    await setUp();
    const request = callbackRequest(appTextXml({ from: 'zhangsan', content: '你好', msgId: '1005', createTime: bed!.nowSec() }), { timestampSec: bed!.nowSec() });
    await expectRefused({ url: request.url, payload: `<xml><Encrypt><![CDATA[${'A'.repeat(40 * 1024)}]]></Encrypt></xml>` }, 413);
    // Also without a content type.
    await expectRefused({ url: request.url, payload: 'A'.repeat(40 * 1024), headers: {} }, 413);
  });

  it('a URL check with a bad signature or missing parameters', async () => {
    const b = await setUp();
    const ts = String(b.nowSec());
    const echostr = encrypt(TEST_WECOM.encodingAesKey, '1234567890', TEST_WECOM.corpId);
    const good = getSignature(TEST_WECOM.token, ts, '42', echostr);
    const ok = await b.app.http.inject({ method: 'GET', url: `/wecom/callback?msg_signature=${good}&timestamp=${ts}&nonce=42&echostr=${encodeURIComponent(echostr)}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1234567890');
    const forged = await b.app.http.inject({ method: 'GET', url: `/wecom/callback?msg_signature=${'0'.repeat(40)}&timestamp=${ts}&nonce=42&echostr=${encodeURIComponent(echostr)}` });
    expect(forged.statusCode).toBe(401);
    expect(forged.body).not.toContain('1234567890');
    expect((await b.app.http.inject({ method: 'GET', url: '/wecom/callback' })).statusCode).toBe(400);
  });
});

describe('/wecom/callback answers at once and once', () => {
  it('the same callback delivered three times gets one reply', async () => {
    await setUp();
    const request = callbackRequest(appTextXml({ from: 'zhangsan', content: '买房有补贴吗？', msgId: '2001', createTime: bed!.nowSec() }), { timestampSec: bed!.nowSec() });
    const responses = await Promise.all([1, 2, 3].map(() => bed!.app.http.inject(request)));
    expect(responses.map((r) => [r.statusCode, r.body])).toEqual([
      [200, ''],
      [200, ''],
      [200, ''],
    ]);
    await bed!.channel.idle();
    // A late retry, after the reply went out.
    expect((await bed!.app.http.inject(request)).statusCode).toBe(200);
    await bed!.channel.idle();
    const sent = bed!.wecom.callsTo('message/send');
    expect(sent).toHaveLength(1);
    expect(String((sent[0]!.body.text as { content: string }).content)).toContain('购房补贴');
  });

  it('a slow engine still gets the callback answered before its turn ends', async () => {
    let turns = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await setUp({
      engine: (engine) => ({
        async handleOnce(inbound) {
          turns += 1;
          // The turn goes on only once the callback has been answered.
          await held;
          return engine.handleOnce(inbound);
        },
      }),
    });
    const response = await bed!.post(appTextXml({ from: 'lisi', content: '人才贷是什么？', msgId: '2002', createTime: bed!.nowSec() }));
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    expect(bed!.wecom.callsTo('message/send')).toHaveLength(0);
    release();
    await bed!.channel.idle();
    expect(turns).toBe(1);
    expect(bed!.wecom.callsTo('message/send')).toHaveLength(1);
  });

  it('a stopped channel answers 503 so that WeCom retries elsewhere', async () => {
    await setUp();
    await bed!.channel.stop();
    const response = await bed!.post(appTextXml({ from: 'zhangsan', content: '你好', msgId: '2003', createTime: bed!.nowSec() }));
    expect(response.statusCode).toBe(503);
    expect(bed!.wecom.calls).toEqual([]);
  });
});
