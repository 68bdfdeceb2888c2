/**
 * 微信客服 hand-overs to the servicer queue with a time limit, against the local fake WeCom
 * (which follows the published session-state rules): a wait no person answers is ended, the
 * customer is told and the bot answers again; a session a person took is left alone; the
 * limit is configurable; staff can list who waits. Time moves by the manual clock only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { listWaitingHandoffs } from '../../../src/channels/wecom/kfSession.js';
import { createWecomBed, kfCustomer, OPEN_KFID, shownText, type WecomBed, type WecomBedSetup } from './wecomTestKit.js';

const MINUTE = 60_000;
let bed: WecomBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

async function setUp(setup?: WecomBedSetup): Promise<WecomBed> {
  bed = await createWecomBed(setup);
  return bed;
}

/** A customer handed to the queue: asks for a person and is told so. */
async function handedOver(b: WecomBed, user: string) {
  const c = kfCustomer(b, user);
  const sent = await c.says('转人工');
  expect(sent.map(shownText)).toEqual([expect.stringContaining('正在为您转接人工客服')]);
  expect(b.wecom.serviceStates.get(`${OPEN_KFID}:${user}`)).toBe(2);
  return c;
}

describe('微信客服 (kf): hand-over to the queue, with a time limit', () => {
  it('no person takes the session in time: the wait ends, the customer is told, and the bot answers again', async () => {
    const b = await setUp();
    const c = await handedOver(b, 'wmAlone');
    expect(await listWaitingHandoffs(b.store.state)).toEqual([{ openKfId: OPEN_KFID, externalUserId: 'wmAlone', since: b.clock.now() }]);
    expect(await c.says('有人吗？')).toEqual([]);

    b.clock.advance(9 * MINUTE);
    await b.channel.drainReplies();
    expect(b.wecom.callsTo('kf/service_state/trans')).toHaveLength(1);

    b.clock.advance(2 * MINUTE);
    await b.channel.drainReplies();
    const trans = b.wecom.callsTo('kf/service_state/trans');
    expect(trans.map((t) => t.body.service_state)).toEqual([2, 4]);
    const [told] = b.wecom.acceptedCalls('kf/send_msg_on_event');
    expect(String(told?.body.code)).toMatch(/^MSG_CODE_END_/);
    expect(shownText(told!)).toContain('目前没有工作人员可以接待您');
    expect(await listWaitingHandoffs(b.store.state)).toEqual([]);
    expect(b.logger.entries.some((e) => e.level === 'warn' && (e.message ?? '').includes('no person took the session'))).toBe(true);

    // The customer writes again: a new session, and the bot answers.
    const back = await c.says('买房有补贴吗？');
    expect(back.map(shownText).join('\n')).toContain('购房补贴');
  });

  it('an English customer who presses "Talk to a person now" is told in English, also when no person comes', async () => {
    const b = await setUp();
    const c = kfCustomer(b, 'wmEnglish');
    await c.says('Can I talk to someone from your office?');
    const sent = await c.clicks('Talk to a person now');
    expect(sent.map(shownText)).toEqual([expect.stringContaining('connecting you to a member of staff')]);
    b.clock.advance(11 * MINUTE);
    await b.channel.drainReplies();
    const [told] = b.wecom.acceptedCalls('kf/send_msg_on_event');
    expect(shownText(told!)).toContain('no member of staff is free right now');
  });

  it('a person took the session: the bot stays quiet and ends nothing', async () => {
    const b = await setUp();
    const c = await handedOver(b, 'wmServed');
    b.wecom.serviceStates.set(`${OPEN_KFID}:wmServed`, 3);
    b.clock.advance(11 * MINUTE);
    await b.channel.drainReplies();
    expect(b.wecom.callsTo('kf/service_state/trans')).toHaveLength(1);
    expect(await listWaitingHandoffs(b.store.state)).toEqual([]);
    expect(await c.says('你好')).toEqual([]);
  });

  it('staff taking the session (session_status_change) cancels the check', async () => {
    const b = await setUp();
    await handedOver(b, 'wmTaken');
    b.wecom.serviceStates.set(`${OPEN_KFID}:wmTaken`, 3);
    b.wecom.addKfMessages(OPEN_KFID, { msgid: 'take1', send_time: b.nowSec(), origin: 4, msgtype: 'event', event: { event_type: 'session_status_change', open_kfid: OPEN_KFID, external_userid: 'wmTaken', change_type: 1, new_servicer_userid: 'staff01' } });
    await b.notifyKf();
    b.clock.advance(11 * MINUTE);
    await b.channel.drainReplies();
    expect(b.wecom.callsTo('kf/service_state/get')).toHaveLength(0);
    expect(b.wecom.callsTo('kf/service_state/trans')).toHaveLength(1);
  });

  it('the time limit is configurable', async () => {
    const b = await setUp({ options: { kf: { handoffTimeoutMs: 30 * MINUTE } } });
    await handedOver(b, 'wmPatient');
    b.clock.advance(20 * MINUTE);
    await b.channel.drainReplies();
    expect(b.wecom.callsTo('kf/service_state/trans')).toHaveLength(1);
    b.clock.advance(10 * MINUTE);
    await b.channel.drainReplies();
    expect(b.wecom.callsTo('kf/service_state/trans').map((t) => t.body.service_state)).toEqual([2, 4]);
  });

  it('a hand-over refused with -1 is retried; the customer hears "connecting" once', async () => {
    const b = await setUp();
    b.wecom.failNext('kf/service_state/trans', -1);
    const c = kfCustomer(b, 'wmBusy');
    await c.says('转人工');
    expect(b.wecom.serviceStates.get(`${OPEN_KFID}:wmBusy`)).toBeUndefined();
    b.clock.advance(5 * MINUTE);
    await b.channel.drainReplies();
    expect(b.wecom.serviceStates.get(`${OPEN_KFID}:wmBusy`)).toBe(2);
    expect(b.wecom.acceptedCalls('kf/send_msg').map(shownText)).toEqual([expect.stringContaining('正在为您转接人工客服')]);
    expect(await listWaitingHandoffs(b.store.state)).toHaveLength(1);
  });
});
