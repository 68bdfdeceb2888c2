/**
 * The eligibility check answered in the applicant's own words through POST /api/chat, on the
 * shipped flows and content: the current role from how people describe their job (the role
 * question's declared words), before the check and at its own question.
 */
import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../src/channels/web/convertChatRequest.js';
import { conversationKey } from '../../src/core/engine.js';
import { shippedConversations } from '../helpers/shippedConversation.js';

const start = shippedConversations();

const step = (r: ChatResponse) => r.replies.at(-1)?.expects?.stepId;

/** The answers kept in the check in progress. */
async function answersOf(world: Awaited<ReturnType<typeof start>>, user: string): Promise<Record<string, unknown>> {
  const state = (await world.store.state.get(conversationKey('web', user))) as { flow?: { answers: Record<string, unknown> } } | undefined;
  return state?.flow?.answers ?? {};
}

describe('the current role from a self-description', () => {
  it('en: a postdoc telling their story first has field, degree, role and team pre-filled', async () => {
    const world = await start('postdoc-en');
    await world.c.say('Hello, I am currently a postdoc at ETH Zurich with a doctorate in chemistry; we develop sodium-ion batteries, and there are three of us.');
    expect(step(await world.c.say('Can you tell me whether I qualify?'))).toBe('consent');
    const r = await world.c.say('I agree');
    expect(world.c.lastText()).toContain('Researcher at a university or institute');
    expect(step(r)).toBe('stage');
    expect(await answersOf(world, 'postdoc-en')).toMatchObject({ industry: 'new_energy', degree: 'phd', role: 'researcher', team_size: 3 });
  });

  it('zh: 在清华做博后 is a researcher', async () => {
    const world = await start('postdoc-zh');
    await world.c.say('您好，我现在在清华做博后，博士是在德国读的，方向是氢燃料电池，团队算上我一共四个人');
    await world.c.say('我想报名试试');
    expect(step(await world.c.say('同意'))).toBe('stage');
    expect(await answersOf(world, 'postdoc-zh')).toMatchObject({ degree: 'phd', role: 'researcher', team_size: 4 });
  });

  it('zh: a postdoc done years ago (做了四年博士后) is not the current role', async () => {
    const past = await start('past-postdoc');
    await past.c.say('我博士毕业以后在英国做了四年博士后，方向是锂电池材料，有两项发明专利，团队六个人');
    await past.c.say('帮我评估一下资格');
    expect(step(await past.c.say('同意'))).toBe('role');
  });
});

describe('the role question answered in words', () => {
  it('reads research, company and founder roles in both languages', async () => {
    const world = await start('roles');
    await world.c.say('我想报名');
    await world.c.say('同意');
    await world.c.press('answer:industry:new_energy');
    await world.c.press('answer:degree:phd');
    const roles: Array<[string, string]> = [
      ["I'm the PI of a small lab at Fudan", 'researcher'],
      ['I am a lecturer at a university in Leeds', 'researcher'],
      ['我是高校的讲师', 'researcher'],
      ['在大学当教授', 'researcher'],
      ['现在是研究所的副研究员', 'researcher'],
      ['postdoctoral fellow', 'researcher'],
      ['我现在还在读博士', 'student'],
      ['a PhD student at KTH', 'student'],
      ['I work as an engineer at a car maker', 'enterprise'],
      ['我在公司上班', 'enterprise'],
      ['CTO at a listed company', 'enterprise'],
      ['我是这家公司的联合创始人', 'founder'],
      ["I'm one of the co-founders", 'founder'],
    ];
    for (const [text, role] of roles) {
      expect(step(await world.c.say(text)), text).toBe('stage');
      expect((await answersOf(world, 'roles')).role, text).toBe(role);
      expect(step(await world.c.say('back')), text).toBe('role');
    }
  });
});

