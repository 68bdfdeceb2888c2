/**
 * 微信客服 replies through the durable outbox, against the local fake WeCom: a reply that
 * fails with -1 (系统繁忙), 45009, a timeout or an engine failure is sent on a later attempt,
 * exactly once; a permanent refusal stops at once; a multi-part answer goes on where it
 * stopped; one customer's answers keep their order; and a reply owed when the process
 * stops is sent by the next one, from the SQLite file. Retries are driven by the manual
 * clock and the channel's "drained" signal (`drainReplies`), never by waiting. With Redis
 * (a real redis-server), a reply one process could not send is sent by another.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { kfMessageItemId } from '../../../src/channels/wecom/kfQueuedItem.js';
import type { Clock } from '../../../src/shared/clock.js';
import { createRedisStore } from '../../../src/store/redis/index.js';
import { createSqliteStore } from '../../../src/store/sqliteStore.js';
import { deleteKeysByPrefix, findRedisForTests, randomTestPrefix, releaseRedisForTests } from '../../helpers/redisForTests.js';
import { startFakeWecom } from './fakeWecom.js';
import { createWecomBed, OPEN_KFID, TEST_WECOM, shownText, type WecomBed, type WecomBedSetup } from './wecomTestKit.js';

const RETRY_CAP_MS = 5 * 60_000;
const beds: WecomBed[] = [];
const folders: string[] = [];
afterEach(async () => {
  for (const bed of beds.splice(0).reverse()) await bed.close();
  for (const folder of folders.splice(0)) if (folder) rmSync(folder, { recursive: true, force: true });
});

afterAll(() => releaseRedisForTests());

async function setUp(setup: WecomBedSetup = {}): Promise<WecomBed> {
  const bed = await createWecomBed(setup);
  beds.push(bed);
  return bed;
}

/** A customer text message as sync_msg returns it. */
function customerText(b: WecomBed, user: string, msgid: string, content: string) {
  return { msgid, open_kfid: OPEN_KFID, external_userid: user, send_time: b.nowSec(), origin: 3, msgtype: 'text', text: { content } };
}

const repliesTo = (b: WecomBed, user: string) => b.wecom.acceptedCalls('kf/send_msg').filter((c) => c.body.touser === user);
/** What the channel logged, as a failure message: why an attempt failed when a test did not expect it. */
const logOf = (b: WecomBed) => JSON.stringify(b.logger.entries.filter((e) => e.level !== 'debug').map((e) => [e.level, e.message, (e.fields as { error?: string }).error]));

