/**
 * 微信客服 end to end against the local fake WeCom: callback → sync_msg with cursor paging →
 * engine → send_msg / msgmenu, the welcome on entering a session, menu clicks through the
 * eligibility conversation to a qualified lead, transfer to a person and back, and the
 * messages that are not answered.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KF_CHANNEL } from '../../../src/channels/wecom/kfChannel.js';
import { conversationKey } from '../../../src/core/engine.js';
import { createWecomBed, kfCustomer, OPEN_KFID, shownText, type WecomBed } from './wecomTestKit.js';

let bed: WecomBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

async function setUp(setup?: Parameters<typeof createWecomBed>[0]): Promise<WecomBed> {
  bed = await createWecomBed(setup);
  return bed;
}

function customerText(b: WecomBed, user: string, msgid: string, content: string, extra: Record<string, unknown> = {}) {
  return { msgid, open_kfid: OPEN_KFID, external_userid: user, send_time: b.nowSec(), origin: 3, msgtype: 'text', text: { content }, ...extra };
}

describe('微信客服 (kf)', () => {
  it('a menu-driven eligibility conversation ends in a qualified lead', async () => {
    const b = await setUp();
    const c = kfCustomer(b, 'wmApplicant001');
    const first = await c.says('参赛条件是什么');
    expect(first).toHaveLength(1);
    expect(first[0]!.body).toMatchObject({ touser: 'wmApplicant001', open_kfid: OPEN_KFID, msgtype: 'msgmenu' });
    expect(shownText(first[0]!)).toContain('〔来源：');
    expect(c.menu().map((i) => i.id)).toContain('flow:start:eligibility');

    const notice = await c.clicks('开始资格初筛');
    // The privacy notice fits a menu head (1,024 bytes), as plain text with its choices below.
    expect(notice.map((s) => s.body.msgtype)).toEqual(['msgmenu']);
    expect(shownText(notice[0]!)).toContain('隐私说明');
    expect(shownText(notice[0]!)).toContain('• 收集什么：');
    expect(shownText(notice[0]!)).not.toContain('**');
    expect(c.menu().map((i) => i.content)).toEqual(['同意并继续', '不同意']);
    await c.clicks('同意并继续');
    expect(shownText((await c.clicks('集成电路'))[0]!)).toContain('最高学历');
    await c.clicks('博士');
    await c.clicks('创业企业创始人/合伙人');
    await c.clicks('已有样品/原型');
    expect(shownText((await c.clicks('已有专利（含申请中）'))[0]!)).toContain('团队有多少人');
    await c.says('5');
    await c.clicks('有');
    await c.clicks('有，一年内');
    await c.says('明年');
    await c.clicks('都可以/不确定');
    await c.says('张三');
    const summary = await c.says('13812345678');
    expect(summary.map(shownText).join('\n')).toContain('请核对');
    const done = await c.clicks('确认提交');
    expect(done.map(shownText).join('\n')).toContain('集成电路引才合伙人');

    const [lead] = await b.store.leads.listLeads();
    expect(lead).toMatchObject({ outcome: 'qualified', partnerId: 'ic-partner', channel: KF_CHANNEL, userId: 'wmApplicant001' });
    expect(lead?.contact).toEqual({ name: '张三', phone: '13812345678' });
    // Every click came back as the item's id, and every text fitted WeCom's limits (the fake refuses otherwise).
    expect(b.wecom.callsTo('kf/send_msg').every((s) => s.body.touser === 'wmApplicant001')).toBe(true);
    expect(b.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });

  it('reads with sync_msg page by page from the cursor kept per account', async () => {
    const b = await setUp();
    b.wecom.addKfMessages(
      OPEN_KFID,
      customerText(b, 'wmA', 'm1', '买房有补贴吗？'),
      customerText(b, 'wmB', 'm2', '人才贷是什么？'),
      customerText(b, 'wmA', 'm3', '赛事日历'),
      customerText(b, 'wmC', 'm4', '你好'),
      customerText(b, 'wmB', 'm5', '菜单'),
    );
    expect((await b.notifyKf()).statusCode).toBe(200);
    const syncs = b.wecom.callsTo('kf/sync_msg');
    expect(syncs.map((s) => s.body.cursor)).toEqual(['', '2', '4']);
    expect(syncs.every((s) => s.body.open_kfid === OPEN_KFID && String(s.body.token).startsWith('ENC-sync-token-'))).toBe(true);
    expect(await b.store.state.get(`wecom:kf:cursor:${OPEN_KFID}`)).toBe('5');
    const sent = b.wecom.callsTo('kf/send_msg');
    expect(sent.map((s) => s.body.touser).sort()).toEqual(['wmA', 'wmA', 'wmB', 'wmB', 'wmC']);
    // One customer's answers keep the order of their messages.
    expect(shownText(sent.filter((s) => s.body.touser === 'wmA')[0]!)).toContain('购房补贴');

    // The next callback continues from the stored cursor.
    b.clock.advance(1000);
    b.wecom.addKfMessages(OPEN_KFID, customerText(b, 'wmC', 'm6', '买房有补贴吗？'));
    await b.notifyKf();
    expect(b.wecom.callsTo('kf/sync_msg').slice(3).map((s) => s.body.cursor)).toEqual(['5']);
    expect(b.wecom.callsTo('kf/send_msg')).toHaveLength(6);
  });

  it('on a fresh deployment, messages of the last days are not answered', async () => {
    const b = await setUp();
    const old = (msgid: string, hoursAgo: number) => ({ ...customerText(b, 'wmOld', msgid, '你好'), send_time: b.nowSec() - hoursAgo * 3600 });
    b.wecom.addKfMessages(OPEN_KFID, old('o1', 60), old('o2', 20), old('o3', 1), customerText(b, 'wmNew', 'n1', '买房有补贴吗？'));
    await b.notifyKf();
    expect(b.wecom.callsTo('kf/send_msg').map((s) => s.body.touser)).toEqual(['wmNew']);
    expect(await b.store.state.get(`wecom:kf:cursor:${OPEN_KFID}`)).toBe('4');
  });

  it('welcomes a customer entering the session with the menu, through send_msg_on_event', async () => {
    const b = await setUp();
    b.wecom.addKfMessages(OPEN_KFID, {
      msgid: 'ev1',
      send_time: b.nowSec(),
      origin: 4,
      msgtype: 'event',
      event: { event_type: 'enter_session', open_kfid: OPEN_KFID, external_userid: 'wmVisitor', scene: 'poster', welcome_code: 'WELCOME_CODE_1' },
    });
    await b.notifyKf();
    const [welcome] = b.wecom.callsTo('kf/send_msg_on_event');
    expect(welcome?.body).toMatchObject({ code: 'WELCOME_CODE_1', msgtype: 'msgmenu' });
    expect(shownText(welcome!)).toContain('咨询助手');
    expect(shownText(welcome!)).toContain('[开始资格初筛]');
    expect(b.wecom.callsTo('kf/send_msg')).toHaveLength(0);
  });

  it('answers only customer messages: not staff messages, not the same message twice', async () => {
    const b = await setUp();
    b.wecom.addKfMessages(
      OPEN_KFID,
      { ...customerText(b, 'wmA', 's1', '您好，我是工作人员'), origin: 5, servicer_userid: 'staff01' },
      customerText(b, 'wmA', 'c1', '买房有补贴吗？'),
    );
    // The same kf callback delivered three times.
    const request = () => b.notifyKf();
    await Promise.all([request(), request(), request()]);
    expect(b.wecom.callsTo('kf/send_msg')).toHaveLength(1);
    // WeCom returning a message again (a lost cursor) does not answer it again.
    await b.store.state.delete(`wecom:kf:cursor:${OPEN_KFID}`);
    await b.notifyKf();
    expect(b.wecom.callsTo('kf/send_msg')).toHaveLength(1);
  });

  it('a request for a person transfers the session; the bot is quiet until the session returns', async () => {
    const b = await setUp();
    const c = kfCustomer(b, 'wmHuman');
    const answer = await c.says('能不能转人工？');
    expect(c.menu().map((i) => i.content)).toContain('转人工客服');
    expect(shownText(answer[0]!)).toContain('工作人员');

    const transfer = await c.clicks('转人工客服');
    expect(transfer.map(shownText)).toEqual([expect.stringContaining('正在为您转接人工客服')]);
    const [trans] = b.wecom.callsTo('kf/service_state/trans');
    expect(trans?.body).toEqual({ open_kfid: OPEN_KFID, external_userid: 'wmHuman', service_state: 2 });

    // Queued or served by a person: the bot stays quiet.
    expect(await c.says('你好，有人吗？')).toEqual([]);
    b.wecom.serviceStates.set(`${OPEN_KFID}:wmHuman`, 3);
    expect(await c.says('我想问一下购房补贴')).toEqual([]);
    expect(b.wecom.callsTo('kf/service_state/get')).toHaveLength(2);

    // The person ends the session: the bot answers again.
    b.wecom.serviceStates.set(`${OPEN_KFID}:wmHuman`, 0);
    b.wecom.addKfMessages(OPEN_KFID, { msgid: 'end1', send_time: b.nowSec(), origin: 4, msgtype: 'event', event: { event_type: 'session_status_change', open_kfid: OPEN_KFID, external_userid: 'wmHuman', change_type: 3, old_servicer_userid: 'staff01' } });
    await b.notifyKf();
    const back = await c.says('买房有补贴吗？');
    expect(back.map(shownText).join('\n')).toContain('购房补贴');
    expect(b.wecom.callsTo('kf/service_state/get')).toHaveLength(2);
  });

  it('a typed request for a person transfers to the configured member of staff', async () => {
    const b = await setUp({ options: { kf: { transferServicerUserId: 'talent-office-01' } } });
    const c = kfCustomer(b, 'wmTyped');
    await c.says('Talk to a person!');
    expect(b.wecom.callsTo('kf/service_state/trans')[0]?.body).toMatchObject({ service_state: 3, servicer_userid: 'talent-office-01' });
    expect(shownText(b.wecom.callsTo('kf/send_msg')[0]!)).toContain('connecting you');
    // Staff take the session over in the WeCom client later on: still quiet.
    b.wecom.serviceStates.set(`${OPEN_KFID}:wmTyped`, 3);
    expect(await c.says('hello?')).toEqual([]);
    expect(await b.store.state.get(conversationKey(KF_CHANNEL, 'wmTyped'))).toBeUndefined();
  });
});

describe('微信客服 (kf): the five-messages rule', () => {
  it('a long answer is merged into the messages allowed: its start, its source line and its menu, and a note where the middle is left out', async () => {
    const long = Array.from({ length: 60 }, (_, i) => `第${i}段：${'武进区人才政策说明'.repeat(12)}`).join('\n\n');
    const source = { id: 'housing-subsidy.zh', topic: 'housing_subsidy', title: '购房补贴', asOf: '2024-10-23', publisher: '常州市武进区人民政府' };
    const b = await setUp({
      engine: (engine) => ({
        handleOnce: async (inbound) => {
          const handled = await engine.handleOnce(inbound);
          return { ...handled, replies: [{ text: long, buttons: [{ label: '返回菜单', action: 'menu' }, { label: '开始资格初筛', action: 'flow:start:eligibility' }], sources: [source], fallback: false, language: 'zh' }] };
        },
      }),
    });
    const c = kfCustomer(b, 'wmLongAnswer');
    const sent = await c.says('购房补贴有多少');
    expect(sent.length).toBe(5);
    expect(sent.at(-1)!.body.msgtype).toBe('msgmenu');
    expect(c.menu().map((i) => i.content)).toEqual(['返回菜单', '开始资格初筛']);
    const shown = sent.map(shownText).join('\n');
    expect(shown.startsWith('第0段')).toBe(true);
    expect(shown).toContain('未能显示中间部分');
    expect(shown).toContain('〔来源：购房补贴（常州市武进区人民政府），截至 2024-10-23〕');
    const warning = b.logger.entries.find((e) => e.level === 'warn' && (e.message ?? '').includes('middle is left out'));
    expect(warning?.fields).toMatchObject({ user: 'wmLongAnswer', sent: 5 });
    expect(b.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });
});
