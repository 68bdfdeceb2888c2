/**
 * Scripted eligibility conversations through POST /api/chat, on the shipped flows and
 * content, with a real lead service over the in-process store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { conversationKey } from '../../src/core/engine.js';
import type { Store } from '../../src/store/contract.js';
import { startConversation, type Conversation } from '../helpers/conversation.js';
import { createTestAppWithFlows } from '../helpers/testApp.js';

let app: App | undefined;
afterEach(async () => {
  await app?.http.close();
  app = undefined;
});

async function setUp(now?: string) {
  const test = await createTestAppWithFlows(now);
  app = test.app;
  return test;
}

/** Answers every question up to the summary, pressing buttons and typing where noted. */
async function answerUpToSummary(c: Conversation, overrides: Partial<Record<string, string>> = {}) {
  const steps: Array<[string, string]> = [
    ['industry', overrides.industry ?? 'answer:industry:integrated_circuits'],
    ['degree', overrides.degree ?? 'text:博士'],
    ['role', overrides.role ?? 'answer:role:founder'],
    ['stage', overrides.stage ?? 'answer:stage:prototype'],
    ['core_tech', overrides.core_tech ?? 'answer:core_tech:patents'],
    ['team_size', overrides.team_size ?? 'text:5'],
    ['overseas', overrides.overseas ?? 'text:有'],
    ['intention', overrides.intention ?? 'answer:intention:within_1y'],
    ['timeline', overrides.timeline ?? 'text:明年'],
    ['event', overrides.event ?? 'answer:event:any'],
    ['name', overrides.name ?? 'text:张三'],
    ['contact', overrides.contact ?? 'text:13812345678'],
  ];
  for (const [, step] of steps) {
    if (step === 'skip') continue;
    if (step.startsWith('text:')) await c.say(step.slice(5));
    else await c.press(step);
  }
}

async function leadsOf(store: Store) {
  return store.leads.listLeads();
}

