/**
 * Issue #12: two real server processes on one Redis handle a burst of 微信客服 (kf) messages
 * from several customers — each message answered once, each customer's answers in the order
 * of their messages.
 *
 * The fake WeCom API (`test/channels/wecom/fakeWecom.ts`) runs in this test process and both
 * servers call it (`WECOM_API_BASE`). Customers' messages are queued on its sync_msg pages in
 * waves; after each wave, `kf_msg_or_event` callbacks sealed with `@wecom/crypto` go to both
 * processes, some at the same moment, some the same callback to both (as WeCom retries one).
 * Two sends are refused once (-1, 45009) and retried. Once the outbox has every message done,
 * both processes are stopped, and what the fake accepted on `kf/send_msg` — the customers'
 * view — is checked.
 * Nothing of ours is mocked; the test waits on what it observes, with a generous deadline.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kfMessageItemId } from '../../src/channels/wecom/kfQueuedItem.js';
import type { Store } from '../../src/store/contract.js';
import { sharedRedisRun, type SharedRedisRun } from '../helpers/sharedRedisRun.js';
import { startFakeWecom, type FakeCall, type FakeWecom } from '../channels/wecom/fakeWecom.js';
import { callbackRequest, kfEventXml, OPEN_KFID, shownText, TEST_WECOM, testWecomEnv } from '../channels/wecom/wecomTestKit.js';
import { releaseRedisForTests } from '../helpers/redisForTests.js';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess.js';

const CUSTOMERS = Array.from({ length: 6 }, (_, i) => `wmBurstCustomer${i + 1}`);
/** Each customer's messages, in order, with a text only the answer to that message shows. */
const QUESTIONS: ReadonlyArray<{ text: string; answerShows: string }> = [
  { text: '买房有补贴吗？', answerShows: '〔来源：购房补贴' },
  { text: '人才贷是什么？', answerShows: '〔来源：“人才贷”低息贷款' },
  { text: '创业资助有多少？', answerShows: '〔来源：创业资助' },
  { text: '股权融资有奖励吗？', answerShows: '〔来源：股权融资奖励' },
];
const DEADLINE_MS = 90_000;

async function waitFor(what: string, check: () => boolean | Promise<boolean>, explain: () => string, timeoutMs = DEADLINE_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${explain()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let servers: ServerProcess[] = [];
let wecom: FakeWecom | undefined;
let inspector: Store | undefined;
let run: SharedRedisRun | undefined;
afterAll(async () => {
  await Promise.all(servers.map((s) => s.kill('SIGKILL')));
  await wecom?.close();
  await run?.close();
  await releaseRedisForTests();
});

describe('微信客服 (kf) on two processes sharing one Redis', () => {
  it('a burst from several customers: every message answered once, each customer in order', async () => {
    run = await sharedRedisRun('talentbot-kf-burst-');
    const { redisUrl, prefix, dir } = run;
    inspector = run.inspector;
    wecom = await startFakeWecom({ corpId: TEST_WECOM.corpId, secret: TEST_WECOM.secret });
    const env = {
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix,
      DATA_DIR: path.join(dir, 'data'),
      ACK_SIGNING_SECRET: 'kf-burst-ack-secret-of-32-characters-long',
      ...testWecomEnv(wecom.url),
    };
    servers = await Promise.all([startServerProcess(env, 60_000), startServerProcess(env, 60_000)]);
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const fake = wecom;
    const outputs = () => servers.map((s) => `--- ${s.url}\n${s.output()}`).join('\n');

    let callbacks = 0;
    /** The tokens of the callbacks each process got alone. */
    const ownTokens = new Map<ServerProcess, string[]>([[a, []], [b, []]]);
    /** Posts a kf_msg_or_event callback, sealed and signed as WeCom does, to one process. */
    const notify = async (server: ServerProcess, shared?: string) => {
      const token = shared ?? `ENC-burst-token-${++callbacks}`;
      if (!shared) ownTokens.get(server)!.push(token);
      const nowSec = Math.floor(Date.now() / 1000);
      const request = callbackRequest(kfEventXml({ createTime: nowSec, token }), { timestampSec: nowSec });
      const response = await fetch(`${server.url}${request.url}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: request.payload });
      expect(response.status, outputs()).toBe(200);
    };

    // Two sends WeCom refuses once (busy, rate-limited): retried by whichever process takes the item up, still in order.
    fake.failNext('kf/send_msg', -1, { errmsg: 'system busy', skip: 2 });
    fake.failNext('kf/send_msg', 45009, { errmsg: 'api freq out of limit', skip: 9 });

    // Four waves; in each, every customer writes their next message, customers in turn, forwards in one wave and backwards in the next.
    for (const [n, question] of QUESTIONS.entries()) {
      const order = n % 2 === 0 ? CUSTOMERS : [...CUSTOMERS].reverse();
      for (const user of order) {
        fake.addKfMessages(OPEN_KFID, {
          msgid: `${user}-m${n + 1}`,
          open_kfid: OPEN_KFID,
          external_userid: user,
          send_time: Math.floor(Date.now() / 1000),
          origin: 3,
          msgtype: 'text',
          text: { content: question.text },
        });
      }
      // Both processes at once, each with its own callback; in every other wave also the same callback to both.
      const shared = `ENC-burst-shared-${n}`;
      await Promise.all([notify(a), notify(b), ...(n % 2 === 1 ? [notify(a, shared), notify(b, shared)] : [])]);
    }

    const ids = CUSTOMERS.flatMap((user) => QUESTIONS.map((_, n) => kfMessageItemId(OPEN_KFID, `${user}-m${n + 1}`)));
    let statuses: Array<string | undefined> = [];
    const allDone = async () => {
      statuses = await Promise.all(ids.map(async (id) => (await inspector!.replies.get(id))?.status));
      return statuses.every((s) => s === 'done');
    };
    await waitFor('every message answered', allDone, () => `${JSON.stringify(Object.fromEntries(ids.map((id, i) => [id, statuses[i] ?? 'not recorded'])))}\n${outputs()}`);

    // Both processes stopped (gracefully): no send can still be on its way when the record is read.
    await Promise.all(servers.map((s) => s.kill('SIGTERM')));

    // Both processes read the account: every callback one of them got alone led to a sync_msg with its token.
    const syncTokens = new Set(fake.callsTo('kf/sync_msg').map((c) => c.body.token));
    for (const [server, tokens] of ownTokens) expect(tokens.filter((t) => !syncTokens.has(t)), `${server.url} did not read after these callbacks`).toEqual([]);

    const sentTo = (user: string): FakeCall[] => fake.acceptedCalls('kf/send_msg').filter((c) => c.body.touser === user);
    const seen = Object.fromEntries(CUSTOMERS.map((user) => [user, sentTo(user).map(shownText)]));
    const report = JSON.stringify(seen, null, 1);
    // Both refusals happened, and their items were retried.
    expect(fake.callsTo('kf/send_msg').length, report).toBe(CUSTOMERS.length * QUESTIONS.length + 2);
    for (const user of CUSTOMERS) {
      const texts = seen[user]!;
      // One message per answer here (each answer fits one menu): one answer per customer message, none twice, none lost …
      expect(texts, `${user}: ${report}`).toHaveLength(QUESTIONS.length);
      // … in the order the customer wrote them.
      expect(texts.map((text) => QUESTIONS.findIndex((q) => text.includes(q.answerShows))), `${user}: ${report}`).toEqual(QUESTIONS.map((_, n) => n));
    }
    expect(fake.acceptedCalls('kf/send_msg')).toHaveLength(CUSTOMERS.length * QUESTIONS.length);
  }, 180_000);
});