/** Starts the check and presses through it up to `until` (buttons; the team size typed). */
async function checkUpTo(world: Awaited<ReturnType<typeof start>>, until: string): Promise<ChatResponse> {
  const presses: Array<[string, string]> = [
    ['industry', 'answer:industry:new_materials'],
    ['degree', 'answer:degree:master'],
    ['role', 'answer:role:enterprise'],
    ['stage', 'answer:stage:revenue'],
    ['core_tech', 'answer:core_tech:core_tech'],
    ['team_size', 'text:12'],
    ['overseas', 'answer:overseas:no'],
    ['intention', 'answer:intention:undecided'],
  ];
  await world.c.say('I would like to check my eligibility');
  let r = await world.c.press('answer:consent:accept');
  for (const [id, action] of presses) {
    if (id === until) break;
    r = action.startsWith('text:') ? await world.c.say(action.slice(5)) : await world.c.press(action);
  }
  return r;
}

describe('a name and a contact given with another answer', () => {
  it('zh: at the event question, the event, the name and the phone at once; then the summary and a typed confirmation', async () => {
    const world = await start('all-at-once-zh');
    expect(step(await checkUpTo(world, 'event'))).toBe('event');
    const r = await world.c.say('哪场都行，本人赵子龙，电话 186 0000 1234');
    expect(step(r)).toBe('summary');
    expect(world.c.lastText()).toContain('赵子龙');
    expect(world.c.lastText()).toContain('18600001234');
    await world.c.say('信息都对，帮我提交吧');
    const [lead] = await world.store.leads.listLeads();
    expect(lead?.contact).toEqual({ name: '赵子龙', phone: '18600001234' });
    expect(lead?.answers).toMatchObject({ event: 'any' });
  });

  it('en: "whichever comes first. This is Maria Rossi, e-mail …" fills all three and submits on "that is right, send it"', async () => {
    const world = await start('all-at-once-en');
    await checkUpTo(world, 'event');
    expect(step(await world.c.say('Whichever comes first. This is Maria Rossi, e-mail maria.rossi@example.org'))).toBe('summary');
    await world.c.say("That's right, send it.");
    const [lead] = await world.store.leads.listLeads();
    expect(lead?.contact).toEqual({ name: 'Maria Rossi', email: 'maria.rossi@example.org' });
  });

  it('earlier in the check, too: they are noted and not asked again', async () => {
    const world = await start('early-details');
    await checkUpTo(world, 'overseas');
    const r = await world.c.say('No, never lived abroad. I am Tom Berg, phone +44 7700 900123');
    expect(step(r)).toBe('intention');
    expect(world.c.lastText()).toContain('Tom Berg');
    await world.c.press('answer:intention:undecided');
    expect(step(await world.c.say('the Yangtze River Delta one'))).toBe('summary');
    expect(await answersOf(world, 'early-details')).toMatchObject({ name: 'Tom Berg', contact: '+447700900123', event: 'yrd_invitational' });
  });

  it('never takes a role or a description for a name, nor a contact from a question', async () => {
    const world = await start('not-names');
    await checkUpTo(world, 'event');
    for (const text of ["Any is fine, I'm a founder", "No preference. I'm Chinese American.", '都可以，我是博士后', '随便哪个，我是江苏人']) {
      expect(step(await world.c.say(text)), text).toBe('name');
      expect(await answersOf(world, 'not-names'), text).not.toHaveProperty('name');
      expect(step(await world.c.say('back')), text).toBe('event');
    }
    // A question that answers nothing is a question, not the contact.
    const asked = await world.c.say('我的手机号13912345678能收到比赛通知吗？');
    expect(step(asked)).toBe('event');
    expect(await answersOf(world, 'not-names')).not.toHaveProperty('contact');
  });
});

