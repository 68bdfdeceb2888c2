/**
 * The WeCom API client against the local fake WeCom: the access token shared by instances
 * through the store, refreshed by one of them, refreshed once on 40014/42001; 60020 logged
 * with what to configure; secrets never in errors.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createWecomApi, type WecomApi } from '../../../src/channels/wecom/api.js';
import { accessTokenKey } from '../../../src/channels/wecom/accessToken.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { NetworkError, PlatformError } from '../../../src/shared/errors.js';
import { createMemoryStore } from '../../../src/store/memoryStore.js';
import type { Store } from '../../../src/store/contract.js';
import { realFetch, recordingLogger } from '../../leads/leadTestKit.js';
import { startFakeWecom, type FakeWecom } from './fakeWecom.js';
import { TEST_WECOM } from './wecomTestKit.js';

let wecom: FakeWecom | undefined;
afterEach(async () => {
  await wecom?.close();
  wecom = undefined;
});

const APP_KEY = `${TEST_WECOM.corpId}:${TEST_WECOM.agentId}`;
const STATE = { openKfId: 'wk1', externalUserId: 'wm1' };

async function setUp() {
  wecom = await startFakeWecom({ corpId: TEST_WECOM.corpId, secret: TEST_WECOM.secret });
  const clock = createManualClock('2026-03-01T01:00:00Z');
  const store = createMemoryStore(clock);
  const logger = recordingLogger();
  const instance = (secret = TEST_WECOM.secret, apiBase = wecom!.url): WecomApi =>
    createWecomApi({ corpId: TEST_WECOM.corpId, secret, appKey: APP_KEY, store: store.state, clock, logger, fetch: realFetch, apiBase, timeoutMs: 2000 });
  return { clock, store, logger, instance, wecom: wecom! };
}

async function cachedToken(store: Store): Promise<string | undefined> {
  return ((await store.state.get(accessTokenKey(APP_KEY))) as { token?: string } | undefined)?.token;
}

describe('WeCom API client', () => {
  it('two app instances share one cached token, fetched once', async () => {
    const { instance, wecom, store } = await setUp();
    const [a, b] = [instance(), instance()];
    await Promise.all([a, b, a, b, a, b].map((api) => api.getKfServiceState(STATE)));
    expect(wecom.callsTo('gettoken')).toHaveLength(1);
    expect(wecom.callsTo('kf/service_state/get')).toHaveLength(6);
    const token = await cachedToken(store);
    expect(token).toBe('fake-token-1');
    expect(new Set(wecom.callsTo('kf/service_state/get').map((c) => c.query.get('access_token')))).toEqual(new Set([token]));
    // A third instance, started later, finds it in the store.
    await instance().getKfServiceState(STATE);
    expect(wecom.callsTo('gettoken')).toHaveLength(1);
  });

  it('refreshes before expiry, by one of the instances', async () => {
    const { instance, wecom, clock } = await setUp();
    const [a, b] = [instance(), instance()];
    await a.getKfServiceState(STATE);
    clock.advance(7200_000 - 10 * 60_000);
    await b.getKfServiceState(STATE);
    expect(wecom.callsTo('gettoken')).toHaveLength(1);
    clock.advance(6 * 60_000); // within five minutes of expiry
    await Promise.all([a, b, a, b].map((api) => api.getKfServiceState(STATE)));
    expect(wecom.callsTo('gettoken')).toHaveLength(2);
    // refreshIfDue (what start() runs every minute) does nothing while the token is fresh.
    await a.tokens.refreshIfDue();
    expect(wecom.callsTo('gettoken')).toHaveLength(2);
    clock.advance(7200_000 - 4 * 60_000);
    await a.tokens.refreshIfDue();
    expect(wecom.callsTo('gettoken')).toHaveLength(3);
  });

  it('40014: refreshes the token and retries once', async () => {
    const { instance, wecom, store } = await setUp();
    const api = instance();
    await api.getKfServiceState(STATE);
    wecom.revokeTokens();
    await expect(api.getKfServiceState(STATE)).resolves.toMatchObject({ serviceState: 0 });
    expect(wecom.callsTo('gettoken')).toHaveLength(2);
    expect(wecom.callsTo('kf/service_state/get').map((c) => c.query.get('access_token'))).toEqual(['fake-token-1', 'fake-token-1', 'fake-token-2']);
    expect(await cachedToken(store)).toBe('fake-token-2');
  });

  it('40014 or 42001 again after the refresh: fails, without a loop', async () => {
    const { instance, wecom } = await setUp();
    const api = instance();
    wecom.failNext('kf/send_msg', 42001, { errmsg: 'access_token expired' });
    wecom.failNext('kf/send_msg', 40014, { errmsg: 'invalid access_token' });
    const error = await api.sendKfMessage({ ...STATE, content: { msgtype: 'text', text: { content: 'hi' } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).toMatchObject({ code: 40014, method: 'kf/send_msg', retryable: false });
    expect(wecom.callsTo('kf/send_msg')).toHaveLength(2);
    expect(wecom.callsTo('gettoken')).toHaveLength(2);
  });

  it('60020: the log says which IP to add to the trusted IPs, and where', async () => {
    const { instance, wecom, logger } = await setUp();
    wecom.failNext('kf/send_msg', 60020, { errmsg: 'not allow to access from your ip, hint: [1700000000_1_abc], from ip: 203.0.113.7, more info at https://open.work.weixin.qq.com/devtool/query?e=60020' });
    const error = await instance().sendKfMessage({ ...STATE, content: { msgtype: 'text', text: { content: 'hi' } } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 60020 });
    const entry = logger.entries.find((e) => e.level === 'error');
    expect(entry?.fields).toMatchObject({ errcode: 60020, ip: '203.0.113.7' });
    expect(entry?.message).toContain('203.0.113.7');
    expect(entry?.message).toContain('企业可信IP');
    expect(wecom.callsTo('kf/send_msg')).toHaveLength(1);
  });

  it('a wrong secret names the variables to check, never the secret or a token', async () => {
    const { instance } = await setUp();
    const error = await instance('wrong-secret-value-42').getKfServiceState(STATE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as Error).message).toContain('WECOM_SECRET');
    expect((error as Error).message).not.toContain('wrong-secret-value-42');
  });

  it('a network failure names the endpoint without the access token', async () => {
    const { instance } = await setUp();
    const api = instance();
    await api.getKfServiceState(STATE);
    const down = instance(TEST_WECOM.secret, 'http://127.0.0.1:9');
    const error = await down.getKfServiceState(STATE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain('/cgi-bin/kf/service_state/get');
    expect((error as Error).message).not.toContain('fake-token');
  });

  it('rejects answers that do not have the documented shape', async () => {
    const { instance, wecom } = await setUp();
    const api = instance();
    wecom.addKfMessages('wk1', { msgid: 'ok-1', send_time: 1, msgtype: 'text', origin: 3, text: { content: 'hi' } }, { msgid: 'bad', send_time: 'yesterday' } as never);
    wecom.kfPageSize = 10;
    const page = await api.syncKfMessages({ openKfId: 'wk1' });
    expect(page.messages.map((m) => m.msgid)).toEqual(['ok-1']);
    expect(page.skipped).toBe(1);
    expect(page.hasMore).toBe(false);
  });
});