describe('微信客服 (kf): the reply outbox', () => {
  // A call that gets no answer fails after apiTimeoutMs of real time: the one real wait here, kept short.
  for (const [what, fail, apiTimeoutMs] of [
    ['errcode -1 (系统繁忙)', (b: WecomBed) => b.wecom.failNext('kf/send_msg', -1, { errmsg: 'system busy' }), undefined],
    ['errcode 45009 (calls too often)', (b: WecomBed) => b.wecom.failNext('kf/send_msg', 45009, { errmsg: 'api freq out of limit' }), undefined],
    ['no answer in time', (b: WecomBed) => b.wecom.hangNext('kf/send_msg'), 1000],
  ] as const) {
    it(`a reply refused with ${what} is sent on the next attempt, once`, async () => {
      const b = await setUp({ options: { ...(apiTimeoutMs ? { apiTimeoutMs } : {}) } });
      fail(b);
      b.wecom.addKfMessages(OPEN_KFID, customerText(b, 'wmRetry', 'r1', '买房有补贴吗？'));
      await b.notifyKf();
      expect(repliesTo(b, 'wmRetry'), logOf(b)).toHaveLength(0);
      const item = await b.store.replies.get(kfMessageItemId(OPEN_KFID, 'r1'));
      expect(item).toMatchObject({ status: 'pending', attempts: 1 });
      expect(b.logger.entries.some((e) => e.level === 'warn' && e.message === 'kf: reply failed; will retry')).toBe(true);

      // Nothing is due before the backoff has passed; afterwards the reply goes out.
      expect(await b.channel.drainReplies()).toBe(0);
      b.clock.advance(RETRY_CAP_MS);
      expect(await b.channel.drainReplies()).toBe(1);
      const sent = repliesTo(b, 'wmRetry');
      expect(sent, logOf(b)).toHaveLength(1);
      expect(shownText(sent[0]!)).toContain('购房补贴');
      expect(await b.store.replies.get(kfMessageItemId(OPEN_KFID, 'r1'))).toMatchObject({ status: 'done', attempts: 2 });

      // Read again (a lost cursor): recognised, not answered twice.
      await b.store.state.delete(`wecom:kf:cursor:${OPEN_KFID}`);
      await b.notifyKf();
      b.clock.advance(RETRY_CAP_MS);
      await b.channel.drainReplies();
      expect(repliesTo(b, 'wmRetry')).toHaveLength(1);
    });
  }

  it('an engine (model) failure is retried, and the customer gets one answer', async () => {
    let failures = 1;
    const b = await setUp({
      engine: (engine) => ({
        handleOnce: async (inbound) => {
          if (failures-- > 0) throw new Error('model provider answered 500');
          return engine.handleOnce(inbound);
        },
      }),
    });
    b.wecom.addKfMessages(OPEN_KFID, customerText(b, 'wmModel', 'e1', '买房有补贴吗？'));
    await b.notifyKf();
    expect(repliesTo(b, 'wmModel')).toHaveLength(0);
    b.clock.advance(RETRY_CAP_MS);
    await b.channel.drainReplies();
    expect(repliesTo(b, 'wmModel')).toHaveLength(1);
  });

  it('a permanent refusal stops at once: no retries', async () => {
    const b = await setUp();
    b.wecom.failNext('kf/send_msg', 40003, { errmsg: 'invalid external_userid' });
    b.wecom.addKfMessages(OPEN_KFID, customerText(b, 'wmGone', 'p1', '买房有补贴吗？'));
    await b.notifyKf();
    expect(await b.store.replies.get(kfMessageItemId(OPEN_KFID, 'p1'))).toMatchObject({ status: 'dead', attempts: 1 });
    expect(b.logger.entries.some((e) => e.level === 'error' && e.message === 'kf: reply refused for good; not retried')).toBe(true);
    for (let n = 0; n < 3; n++) {
      b.clock.advance(RETRY_CAP_MS);
      expect(await b.channel.drainReplies()).toBe(0);
    }
    expect(b.wecom.callsTo('kf/send_msg')).toHaveLength(1);
  });

  it('a session a person took meanwhile (95018) is not retried: the rest of the answer is not sent', async () => {
    const b = await setUp();
    b.wecom.failNext('kf/send_msg', 95018, { errmsg: 'invalid session state' });
    b.wecom.addKfMessages(OPEN_KFID, customerText(b, 'wmTaken', 't1', '买房有补贴吗？'));
    await b.notifyKf();
    expect(await b.store.replies.get(kfMessageItemId(OPEN_KFID, 't1'))).toMatchObject({ status: 'dead' });
    expect(b.logger.entries.some((e) => e.level === 'warn' && (e.message ?? '').includes('refused to send more to this customer'))).toBe(true);
  });

  it('a multi-part answer goes on where it stopped: parts WeCom accepted are not sent again', async () => {
    const long = Array.from({ length: 8 }, (_, i) => `第${i}段：${'武进区人才政策说明'.repeat(20)}`).join('\n\n');
    const b = await setUp({
      engine: (engine) => ({
        handleOnce: async (inbound) => ({ ...(await engine.handleOnce(inbound)), replies: [{ text: long, buttons: [], sources: [], fallback: false, language: 'zh' }] }),
      }),
    });
    b.wecom.failNext('kf/send_msg', -1, { skip: 1 });
    b.wecom.addKfMessages(OPEN_KFID, customerText(b, 'wmLong', 'l1', '政策说明'));
    await b.notifyKf();
    expect(repliesTo(b, 'wmLong')).toHaveLength(1);
    expect(await b.store.replies.get(kfMessageItemId(OPEN_KFID, 'l1'))).toMatchObject({ status: 'pending', done: 1 });
    b.clock.advance(RETRY_CAP_MS);
    await b.channel.drainReplies();
    const texts = repliesTo(b, 'wmLong').map(shownText);
    expect(texts.length).toBeGreaterThan(1);
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts.join('')).toContain('第0段');
    expect(texts.join('')).toContain('第7段');
  });

  it("one customer's answers keep their order while the first is retried; others are not held up", async () => {
    const b = await setUp();
    b.wecom.failNext('kf/send_msg', -1);
    b.wecom.addKfMessages(OPEN_KFID, customerText(b, 'wmOrder', 'o1', '买房有补贴吗？'), customerText(b, 'wmOrder', 'o2', '赛事日历'), customerText(b, 'wmOther', 'x1', '人才贷是什么？'));
    await b.notifyKf();
    expect(repliesTo(b, 'wmOrder')).toHaveLength(0);
    expect(repliesTo(b, 'wmOther')).toHaveLength(1);
    b.clock.advance(RETRY_CAP_MS);
    await b.channel.drainReplies();
    const sent = repliesTo(b, 'wmOrder').map(shownText);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toContain('购房补贴');
  });

  it('with Redis, a reply one process could not send is sent by another, once', async () => {
    const { url } = await findRedisForTests();
    const prefix = randomTestPrefix();
    const wecom = await startFakeWecom({ corpId: TEST_WECOM.corpId, secret: TEST_WECOM.secret });
    beds.push({ close: async () => { await wecom.close(); await deleteKeysByPrefix(url, prefix); } } as WecomBed);
    const onRedis = { store: (clock: Clock) => createRedisStore({ url, prefix, clock }), wecom };
    const a = await setUp(onRedis);
    const b = await setUp(onRedis);
    a.wecom.failNext('kf/send_msg', -1);
    a.wecom.addKfMessages(OPEN_KFID, customerText(a, 'wmShared', 'd1', '买房有补贴吗？'));
    await a.notifyKf();
    expect(repliesTo(a, 'wmShared')).toHaveLength(0);
    b.clock.advance(RETRY_CAP_MS);
    expect(await b.channel.drainReplies()).toBe(1);
    a.clock.advance(RETRY_CAP_MS);
    expect(await a.channel.drainReplies()).toBe(0);
    expect(repliesTo(b, 'wmShared')).toHaveLength(1);
  });

  it('a reply owed when the process stops is sent by the restarted process, once (SQLite file)', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'talentbot-kf-'));
    folders.push(folder);
    const file = path.join(folder, 'talentbot.sqlite');
    const wecom = await startFakeWecom({ corpId: TEST_WECOM.corpId, secret: TEST_WECOM.secret });
    beds.push({ close: () => wecom.close() } as WecomBed);
    const first = await createWecomBed({ store: (clock) => createSqliteStore({ file, clock }), wecom });
    first.wecom.failNext('kf/send_msg', -1);
    first.wecom.addKfMessages(OPEN_KFID, customerText(first, 'wmRestart', 'k1', '买房有补贴吗？'));
    await first.notifyKf();
    expect(repliesTo(first, 'wmRestart')).toHaveLength(0);
    const stoppedAt = first.clock.now();
    await first.close();

    const second = await setUp({ store: (clock) => createSqliteStore({ file, clock }), now: new Date(stoppedAt + RETRY_CAP_MS).toISOString(), wecom });
    expect(await second.channel.drainReplies()).toBe(1);
    expect(repliesTo(second, 'wmRestart')).toHaveLength(1);
    expect(shownText(repliesTo(second, 'wmRestart')[0]!)).toContain('购房补贴');
    expect(wecom.callsTo('kf/sync_msg')).toHaveLength(1);
  });
});