describe('more answers in plain words', () => {
  it('"我是公司员工" is a company role, "打算落在武进，2026年" a yes with its year', async () => {
    const world = await start('employee');
    for (const text of ['我想申请', '同意', '做AI芯片设计的，硕士学历']) await world.c.say(text);
    expect(step(await world.c.say('我是公司员工，项目已经有收入了'))).toBe('core_tech');
    expect(await answersOf(world, 'employee')).toMatchObject({ role: 'enterprise', stage: 'revenue' });
    for (const text of ['有两项发明专利', '就我一个人', '没有']) await world.c.say(text);
    expect(step(await world.c.say('打算落在武进，2026年'))).toBe('event');
    expect(await answersOf(world, 'employee')).toMatchObject({ intention: 'yes', timeline: 2026 });
  });

  it('answers given with the consent ("同意 我是本科 在企业上班 做高端装备的") are noted and not asked', async () => {
    const world = await start('consent-with-facts');
    await world.c.say('我要报名');
    expect(step(await world.c.say('同意 我是本科 在企业上班 做高端装备的'))).toBe('stage');
    expect(await answersOf(world, 'consent-with-facts')).toMatchObject({ industry: 'high_end_equipment', degree: 'bachelor', role: 'enterprise' });
    const plain = await start('consent-plain');
    await plain.c.say('我要报名');
    expect(step(await plain.c.say('同意'))).toBe('industry');
  });

  it('a year to set up in, given beside another answer, also answers the plan to come (two years ahead: one to three years)', async () => {
    const world = await start('year-means-plan');
    for (const text of ['check my eligibility', 'I agree', 'new energy, hydrogen fuel cells. PhD. I lead a research group at a Fraunhofer institute']) await world.c.say(text);
    expect(await answersOf(world, 'year-means-plan')).toMatchObject({ industry: 'new_energy', degree: 'phd', role: 'researcher' });
    for (const text of ['we are at prototype', 'we have patents', 'team of 8 including me']) await world.c.say(text);
    // The test clock is in 2026: 2028 is two years ahead.
    expect(step(await world.c.say('yes, I worked in Germany for years. We plan to open an office in Wujin in 2028'))).toBe('event');
    expect(await answersOf(world, 'year-means-plan')).toMatchObject({ overseas: 'yes', intention: 'later', timeline: 2028 });
  });

  it('"I want to check if my startup can join": the check; "…and it\'s only me" is a team of one; "can we continue where we stopped?" goes on', async () => {
    const world = await start('startup-join');
    expect(step(await world.c.say('I want to check if my startup can join your competition'))).toBe('consent');
    for (const text of ['yes', "we do smart agriculture sensors; I have a master's and I'm the founder"]) await world.c.say(text);
    expect(step(await world.c.say("just an idea for now, no patents or core tech yet, and it's only me"))).toBe('overseas');
    expect(await answersOf(world, 'startup-join')).toMatchObject({ stage: 'idea', core_tech: 'none', team_size: 1 });
    await world.c.say('bye for now');
    expect(step(await world.c.say("hi, I'm back, can we continue where we stopped?"))).toBe('overseas');
  });

  it('"算了 还是找个真人跟我说吧" in the check asks for a person instead of only leaving', async () => {
    const world = await start('person-instead');
    for (const text of ['我要报名', '同意', '无人机']) await world.c.say(text);
    const r = await world.c.say('算了 还是找个真人跟我说吧');
    expect(r.replies.map((x) => x.act)).toContain('human');
    expect(r.replies.at(-1)?.expects?.flowId).toBe('handoff');
  });

  it('frustration in the check gets an apology, a person offered and the same question; a person asked for keeps the answers for "let\'s continue"', async () => {
    const world = await start('annoyed');
    for (const text of ['我要报名', '同意', '做石墨烯的', '博士', '我是创始人', '已经有营收了']) await world.c.say(text);
    const annoyed = await world.c.say('怎么问这么多啊，烦死了，到底还有几个问题');
    expect(annoyed.replies.some((r) => r.act === 'frustration' && r.offersPerson)).toBe(true);
    expect(step(annoyed)).toBe('core_tech');
    const person = await start('person-then-back');
    for (const text of ['I want to apply', 'yes', 'we make batteries', 'PhD']) await person.c.say(text);
    expect((await person.c.say('Actually, could I talk to a real person instead?')).replies.at(-1)?.expects?.flowId).toBe('handoff');
    expect(step(await person.c.say("Okay, let's continue with the questions for now."))).toBe('role');
    expect(await answersOf(person, 'person-then-back')).toMatchObject({ industry: 'new_energy', degree: 'phd' });
    // "算了 继续刚才的吧" goes on with the check; a follow-up on a policy answered in the check is answered too.
    const back = await start('go-on');
    for (const text of ['我要报名', '同意', '做储能的', '博士', '高校研究人员']) await back.c.say(text);
    await back.c.say('人才公寓能住多久？');
    const size = await back.c.say('那房子大概多大');
    expect(size.replies.some((r) => r.sources[0]?.topic === 'workspace_apartment')).toBe(true);
    expect(step(size)).toBe('stage');
    expect(step(await back.c.say('算了 继续刚才的吧'))).toBe('stage');
    // A question in traditional characters is a question too ("落地以後有人跟進服務嗎" names no plan to come), and 喺科大做研究 is a researcher.
    const hk = await start('hk');
    for (const text of ['我要报名', '同意', '我哋做新能源，氫燃料電池，我係博士，喺科大做研究']) await hk.c.say(text);
    const followUp = await hk.c.say('落地以後有人跟進服務嗎');
    expect(followUp.replies.some((r) => r.sources[0]?.topic === 'full_cycle_service')).toBe(true);
    expect(await answersOf(hk, 'hk')).toEqual({ industry: 'new_energy', degree: 'phd', role: 'researcher' });
  });

  it('what is denied is not the answer ("a sample, no revenue", "core tech but no patents", "还没有营收"), and "or anything" answers no later question', async () => {
    const world = await start('denied');
    for (const text of ['I want to apply', 'yes', 'chip packaging', 'PhD']) await world.c.say(text);
    expect(step(await world.c.say('She works as an engineer at a big company, not a founder or anything'))).toBe('stage');
    expect(await answersOf(world, 'denied')).not.toHaveProperty('event');
    await world.c.say("fine: they've got a sample, no revenue");
    await world.c.say('core tech but no patents, the company owns the old ones');
    expect(await answersOf(world, 'denied')).toMatchObject({ role: 'enterprise', stage: 'prototype', core_tech: 'core_tech' });
    // A question about another place that does not end with its question mark is still one: the fallback, and the step stays.
    const elsewhere = await world.c.say('Before I go on - how does this compare to what Singapore offers? be straight with me');
    expect(elsewhere.fallback).toBe(true);
    expect(step(elsewhere)).toBe('team_size');
    // "I quit the PhD" is no PhD, and no leaving the check; "I am retired" is another role.
    const quit = await start('quit-phd');
    for (const text of ['I want to apply', 'yes', 'AI for medical imaging', 'PhD']) await quit.c.say(text);
    expect(step(await quit.c.say("wait, I meant master's. I quit the PhD after 2 yrs 😅"))).toBe('role');
    await quit.c.say('I am retired, so I have no employer and no company of my own.');
    expect(await answersOf(quit, 'quit-phd')).toMatchObject({ degree: 'master', role: 'other' });
    const told = await start('told-zh');
    await told.c.say('我係港科大读完博士嘅，做锂电池储能，团队连我5个人，之前喺德国做过三年嘢');
    await told.c.say('想申请以赛聚才，帮我睇下得唔得');
    await told.c.say('冇问题，可以');
    expect(await answersOf(told, 'told-zh')).toMatchObject({ industry: 'new_energy', degree: 'phd', team_size: 5, overseas: 'yes' });
    const other = await start('other-field');
    await other.c.say('我是博士，搞生物医药的，想测一哈能不能申请');
    await other.c.say('可以嘛');
    expect(await answersOf(other, 'other-field')).toMatchObject({ industry: 'other', degree: 'phd' });
    const zh = await start('denied-zh');
    for (const text of ['我要报名', '同意', '做储能的', '硕士', '公司员工']) await zh.c.say(text);
    await zh.c.say('有样机了，还没有营收');
    expect(await answersOf(zh, 'denied-zh')).toMatchObject({ stage: 'prototype' });
  });
});

describe('a name said the way people say it', () => {
  it('"Name\'s …" with the e-mail at the event question fills both', async () => {
    const world = await start('names-lead-in');
    for (const text of ["I'd like to check whether I'm eligible", 'yes I agree', 'we make battery separators', 'PhD', "I'm the founder", 'we have a prototype', 'two patents', 'four of us', 'no, never abroad', 'not sure yet']) await world.c.say(text);
    expect(step(world.c.last())).toBe('event');
    expect(step(await world.c.say("the invitational one. Name's Maria Lopez, maria.lopez@example.org"))).toBe('summary');
    expect(await answersOf(world, 'names-lead-in')).toMatchObject({ name: 'Maria Lopez', contact: 'maria.lopez@example.org' });
  });
});
