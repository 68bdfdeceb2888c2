/**
 * The self-built app end to end against the local fake WeCom: callbacks → engine →
 * message/send as plain text with numbered options, answered with the number.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { APP_CHANNEL, convertRepliesToAppText } from '../../../src/channels/wecom/appChannel.js';
import type { Reply } from '../../../src/core/messages.js';
import { appTextXml, createWecomBed, TEST_WECOM, type WecomBed } from './wecomTestKit.js';

let bed: WecomBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

/** A member writing to the app; each turn returns the texts the bot sent. */
function member(b: WecomBed, userId: string) {
  let n = 0;
  return async (content: string): Promise<string> => {
    b.clock.advance(1000);
    n += 1;
    const before = b.wecom.callsTo('message/send').length;
    const response = await b.post(appTextXml({ from: userId, content, msgId: `${userId}-${n}`, createTime: b.nowSec() }));
    expect(response.statusCode, response.body).toBe(200);
    await b.channel.idle();
    const sent = b.wecom.callsTo('message/send').slice(before);
    for (const call of sent) expect(call.body).toMatchObject({ touser: userId, agentid: TEST_WECOM.agentId, msgtype: 'text' });
    return sent.map((c) => (c.body.text as { content: string }).content).join('\n---\n');
  };
}

describe('WeCom self-built app', () => {
  it('an eligibility conversation answered with numbers ends in a qualified lead', async () => {
    bed = await createWecomBed();
    const say = member(bed, 'zhangsan');
    // A source-carrying answer offers the check as a numbered option…
    const answer = await say('参赛条件是什么');
    expect(answer).toContain('〔来源：');
    expect(answer).toContain('1. 开始资格初筛');
    // …and typing the wish to apply starts it at once.
    const notice = await say('我想报名');
    expect(notice).toContain('隐私说明');
    expect(notice).not.toContain('**');
    expect(notice).toContain('1. 同意并继续\n2. 不同意');
    const industries = await say('１'); // a full-width digit works too
    expect(industries).toContain('6. 集成电路');
    await say('6');
    await say('博士');
    await say('1'); // 创业企业创始人/合伙人
    await say('2'); // 已有样品/原型
    const teamSize = await say('1'); // 已有专利（含申请中）
    // A typed answer is expected: "back" and "quit" are offered as words, and a number is the answer.
    expect(teamSize).toContain('团队有多少人');
    expect(teamSize).toContain('可发送：“上一步” / “退出”');
    expect(teamSize).not.toMatch(/^1\. /m);
    expect(await say('2')).toContain('海外');
    await say('有');
    await say('1'); // 有，一年内
    await say('明年');
    await say('都可以');
    await say('张三');
    expect(await say('13812345678')).toContain('请核对');
    expect(await say('确认提交')).toContain('集成电路引才合伙人');
    const [lead] = await bed.store.leads.listLeads();
    expect(lead).toMatchObject({ outcome: 'qualified', partnerId: 'ic-partner', channel: APP_CHANNEL, userId: 'zhangsan' });
    expect(lead?.answers).toMatchObject({ industry: 'integrated_circuits', role: 'founder', stage: 'prototype', core_tech: 'patents', team_size: 2 });
  });

  it('a number without offered options is plain text; other apps and events are ignored', async () => {
    bed = await createWecomBed();
    const say = member(bed, 'lisi');
    // Nothing was offered yet: "7" is a question (and not understood), not a button.
    expect(await say('7')).toContain('找不到');
    await bed.post(appTextXml({ from: 'lisi', content: '你好', msgId: 'other-app-1', createTime: bed.nowSec(), agentId: 9999 }));
    await bed.post(
      `<xml><ToUserName><![CDATA[${TEST_WECOM.corpId}]]></ToUserName><FromUserName><![CDATA[lisi]]></FromUserName><CreateTime>${bed.nowSec()}</CreateTime>` +
        `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event><EventKey><![CDATA[]]></EventKey><AgentID>${TEST_WECOM.agentId}</AgentID></xml>`,
    );
    await bed.channel.idle();
    expect(bed.wecom.callsTo('message/send')).toHaveLength(1);
  });

  it('an app menu click with an action as its key presses it, once however often it is delivered', async () => {
    bed = await createWecomBed();
    const click = `<xml><ToUserName><![CDATA[${TEST_WECOM.corpId}]]></ToUserName><FromUserName><![CDATA[wangwu]]></FromUserName><CreateTime>${bed.nowSec()}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[click]]></Event><EventKey><![CDATA[topic:calendar]]></EventKey><AgentID>${TEST_WECOM.agentId}</AgentID></xml>`;
    await Promise.all([bed.post(click), bed.post(click), bed.post(click)]);
    await bed.channel.idle();
    const sent = bed.wecom.callsTo('message/send');
    expect(sent).toHaveLength(1);
    expect((sent[0]!.body.text as { content: string }).content).toMatch(/赛|活动/);
  });

  it('renders plain text with sources and numbers options across replies', () => {
    const replies: Reply[] = [
      { text: '**购房补贴**\n\n- 最高50万元\n- 需申请', buttons: [], sources: [{ id: 'h.zh', topic: 'housing', title: '购房补贴', asOf: '2024-10-23', publisher: '常州市武进区人民政府' }], fallback: false, language: 'zh' },
      { text: 'Next?', buttons: [{ label: 'Calendar', action: 'topic:calendar' }, { label: 'Quit', action: 'flow:cancel' }], sources: [], fallback: false, language: 'en' },
    ];
    const { texts, offered } = convertRepliesToAppText(replies);
    expect(texts[0]).toBe('购房补贴\n\n• 最高50万元\n• 需申请\n\n〔来源：购房补贴（常州市武进区人民政府），截至 2024-10-23〕');
    expect(texts[1]).toBe('Next?\n\nReply with a number:\n1. Calendar\n2. Quit');
    expect(offered).toEqual(['topic:calendar', 'flow:cancel']);
  });
});
