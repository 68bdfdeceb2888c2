/**
 * Shared parts of the WeCom tests: the real app with flows and a lead service, the real
 * WeCom channel pointed at the local fake WeCom (`fakeWecom.ts`), and callbacks encrypted
 * and signed the way WeCom does it (with `@wecom/crypto`, independently of our code).
 * Nothing of ours is mocked.
 */
import { encrypt, getSignature } from '@wecom/crypto';
import type { InjectOptions } from 'fastify';
import { createWecomChannel, type LeadCardOptions, type WecomChannel, type WecomChannelOptions } from '../../../src/channels/wecom/index.js';
import type { Clock } from '../../../src/shared/clock.js';
import type { Engine } from '../../../src/core/engine.js';
import type { Store } from '../../../src/store/contract.js';
import { realFetch, recordingLogger } from '../../leads/leadTestKit.js';
import { createTestAppWithFlows } from '../../helpers/testApp.js';
import { startFakeWecom, type FakeCall, type FakeWecom } from './fakeWecom.js';

/** The test organisation and app. The key is 43 base64 characters, like a real EncodingAESKey. */
export const TEST_WECOM = {
  corpId: 'wwtestcorp0000001',
  agentId: 1000002,
  secret: 'test-app-secret-not-real-0123456789',
  token: 'talentbotTestToken',
  encodingAesKey: Buffer.from('talentbot-wecom-test-aes-key-32b').toString('base64').replace(/=+$/, ''),
};

/** The five WECOM_* variables of the test app, and WECOM_API_BASE pointing at a fake WeCom API. */
export function testWecomEnv(apiBase: string): Record<string, string> {
  return {
    WECOM_CORP_ID: TEST_WECOM.corpId,
    WECOM_AGENT_ID: String(TEST_WECOM.agentId),
    WECOM_SECRET: TEST_WECOM.secret,
    WECOM_TOKEN: TEST_WECOM.token,
    WECOM_ENCODING_AES_KEY: TEST_WECOM.encodingAesKey,
    WECOM_API_BASE: apiBase,
  };
}

/** The test 微信客服 account. */
export const OPEN_KFID = 'wkTestAccount0001';

/** A callback request: WeCom's query and body around an encrypted message. */
export function callbackRequest(
  innerXml: string,
  options: { timestampSec: number; nonce?: string; corpId?: string; token?: string; encodingAesKey?: string },
): InjectOptions & { url: string; payload: string } {
  const nonce = options.nonce ?? String(Math.floor(Math.random() * 1e9));
  const encrypted = encrypt(options.encodingAesKey ?? TEST_WECOM.encodingAesKey, innerXml, options.corpId ?? TEST_WECOM.corpId);
  const signature = getSignature(options.token ?? TEST_WECOM.token, options.timestampSec, nonce, encrypted);
  const query = new URLSearchParams({ msg_signature: signature, timestamp: String(options.timestampSec), nonce });
  return {
    method: 'POST',
    url: `/wecom/callback?${query.toString()}`,
    headers: { 'content-type': 'text/xml' },
    payload: `<xml><ToUserName><![CDATA[${TEST_WECOM.corpId}]]></ToUserName><AgentID><![CDATA[${TEST_WECOM.agentId}]]></AgentID><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`,
  };
}

/** A text message from an app member, as WeCom encrypts it. */
export function appTextXml(message: { from: string; content: string; msgId: string; createTime: number; agentId?: number }): string {
  return (
    `<xml><ToUserName><![CDATA[${TEST_WECOM.corpId}]]></ToUserName><FromUserName><![CDATA[${message.from}]]></FromUserName>` +
    `<CreateTime>${message.createTime}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${message.content}]]></Content>` +
    `<MsgId>${message.msgId}</MsgId><AgentID>${message.agentId ?? TEST_WECOM.agentId}</AgentID></xml>`
  );
}

/** A member's press of a template card button, as the app's callback carries it (模板卡片事件推送). */
export function templateCardEventXml(press: { from: string; createTime: number; eventKey: string; taskId: string; responseCode: string }): string {
  return (
    `<xml><ToUserName><![CDATA[${TEST_WECOM.corpId}]]></ToUserName><FromUserName><![CDATA[${press.from}]]></FromUserName>` +
    `<CreateTime>${press.createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event>` +
    `<EventKey><![CDATA[${press.eventKey}]]></EventKey><TaskId><![CDATA[${press.taskId}]]></TaskId><CardType><![CDATA[button_interaction]]></CardType>` +
    `<ResponseCode><![CDATA[${press.responseCode}]]></ResponseCode><AgentID>${TEST_WECOM.agentId}</AgentID>` +
    `<SelectedItems><SelectedItem><QuestionKey><![CDATA[]]></QuestionKey></SelectedItem></SelectedItems></xml>`
  );
}

/** The `kf_msg_or_event` callback of a 微信客服 account. */
export function kfEventXml(event: { createTime: number; token: string; openKfId?: string }): string {
  return (
    `<xml><ToUserName><![CDATA[${TEST_WECOM.corpId}]]></ToUserName><CreateTime>${event.createTime}</CreateTime>` +
    `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event>` +
    `<Token><![CDATA[${event.token}]]></Token><OpenKfId><![CDATA[${event.openKfId ?? OPEN_KFID}]]></OpenKfId></xml>`
  );
}

