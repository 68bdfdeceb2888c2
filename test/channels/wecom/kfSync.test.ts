/**
 * 微信客服 reading and answering against the local fake WeCom: the account's sync lock is
 * held only while messages are fetched and recorded, so a slow turn does not hold up the
 * next callback or a welcome; and the welcome of `enter_session` goes out before anything
 * else of its page. A slow turn is a promise the test releases — no sleeping.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createWecomBed, kfEventXml, OPEN_KFID, type WecomBed, type WecomBedSetup } from './wecomTestKit.js';

let bed: WecomBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

async function setUp(setup?: WecomBedSetup): Promise<WecomBed> {
  bed = await createWecomBed(setup);
  return bed;
}

function customerText(b: WecomBed, user: string, msgid: string, content: string) {
  return { msgid, open_kfid: OPEN_KFID, external_userid: user, send_time: b.nowSec(), origin: 3, msgtype: 'text', text: { content } };
}

function enterSession(b: WecomBed, user: string, msgid: string, code: string) {
  return { msgid, send_time: b.nowSec(), origin: 4, msgtype: 'event', event: { event_type: 'enter_session', open_kfid: OPEN_KFID, external_userid: user, welcome_code: code } };
}

/** A signal the test resolves by hand. */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('微信客服 (kf): reading, recording, answering', () => {
  it('a slow turn does not hold the sync lock: the next callback reads and welcomes meanwhile', async () => {
    const started = signal();
    const release = signal();
    const b = await setUp({
      engine: (engine) => ({
        handleOnce: async (inbound) => {
          if (inbound.userId === 'wmSlow') {
            started.resolve();
            await release.promise;
          }
          return engine.handleOnce(inbound);
        },
      }),
    });
    let token = 0;
    const callback = () => b.post(kfEventXml({ createTime: b.nowSec(), token: `ENC-token-${++token}` }));

    b.wecom.addKfMessages(OPEN_KFID, customerText(b, 'wmSlow', 's1', '买房有补贴吗？'));
    expect((await callback()).statusCode).toBe(200);
    await started.promise;

    // The first turn is still running; a customer enters the session and is welcomed at once.
    b.wecom.addKfMessages(OPEN_KFID, enterSession(b, 'wmVisitor', 'ev1', 'WELCOME_CODE_SLOW'));
    const welcomed = b.wecom.nextCall('kf/send_msg_on_event');
    expect((await callback()).statusCode).toBe(200);
    expect((await welcomed).body).toMatchObject({ code: 'WELCOME_CODE_SLOW' });
    expect(b.wecom.callsTo('kf/sync_msg')).toHaveLength(2);
    expect(b.wecom.callsTo('kf/send_msg')).toHaveLength(0);

    release.resolve();
    await b.channel.idle();
    expect(b.wecom.acceptedCalls('kf/send_msg').map((c) => c.body.touser)).toEqual(['wmSlow']);
  });

  it('the welcome of enter_session goes out before the other messages of its page are answered', async () => {
    const b = await setUp();
    b.wecom.kfPageSize = 10;
    b.wecom.addKfMessages(OPEN_KFID, customerText(b, 'wmFirst', 'c1', '买房有补贴吗？'), customerText(b, 'wmFirst', 'c2', '赛事日历'), enterSession(b, 'wmNew', 'ev2', 'WELCOME_CODE_2'));
    await b.notifyKf();
    const order = b.wecom.calls.map((c) => c.path).filter((p) => p === '/cgi-bin/kf/send_msg' || p === '/cgi-bin/kf/send_msg_on_event');
    expect(order).toEqual(['/cgi-bin/kf/send_msg_on_event', '/cgi-bin/kf/send_msg', '/cgi-bin/kf/send_msg']);
    // Read again: the welcome code is not used twice.
    await b.store.state.delete(`wecom:kf:cursor:${OPEN_KFID}`);
    await b.notifyKf();
    expect(b.wecom.callsTo('kf/send_msg_on_event')).toHaveLength(1);
  });

  it('a welcome refused with -1 is tried once more at once (its code lives 20 seconds)', async () => {
    const b = await setUp();
    b.wecom.failNext('kf/send_msg_on_event', -1, { errmsg: 'system busy' });
    b.wecom.addKfMessages(OPEN_KFID, enterSession(b, 'wmBusyWelcome', 'ev3', 'WELCOME_CODE_3'));
    await b.notifyKf();
    expect(b.wecom.callsTo('kf/send_msg_on_event')).toHaveLength(2);
    expect(b.wecom.acceptedCalls('kf/send_msg_on_event').map((c) => c.body.code)).toEqual(['WELCOME_CODE_3']);
  });
});
