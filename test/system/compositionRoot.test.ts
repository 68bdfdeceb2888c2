/**
 * The composition root (`src/startServer.ts`) with every channel configured, in this process:
 * the real adapters against the local fakes of the Telegram Bot API and WeCom, the embedded
 * SQLite store in a temporary folder. The channels start in registration order (web,
 * Telegram, 微信客服, the WeCom app), each serves the routes it declares and answers through
 * them, and on close they stop in reverse order before the workers and the store close.
 * What happened is read from the bot's own log lines; nothing of ours is mocked.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { systemClock } from '../../src/shared/clock.js';
import { startServer, type RunningServer } from '../../src/startServer.js';
import { FAKE_BOT_TOKEN, startFakeBotApi, type FakeBotApi } from '../channels/telegram/fakeBotApi.js';
import { startFakeWecom, type FakeWecom } from '../channels/wecom/fakeWecom.js';
import { appTextXml, callbackRequest, kfEventXml, OPEN_KFID, TEST_WECOM, testWecomEnv } from '../channels/wecom/wecomTestKit.js';

interface LogLine {
  msg?: string;
  channel?: string;
}

let cleanUp: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanUp.reverse()) await step();
  cleanUp = [];
});

async function startEverything(): Promise<{ server: RunningServer; base: string; lines: LogLine[]; telegram: FakeBotApi; wecom: FakeWecom }> {
  const telegram = await startFakeBotApi();
  cleanUp.push(() => telegram.close());
  const wecom = await startFakeWecom({ corpId: TEST_WECOM.corpId, secret: TEST_WECOM.secret });
  cleanUp.push(() => wecom.close());
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'talentbot-root-'));
  cleanUp.push(() => rm(dataDir, { recursive: true, force: true }));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    TELEGRAM_BOT_TOKEN: FAKE_BOT_TOKEN,
    TELEGRAM_API_ROOT: telegram.url,
    ...testWecomEnv(wecom.url),
  });
  const lines: LogLine[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  const server = await startServer(config, {}, systemClock, logger);
  let closed = false;
  const close = server.close.bind(server);
  server.close = async () => {
    closed = true;
    await close();
  };
  cleanUp.push(async () => {
    if (!closed) await close();
  });
  const { port } = server.app.http.server.address() as AddressInfo;
  return { server, base: `http://127.0.0.1:${port}`, lines, telegram, wecom };
}

const channelsLogged = (lines: readonly LogLine[], msg: string) => lines.filter((l) => l.msg === msg).map((l) => l.channel);

describe('the composition root', () => {
  it('starts the registered channels in order, serves their routes, and stops them in reverse before the workers and the store', async () => {
    const { server, base, lines, telegram, wecom } = await startEverything();

    expect(server.channels.adapters.map((c) => c.name)).toEqual(['web', 'telegram', 'wecom-kf', 'wecom']);
    expect(channelsLogged(lines, 'channel started')).toEqual(['web', 'telegram', 'wecom-kf', 'wecom']);
    expect(telegram.callsOf('getMe')).toHaveLength(1);
    expect(telegram.callsOf('deleteWebhook')).toHaveLength(1);

    // Each channel serves exactly the routes it declares (Telegram polls: no webhook route).
    for (const channel of server.channels.adapters) {
      for (const route of channel.routes) expect({ channel: channel.name, ...route, served: server.app.http.hasRoute({ method: route.method, url: route.path }) }).toMatchObject({ served: true });
    }
    expect(server.app.http.hasRoute({ method: 'POST', url: '/telegram/webhook' })).toBe(false);

    // Each answers through its own path: the web chat in the response, the app and 微信客服 through the fake WeCom.
    const chat = await fetch(`${base}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'root-web-user', text: '买房有补贴吗？' }) });
    expect(chat.status).toBe(200);
    expect(JSON.stringify(await chat.json())).toContain('购房补贴');

    const nowSec = () => Math.floor(Date.now() / 1000);
    const appAnswer = wecom.nextCall('message/send');
    const appCallback = callbackRequest(appTextXml({ from: 'member01', content: '买房有补贴吗？', msgId: 'root-app-1', createTime: nowSec() }), { timestampSec: nowSec() });
    expect((await fetch(`${base}${appCallback.url}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: appCallback.payload })).status).toBe(200);
    expect(JSON.stringify((await appAnswer).body)).toContain('购房补贴');

    const kfAnswer = wecom.nextCall('kf/send_msg');
    wecom.addKfMessages(OPEN_KFID, { msgid: 'root-kf-1', open_kfid: OPEN_KFID, external_userid: 'wmRootCustomer', send_time: nowSec(), origin: 3, msgtype: 'text', text: { content: '买房有补贴吗？' } });
    const kfCallback = callbackRequest(kfEventXml({ createTime: nowSec(), token: 'root-sync-token' }), { timestampSec: nowSec() });
    expect((await fetch(`${base}${kfCallback.url}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: kfCallback.payload })).status).toBe(200);
    expect(JSON.stringify((await kfAnswer).body)).toContain('购房补贴');

    await server.close();
    expect(channelsLogged(lines, 'channel stopped')).toEqual(['wecom', 'wecom-kf', 'telegram', 'web']);
    const lastChannelStopped = lines.findLastIndex((l) => l.msg === 'channel stopped');
    const storeClosed = lines.findIndex((l) => l.msg?.startsWith('talentbot stopped') === true);
    expect(lastChannelStopped).toBeGreaterThan(-1);
    expect(storeClosed).toBeGreaterThan(lastChannelStopped);
  });
});