/** How a WeCom test bed is built; every field is optional. */
export interface WecomBedSetup {
  /** Wraps the app's engine (e.g. to slow it down or make it fail). */
  engine?: (engine: Engine) => Pick<Engine, 'handleOnce'>;
  /** Channel options. */
  options?: WecomChannelOptions;
  /** The store, instead of a fresh in-process one (e.g. a SQLite file, for a restart). */
  store?: (clock: Clock) => Store;
  /** The manual clock's start; default the tests' fixed "now". */
  now?: string;
  /** A fake WeCom to share with an earlier bed (a restarted process); it is not closed with this bed. */
  wecom?: FakeWecom;
  /** Record ratings of answers in the store, as the console does. */
  feedback?: boolean;
  /** Partners' lead cards in the app (partners with `wecom_app` members, the lead page's signer). */
  leadCards?: LeadCardOptions;
}

/** Everything a WeCom test drives. */
export type WecomBed = Awaited<ReturnType<typeof createWecomBed>>;

/**
 * The real app (shipped flows, lead service, manual clock, in-process store) with the WeCom
 * channel registered and pointed at a fresh fake WeCom.
 *
 * @param setup - see {@link WecomBedSetup}
 */
export async function createWecomBed(setup: WecomBedSetup = {}) {
  const test = await createTestAppWithFlows(setup.now, setup.store, { feedback: setup.feedback ?? false });
  const wecom: FakeWecom = setup.wecom ?? (await startFakeWecom({ corpId: TEST_WECOM.corpId, secret: TEST_WECOM.secret }));
  const logger = recordingLogger();
  const channel: WecomChannel = createWecomChannel({
    engine: setup.engine ? setup.engine(test.app.engine) : test.app.engine,
    store: test.store,
    clock: test.clock,
    logger,
    config: { ...TEST_WECOM, apiBase: wecom.url },
    fetch: realFetch,
    // Retry delays in the middle of their range, so that no retry is due at once (a jitter of 0).
    options: { ...setup.options, kf: { outbox: { random: () => 0.5 }, ...setup.options?.kf } },
    ...(setup.leadCards ? { leadCards: setup.leadCards } : {}),
  });
  channel.registerRoutes(test.app.http);
  let callbacks = 0;
  return {
    ...test,
    wecom,
    channel,
    logger,
    /** The current time in Unix seconds. */
    nowSec: () => Math.floor(test.clock.now() / 1000),
    /** Posts a signed, encrypted callback with the current time. */
    post(innerXml: string) {
      return test.app.http.inject(callbackRequest(innerXml, { timestampSec: Math.floor(test.clock.now() / 1000) }));
    },
    /** Posts a kf_msg_or_event callback (a new token each time, as WeCom does) and waits for its work. */
    async notifyKf(openKfId = OPEN_KFID) {
      callbacks += 1;
      const response = await test.app.http.inject(callbackRequest(kfEventXml({ createTime: Math.floor(test.clock.now() / 1000), token: `ENC-sync-token-${callbacks}`, openKfId }), { timestampSec: Math.floor(test.clock.now() / 1000) }));
      await channel.idle();
      return response;
    },
    async close() {
      await channel.stop();
      await test.app.http.close();
      await test.store.close();
      if (!setup.wecom) await wecom.close();
    },
  };
}

/** A 微信客服 customer writing to the test account; each turn returns what the bot sent. */
export function kfCustomer(bed: WecomBed, externalUserId: string) {
  let n = 0;
  let lastMenu: Array<{ id: string; content: string }> = [];
  const sentTo = () => bed.wecom.callsTo('kf/send_msg').filter((c) => c.body.touser === externalUserId);
  const turn = async (text: { content: string; menu_id?: string }): Promise<FakeCall[]> => {
    bed.clock.advance(1000);
    n += 1;
    const before = sentTo().length;
    bed.wecom.addKfMessages(OPEN_KFID, {
      msgid: `${externalUserId}-msg-${n}`,
      open_kfid: OPEN_KFID,
      external_userid: externalUserId,
      send_time: bed.nowSec(),
      origin: 3,
      msgtype: 'text',
      text,
    });
    const response = await bed.notifyKf();
    if (response.statusCode !== 200) throw new Error(`callback answered ${response.statusCode}: ${response.body}`);
    const sent = sentTo().slice(before);
    const menus = sent.filter((c) => c.body.msgtype === 'msgmenu');
    if (menus.length) lastMenu = menus.flatMap((c) => (c.body.msgmenu as { list: Array<{ click: { id: string; content: string } }> }).list.map((i) => i.click));
    return sent;
  };
  return {
    says: (content: string) => turn({ content }),
    /** Clicks the item of the last menu whose label is `label`: WeCom sends the label back as text with the item's id as menu_id. */
    clicks(label: string) {
      const item = lastMenu.find((i) => i.content === label);
      if (!item) throw new Error(`no menu item "${label}" among ${lastMenu.map((i) => i.content).join(', ')}`);
      return turn({ content: item.content, menu_id: item.id });
    },
    menu: () => lastMenu,
  };
}

/** The text a sent kf or app message shows: text content or menu head and items. */
export function shownText(call: FakeCall): string {
  const body = call.body as { text?: { content: string }; msgmenu?: { head_content?: string; list: Array<{ click: { content: string } }> } };
  if (body.text) return body.text.content;
  return [body.msgmenu?.head_content ?? '', ...(body.msgmenu?.list ?? []).map((i) => `[${i.click.content}]`)].join('\n');
}
