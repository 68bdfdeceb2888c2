/**
 * A calendar notification survives a SIGKILL of the server between publish and send: a
 * Telegram subscriber (fake Bot API, long polling) and a WeCom app member (fake WeCom,
 * encrypted callbacks) subscribe in words; staff publish dates (the content file is edited and
 * the process told with SIGHUP); both platforms refuse every send until the process is killed;
 * the restarted process sends each notification, and each person gets it exactly once.
 */
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Update } from 'grammy/types';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { FAKE_BOT_TOKEN, startFakeBotApi, type FakeBotApi } from '../channels/telegram/fakeBotApi.js';
import { startFakeWecom, type FakeWecom } from '../channels/wecom/fakeWecom.js';
import { appTextXml, callbackRequest, TEST_WECOM, testWecomEnv } from '../channels/wecom/wecomTestKit.js';
import { KNOWLEDGE_DIR } from '../helpers/testApp.js';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess.js';

const CHAT = 4242;
const MEMBER = 'zhangsan';
const DATE = '2027-05-10';

async function waitFor(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let server: ServerProcess | undefined;
let bot: FakeBotApi | undefined;
let wecom: FakeWecom | undefined;
afterAll(async () => {
  await server?.kill('SIGKILL');
  await bot?.close();
  await wecom?.close();
});

describe('a calendar notification and a crash', () => {
  it('reaches a Telegram and a WeCom app subscriber exactly once across SIGKILL and restart', async () => {
    bot = await startFakeBotApi();
    wecom = await startFakeWecom({ corpId: TEST_WECOM.corpId, secret: TEST_WECOM.secret });
    const fakeBot = bot;
    const fakeWecom = wecom;
    const dir = await mkdtemp(path.join(tmpdir(), 'talentbot-calendar-crash-'));
    const knowledgeDir = path.join(dir, 'knowledge');
    await cp(KNOWLEDGE_DIR, knowledgeDir, { recursive: true });
    const env = {
      DATA_DIR: path.join(dir, 'data'),
      // Retries spaced by up to 4 s (the platforms refuse every send until the kill), so the
      // restarted process finds the notifications due soon.
      DELIVERY_RETRY_BASE_SECONDS: '4',
      KNOWLEDGE_DIR: knowledgeDir,
      PUBLIC_BASE_URL: 'https://talent.example.test',
      TELEGRAM_BOT_TOKEN: FAKE_BOT_TOKEN,
      TELEGRAM_API_ROOT: fakeBot.url,
      ...testWecomEnv(fakeWecom.url),
    };
    server = await startServerProcess(env);

    let updateId = 1;
    const telegramSays = (text: string) =>
      fakeBot.pushUpdate({
        update_id: updateId++,
        message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: CHAT, type: 'private', first_name: 'T' }, from: { id: CHAT, is_bot: false, first_name: 'T', language_code: 'zh-hans' }, text },
      } as Update);
    let msgId = 1;
    const memberSays = async (content: string) => {
      const now = Math.floor(Date.now() / 1000);
      const request = callbackRequest(appTextXml({ from: MEMBER, content, msgId: String(msgId++), createTime: now }), { timestampSec: now });
      const response = await fetch(`${server!.url}${request.url}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: request.payload });
      expect(response.status).toBe(200);
    };
    const toChat = () => fakeBot.messagesTo(CHAT).map((m) => m.visible);
    const toMember = () => fakeWecom.acceptedCalls('message/send').filter((c) => c.body.touser === MEMBER).map((c) => String((c.body.text as { content: string }).content));

    telegramSays('有新比赛告诉我');
    await waitFor('the consent question on Telegram', () => toChat().some((t) => t.includes('是否订阅')));
    telegramSays('好的');
    await waitFor('the Telegram subscription', () => toChat().some((t) => t.includes('已订阅')));
    await memberSays('大湾区的比赛公布了通知我');
    await waitFor('the consent question in the WeCom app', () => toMember().some((t) => t.includes('是否订阅')));
    await memberSays('好的');
    await waitFor('the WeCom app subscription', () => toMember().some((t) => t.includes('已订阅')));

    // Both platforms fail every send until the process is killed (a retry before the kill fails
    // too); staff publish the dates.
    fakeBot.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' }, 100);
    for (let i = 0; i < 100; i++) fakeWecom.failNext('message/send', -1, { errmsg: 'system busy' });
    const calendarFile = path.join(knowledgeDir, 'calendar.yaml');
    const calendar = parse(await readFile(calendarFile, 'utf8')) as { events: Array<Record<string, unknown>> };
    const event = calendar.events.find((e) => e.id === 'greater-bay-area-invitational-2024')!;
    Object.assign(event, { status: 'planned', start: DATE, registrationDeadline: '2027-04-20' });
    await writeFile(calendarFile, stringify(calendar));
    server.child.kill('SIGHUP');

    const failedTelegram = () => fakeBot.callsOf('sendMessage').filter((c) => !c.ok && String(c.params.text).includes(DATE)).length;
    const failedWecom = () => fakeWecom.callsTo('message/send').filter((c) => String((c.body.text as { content?: string }).content).includes(DATE)).length;
    await waitFor('a failed first attempt on both platforms', () => failedTelegram() >= 1 && failedWecom() >= 1);
    // Killed once both failures are recorded for a retry: a process killed in the middle of a send
    // does not send that notification again (it may have been delivered), by design.
    const server1 = server;
    await waitFor('both failures recorded for a retry', () => (server1.output().match(/calendar: notification failed; will retry/g) ?? []).length >= 2);
    await server.kill('SIGKILL');
    expect(toChat().filter((t) => t.includes(DATE))).toEqual([]);
    expect(toMember().filter((t) => t.includes(DATE))).toEqual([]);
    fakeBot.stopFailing('sendMessage');
    fakeWecom.stopFailing('message/send');

    server = await startServerProcess(env);
    await waitFor('both notifications after the restart', () => toChat().some((t) => t.includes(DATE)) && toMember().some((t) => t.includes(DATE)), 60_000);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(toChat().filter((t) => t.includes(DATE))).toHaveLength(1);
    expect(toMember().filter((t) => t.includes(DATE))).toHaveLength(1);
    expect(toChat().find((t) => t.includes(DATE))).toContain('日期已公布');
  }, 120_000);
});