describe('eligibility conversation', () => {
  it('zh: from "我想报名" to a qualified lead with plain-language reasons', async () => {
    const { store } = await setUp();
    const c = startConversation(app!, 'zh-happy');
    // Typing the wish to apply starts the check at once.
    const first = await c.say('我想报名');
    expect(first.replies.at(-1)?.expects).toMatchObject({ flowId: 'eligibility', stepId: 'consent' });
    expect(c.lastText()).toContain('隐私说明');
    expect(c.lastText()).toContain('90 天');
    expect(await store.leads.listLeads()).toEqual([]);
    await c.press('answer:consent:accept');
    expect(c.lastText()).toContain('哪个领域');
    await answerUpToSummary(c);
    expect(c.lastText()).toContain('请核对');
    expect(c.lastText()).toContain('集成电路');
    expect(c.lastText()).toContain('13812345678');
    await c.press('flow:confirm');
    const text = c.lastText();
    expect(text).toContain('方向相符');
    expect(text).toContain('您的领域（集成电路）属于武进重点聚焦的战略性产业');
    expect(text).toContain('集成电路引才合伙人');
    // Who will contact the applicant, by when (the partner's ackWithinHours), and a reference.
    expect(text).toContain('24 小时内确认收到');
    expect(text).toMatch(/申请编号：[A-Z0-9]{8}/);

    const [lead] = await leadsOf(store);
    expect(lead).toMatchObject({ outcome: 'qualified', partnerId: 'ic-partner', language: 'zh', channel: 'web', flowId: 'eligibility' });
    expect(lead?.contact).toEqual({ name: '张三', phone: '13812345678' });
    expect(lead?.answers).toMatchObject({ industry: 'integrated_circuits', degree: 'phd', team_size: 5, timeline: 2027, event: 'any' });
    expect(lead?.answers).not.toHaveProperty('name');
    expect(lead?.consent).toMatchObject({ noticeVersion: '2026-12-01' });
    const state = (await store.state.get(conversationKey('web', 'zh-happy'))) as { flow?: unknown; leadIds: string[] };
    expect(state.flow).toBeUndefined();
    expect(state.leadIds).toEqual([lead?.id]);
  });

  it('en: "Am I eligible?" to a qualified lead, in English throughout', async () => {
    const { store } = await setUp();
    const c = startConversation(app!, 'en-happy');
    const first = await c.say('Am I eligible?');
    expect(first.replies.at(-1)?.expects).toMatchObject({ flowId: 'eligibility', stepId: 'consent' });
    expect(c.lastText()).toContain('privacy notice');
    await c.say('I agree');
    await answerUpToSummary(c, { industry: 'text:batteries', degree: 'text:PhD', overseas: 'text:yes', timeline: 'text:next year', name: 'text:Ada Lovelace', contact: 'text:ada@example.com' });
    expect(c.lastText()).toContain('Please check your answers');
    expect(c.lastText()).toContain('New energy');
    await c.say('confirm');
    expect(c.lastText()).toContain('your project fits');
    expect(c.lastText()).toContain('Your field, New energy, is one of the strategic industries');
    const [lead] = await leadsOf(store);
    expect(lead).toMatchObject({ outcome: 'qualified', language: 'en' });
    expect(['energy-a', 'energy-b']).toContain(lead?.partnerId);
    expect(lead?.contact).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com' });
  });

  it('not a fit: reasons and useful next steps, including "keep me informed"', async () => {
    const { store } = await setUp();
    const c = startConversation(app!, 'not-fit');
    await c.say('/apply');
    await c.press('answer:consent:accept');
    await answerUpToSummary(c, { intention: 'answer:intention:no', timeline: 'skip' });
    await c.press('flow:confirm');
    expect(c.lastText()).toContain('不太匹配');
    expect(c.lastText()).toContain('没有在武进落地的打算');
    const actions = c.last().replies.flatMap((r) => r.buttons.map((b) => b.action));
    expect(actions).toEqual(expect.arrayContaining(['topic:calendar', 'topic:training', 'lead:keep_informed']));
    const [lead] = await leadsOf(store);
    expect(lead).toMatchObject({ outcome: 'not_a_fit', partnerId: null, keepInformed: false });
    expect(lead?.answers).not.toHaveProperty('timeline');
    await c.press('lead:keep_informed');
    expect(c.lastText()).toContain('通知您');
    expect((await leadsOf(store))[0]).toMatchObject({ keepInformed: true, partnerId: 'talent-office' });
  });

  it('an invalid phone or e-mail is asked again with a specific hint; three misses offer a person', async () => {
    await setUp();
    const c = startConversation(app!, 'bad-contact');
    await c.say('/apply');
    await c.press('answer:consent:accept');
    await answerUpToSummary(c, { contact: 'skip' });
    expect(c.lastText()).toContain('手机号或邮箱');
    await c.say('12345');
    expect(c.lastText()).toContain('11 位中国大陆手机号');
    expect(c.lastText()).toContain('手机号或邮箱');
    await c.say('zhang@');
    expect(c.lastText()).toContain('邮箱地址');
    await c.say('1380013');
    expect(c.lastText()).toContain('工作人员');
    const actions = c.last().replies.flatMap((r) => r.buttons.map((b) => b.action));
    expect(actions).toEqual(expect.arrayContaining(['flow:start:handoff', 'flow:resume']));
    await c.press('flow:resume');
    await c.say('zhang.san@example.com');
    expect(c.lastText()).toContain('请核对');
  });

  it('a policy question in the middle is answered, and the flow resumes at the same question', async () => {
    await setUp();
    const c = startConversation(app!, 'interrupt');
    await c.say('/apply');
    await c.press('answer:consent:accept');
    await c.press('answer:industry:new_energy');
    expect(c.lastText()).toContain('最高学历');
    const answer = await c.say('买房有补贴吗？');
    expect(answer.replies[0]?.sources[0]?.topic).toBe('housing_subsidy');
    expect(c.lastText()).toContain('50万');
    expect(answer.replies.at(-1)?.text).toContain('最高学历');
    await c.say('硕士');
    expect(c.lastText()).toContain('身份');
    // A free-text question also recognises a policy question.
    await answerUpToSummary(c, { industry: 'skip', degree: 'skip', name: 'skip', contact: 'skip' });
    expect(c.lastText()).toContain('怎么称呼');
    const during = await c.say('人才贷是什么？');
    expect(during.replies[0]?.sources[0]?.topic).toBe('talent_loan');
    expect(during.replies.at(-1)?.text).toContain('怎么称呼');
  });

  it('cancel leaves the flow and keeps nothing', async () => {
    const { store } = await setUp();
    const c = startConversation(app!, 'cancel');
    await c.say('/apply');
    await c.press('answer:consent:accept');
    await c.press('answer:industry:new_energy');
    await c.say('取消');
    expect(c.lastText()).toContain('已退出');
    const state = (await store.state.get(conversationKey('web', 'cancel'))) as { flow?: unknown };
    expect(state.flow).toBeUndefined();
    expect(await leadsOf(store)).toEqual([]);
    // What follows is no longer taken as an answer.
    await c.say('博士');
    expect(c.lastText()).not.toContain('身份');
  });

  it('back and edit change earlier answers; a changed branch drops answers that no longer apply', async () => {
    const { store } = await setUp();
    const c = startConversation(app!, 'edit');
    await c.say('/apply');
    await c.press('answer:consent:accept');
    await c.press('answer:industry:new_energy');
    await c.say('修改');
    expect(c.lastText()).toContain('哪个领域');
    await c.press('answer:industry:integrated_circuits');
    await answerUpToSummary(c, { industry: 'skip' });
    expect(c.lastText()).toContain('集成电路');
    expect(c.lastText()).toContain('计划落地年份');
    await c.press('flow:edit');
    await c.press('flow:edit:intention');
    await c.press('answer:intention:undecided');
    expect(c.lastText()).toContain('请核对');
    expect(c.lastText()).not.toContain('计划落地年份');
    await c.press('flow:edit');
    await c.press('flow:edit:team_size');
    await c.say('12');
    expect(c.lastText()).toContain('团队人数：12');
    await c.press('flow:confirm');
    const [lead] = await leadsOf(store);
    expect(lead).toMatchObject({ outcome: 'needs_review', partnerId: 'talent-office' });
    expect(lead?.answers).toMatchObject({ industry: 'integrated_circuits', intention: 'undecided', team_size: 12 });
    expect(lead?.answers).not.toHaveProperty('timeline');
  });

  it('consent declined: nothing personal is stored', async () => {
    const { store } = await setUp();
    const c = startConversation(app!, 'decline');
    await c.say('/apply');
    await c.press('answer:consent:decline');
    expect(c.lastText()).toContain('没有保存');
    await c.say('张三');
    await c.say('13812345678');
    expect(await leadsOf(store)).toEqual([]);
    const state = JSON.stringify(await store.state.get(conversationKey('web', 'decline')));
    expect(state).not.toContain('13812345678');
    expect(JSON.parse(state)).not.toHaveProperty('flow');
  });

  it('the flow survives days of silence, and expires after the configured time', async () => {
    const { clock } = await setUp();
    const c = startConversation(app!, 'days');
    await c.say('/apply');
    await c.press('answer:consent:accept');
    await c.press('answer:industry:new_energy');
    clock.advance(5 * 24 * 3600_000);
    await c.say('继续');
    expect(c.lastText()).toContain('最高学历');
    clock.advance(15 * 24 * 3600_000);
    await c.say('博士');
    expect(c.lastText()).toContain('已超过保存期限');
  });

  it('the same person re-applying within 30 days updates the lead', async () => {
    const { store, clock } = await setUp();
    for (const user of ['first', 'second']) {
      const c = startConversation(app!, `reapply-${user}`);
      await c.say('/apply');
      await c.press('answer:consent:accept');
      await answerUpToSummary(c, user === 'second' ? { team_size: 'text:9' } : {});
      await c.press('flow:confirm');
      if (user === 'second') expect(c.lastText()).toContain('已更新到原来的记录');
      clock.advance(3 * 24 * 3600_000);
    }
    const leads = await leadsOf(store);
    expect(leads).toHaveLength(1);
    expect(leads[0]?.answers).toMatchObject({ team_size: 9 });
  });

  it('"my data" shows what is stored and "forget me" erases it after confirmation', async () => {
    const { store } = await setUp();
    const c = startConversation(app!, 'privacy');
    await c.say('我的信息');
    expect(c.lastText()).toContain('没有保存');
    await c.say('/apply');
    await c.press('answer:consent:accept');
    await answerUpToSummary(c);
    await c.press('flow:confirm');
    await c.say('我的信息');
    expect(c.lastText()).toContain('张三');
    expect(c.lastText()).toContain('13812345678');
    expect(c.lastText()).toContain('集成电路');
    await c.say('删除我的信息');
    expect(c.lastText()).toContain('确定要删除');
    await c.press('privacy:erase');
    expect(c.lastText()).toContain('已删除');
    const [lead] = await leadsOf(store);
    expect(lead).toMatchObject({ status: 'erased' });
    expect(lead?.contact).toBeUndefined();
    expect(JSON.stringify(lead)).not.toContain('13812345678');
    expect(JSON.stringify(lead)).not.toContain('张三');
    expect(await store.state.get(conversationKey('web', 'privacy'))).toBeUndefined();
    await c.say('my data');
    expect(c.lastText()).toContain('Nothing personal');
  });

  it('"talk to a person" offers a request for staff, which reaches the talent office', async () => {
    const { store } = await setUp();
    const c = startConversation(app!, 'handoff');
    const answer = await c.say('能不能转人工？');
    expect(answer.replies.at(-1)?.expects).toMatchObject({ flowId: 'handoff', stepId: 'consent' });
    await c.press('answer:consent:accept');
    await c.say('我想了解人才公寓的申请流程');
    await c.say('李四');
    await c.say('lisi@example.com');
    await c.press('flow:confirm');
    expect(c.lastText()).toContain('已收到');
    const [lead] = await leadsOf(store);
    expect(lead).toMatchObject({ outcome: 'handoff', partnerId: 'talent-office', flowId: 'handoff' });
  });
});
