/**
 * The channel as a whole: the wiring documented at the top of `src/channels/wecom/index.ts`
 * (as `startServer.ts` does it: configuration from the WECOM_* variables, both adapters
 * registered, routes added after `buildApp` and before `listen`, a real HTTP server, the
 * registry's start() and stop()), and
 * Tencent's published samples through `/wecom/callback`.
 */
import { encrypt, getSignature } from '@wecom/crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildWebApp } from '../../helpers/webApp.js';
import { createChannelRegistry } from '../../../src/channels/channelRegistry.js';
import { createWecomChannel } from '../../../src/channels/wecom/index.js';
import { loadConfig } from '../../../src/config/config.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { fixedKnowledge } from '../../../src/knowledge/knowledgeBase.js';
import { createMemoryStore } from '../../../src/store/memoryStore.js';
import { realFetch } from '../../leads/leadTestKit.js';
import { shippedKnowledgeBase, shippedProfile } from '../../helpers/testApp.js';
import { startFakeWecom, type FakeWecom } from './fakeWecom.js';
import { OFFICIAL_VECTORS as A } from './officialVectors.js';

describe('createWecomChannel wiring', () => {
  it('is off without the variables, and serves the callback URL when wired as documented', async () => {
    expect(loadConfig({}).wecom).toBeUndefined();
    const encodingAesKey = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
    const config = loadConfig({
      WECOM_CORP_ID: 'ww0123456789abcdef',
      WECOM_AGENT_ID: '1000002',
      WECOM_SECRET: 'secret-not-used-here',
      WECOM_TOKEN: 'wiringToken',
      WECOM_ENCODING_AES_KEY: encodingAesKey,
      WECOM_API_BASE: 'http://127.0.0.1:9',
    });
    const clock = createManualClock(Date.now());
    const store = createMemoryStore(clock);
    const app = buildWebApp({ clock, store, knowledge: fixedKnowledge(await shippedKnowledgeBase()), profile: await shippedProfile() });
    const wecom = config.wecom ? createWecomChannel({ engine: app.engine, store, clock, config: { ...config.wecom, apiBase: config.wecomApiBase } }) : undefined;
    const channels = createChannelRegistry();
    for (const adapter of wecom?.adapters ?? []) channels.register(adapter);
    channels.registerRoutes(app.http);
    const address = await app.http.listen({ port: 0, host: '127.0.0.1' });
    await channels.start();
    try {
      const timestamp = String(Math.floor(clock.now() / 1000));
      const echostr = encrypt(encodingAesKey, '8620345918273645', 'ww0123456789abcdef');
      const signature = getSignature('wiringToken', timestamp, '7', echostr);
      const response = await fetch(`${address}/wecom/callback?msg_signature=${signature}&timestamp=${timestamp}&nonce=7&echostr=${encodeURIComponent(echostr)}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('8620345918273645');
      // The web chat still works beside it.
      expect((await fetch(`${address}/healthz`)).status).toBe(200);
    } finally {
      await app.http.close();
      await channels.stop();
    }
  });
});

describe('official vectors through /wecom/callback', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  /** The app with the channel; its engine turns wait for `release()`, so that a test can see what happens before a reply exists. */
  async function vectorApp(now: string): Promise<{ inject: ReturnType<typeof buildWebApp>['http']['inject']; wecom: FakeWecom; release: () => void }> {
    const clock = createManualClock(Number(now) * 1000);
    const store = createMemoryStore(clock);
    const app = buildWebApp({ clock, store, knowledge: fixedKnowledge(await shippedKnowledgeBase()), profile: await shippedProfile() });
    const wecom = await startFakeWecom({ corpId: A.receiveId, secret: 'vector-secret' });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const channel = createWecomChannel({
      engine: {
        handleOnce: async (inbound) => {
          await released;
          return app.engine.handleOnce(inbound);
        },
      },
      store,
      clock,
      config: { corpId: A.receiveId, agentId: 218, secret: 'vector-secret', token: A.token, encodingAesKey: A.encodingAESKey, apiBase: wecom.url },
      fetch: realFetch,
    });
    channel.registerRoutes(app.http);
    close = async () => {
      await channel.stop();
      await app.http.close();
      await wecom.close();
    };
    return { inject: app.http.inject.bind(app.http), wecom, release };
  }

  it('GET answers the URL check with the plaintext exactly', async () => {
    const v = A.verifyUrl;
    const { inject } = await vectorApp(v.timestamp);
    const response = await inject({ method: 'GET', url: `/wecom/callback?msg_signature=${v.msg_signature}&timestamp=${v.timestamp}&nonce=${v.nonce}&echostr=${v.echostr_urlencoded}` });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(v.expected_plaintext);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('POST of the published message is accepted and answered through message/send', async () => {
    const v = A.decryptMsg;
    const { inject, wecom, release } = await vectorApp(v.timestamp);
    const response = await inject({ method: 'POST', url: `/wecom/callback?msg_signature=${v.msg_signature}&timestamp=${v.timestamp}&nonce=${v.nonce}`, headers: { 'content-type': 'text/xml' }, payload: v.post_body });
    // Answered at once: the turn has not even started.
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    expect(wecom.callsTo('message/send')).toEqual([]);
    release();
    await close!();
    close = undefined;
    const sent = wecom.callsTo('message/send');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({ touser: 'mycreate', agentid: 218, msgtype: 'text' });
  });
});
