/**
 * Understanding people through POST /api/chat, on the shipped content and flows: dialogue
 * acts, follow-ups on the current topic, self-descriptions that pre-fill the check, and a
 * whole eligibility check answered in the applicant's own words — never a button, never an
 * option's label.
 */
import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../src/channels/web/convertChatRequest.js';
import { shippedConversations } from '../helpers/shippedConversation.js';

const conversation = shippedConversations();

const lastExpects = (r: ChatResponse) => r.replies.at(-1)?.expects;
const acts = (r: ChatResponse) => r.replies.map((x) => x.act).filter(Boolean);
const topic = (r: ChatResponse) => r.replies.find((x) => x.sources.length)?.sources[0]?.topic;

describe('dialogue acts', () => {
  it('greeting, thanks and goodbye in both languages get an answer, not the fallback', async () => {
    const { c } = await conversation();
    for (const [text, act] of [['你好', 'greeting'], ['谢谢', 'thanks'], ['再见', 'goodbye'], ['hi', 'greeting'], ['thanks!', 'thanks'], ['bye', 'goodbye']] as const) {
      const r = await c.say(text);
      expect(r.fallback, text).toBe(false);
      expect(acts(r), text).toContain(act);
    }
  });

  it('a greeting with a question answers the question', async () => {
    const { c } = await conversation();
    const r = await c.say('你好，请问人才公寓怎么申请');
    expect(topic(r)).toBe('workspace_apartment');
  });

  it('"我要报名" and "check whether I qualify" start the eligibility check; asking for a person starts the handoff', async () => {
    const { c } = await conversation();
    expect(lastExpects(await c.say('我要报名'))).toMatchObject({ flowId: 'eligibility', stepId: 'consent', kind: 'consent' });
    const { c: d } = await conversation('u2');
    expect(lastExpects(await d.say('can you check whether I qualify?'))).toMatchObject({ flowId: 'eligibility', stepId: 'consent' });
    const { c: e } = await conversation('u3');
    const human = await e.say('转人工');
    expect(acts(human)).toContain('human');
    expect(lastExpects(human)).toMatchObject({ flowId: 'handoff', stepId: 'consent' });
    const { c: f } = await conversation('u4');
    expect(lastExpects(await f.say('put me through to a human please'))).toMatchObject({ flowId: 'handoff' });
  });

  it('Cantonese, pidgin and mixed phrasings: help, a person, consent, and "how do I apply for that?" after an answer', async () => {
    const { c } = await conversation('phrasings');
    expect(acts(await c.say('喂 你可以帮我做咩啊'))).toContain('help');
    const person = await c.say('唔该，我想搵真人倾下');
    expect(acts(person)).toContain('human');
    expect(lastExpects(person)?.flowId).toBe('handoff');
    const { c: d } = await conversation('pidgin');
    await d.say('how do I apply? 🙏');
    expect(lastExpects(await d.say('yes no wahala'))?.stepId).toBe('industry');
    const { c: e } = await conversation('apply-for-that');
    await e.say('who can take part in the competitions?');
    expect(lastExpects(await e.say('ok and how do I apply for that?'))).toMatchObject({ flowId: 'eligibility', stepId: 'consent' });
    const { c: f } = await conversation('mixed');
    expect(lastExpects(await f.say('Hi，我是法国人 Julien，在武进想开公司，怎么 apply？'))).toMatchObject({ flowId: 'eligibility', stepId: 'consent' });
    expect(acts(await f.say('菜单'))).toContain('menu');
  });

  it('a question about the bot itself is help, not a wish for a person; beside another request the rest decides', async () => {
    const { c } = await conversation('about-the-bot');
    for (const text of ['你是真人吗', 'are you a bot?', 'Are you a real person?']) {
      const r = await c.say(text);
      expect(acts(r), text).toContain('help');
      expect(lastExpects(r)?.flowId, text).toBeUndefined();
    }
    const joke = await c.say('are you real person or robot haha. tell me a joke');
    expect(joke.fallback).toBe(true);
    expect(acts(joke)).not.toContain('human');
    const { c: d } = await conversation('bot-then-human');
    const person = await d.say('Are you a bot? Get me a human.');
    expect(acts(person)).toContain('human');
    expect(lastExpects(person)?.flowId).toBe('handoff');
  });

  it('another service\'s subject in a story is not answered by a clause of question words; the weather beside the district is no policy', async () => {
    const { c } = await conversation('other-service');
    const pension = await c.say('我想办退休金的资格认证，在你们这里哪里办？');
    expect(pension.fallback).toBe(true);
    expect(topic(pension)).toBeUndefined();
    await c.say('talent loan?');
    const rain = await c.say('btw is it raining in Changzhou today');
    expect(rain.fallback).toBe(true);
  });

  it('a visa question after a statement about oneself is the visa question; inside the check, help with visas is no wish to apply', async () => {
    const { c } = await conversation('visa');
    const visa = await c.say('我是外籍，回国工作需要办什么签证？R字签证怎么申请');
    expect(visa.fallback).toBe(true);
    expect(topic(visa)).toBeUndefined();
    await c.say('我想申请');
    await c.say('同意');
    const inCheck = await c.say('对了，签证和个税这块你们能帮我看看吗？');
    expect(inCheck.fallback).toBe(true);
    expect(lastExpects(inCheck)).toMatchObject({ flowId: 'eligibility', stepId: 'industry' });
  });

  it('inside the check, a question about another place answers no step, even when it names an answer', async () => {
    const { c } = await conversation('elsewhere-in-check');
    for (const text of ['我想申请', '同意', '新能源']) await c.say(text);
    const r = await c.say('蘇州那邊給博士多少安家費啊');
    expect(r.fallback).toBe(true);
    expect(lastExpects(r)).toMatchObject({ flowId: 'eligibility', stepId: 'degree' });
    expect(lastExpects(await c.say('我在美国读的博士'))?.stepId).toBe('role');
  });

  it('frustration gets an apology and the offer of a person', async () => {
    const { c } = await conversation();
    const r = await c.say('你听不懂吗');
    expect(r.fallback).toBe(false);
    expect(r.replies.some((x) => x.offersPerson)).toBe(true);
  });
});

describe('long and unclear messages', () => {
  it('a story before the question: the clause retrieval finds clearly answers', async () => {
    const { c } = await conversation();
    const r = await c.say('我在帮导师写一份关于长三角人才政策的调研报告，想引用一下数据，武进这些年一共引进了多少人才和团队？');
    expect(topic(r)).toBe('statistics');
    const { c: d } = await conversation('u2');
    expect(topic(await d.say('My kids are 6 and 9. We are moving next spring. My wife worries a lot. Are there good schools for children in Wujin?'))).toBe('life_services');
  });

  it('near misses are offered as choices instead of a flat refusal, and "yes" to a single one opens it', async () => {
    const { c } = await conversation();
    const r = await c.say('补贴');
    if (r.fallback) {
      const suggested = r.replies.flatMap((x) => x.buttons).filter((b) => b.action.startsWith('topic:') && b.action !== 'topic:human_contact');
      expect(suggested.length).toBeGreaterThan(0);
      expect(r.replies.every((x) => x.sources.length === 0)).toBe(true);
    } else {
      expect(topic(r)).toBeDefined();
    }
  });

  it('a self-description that asks about something the content does not cover gets no policy answer', async () => {
    const { c } = await conversation();
    const r = await c.say('我们团队四个人准备过来 想提前算一下生活成本 武进的人才公寓月租金具体是多少钱一平方 水电怎么算');
    expect(c.lastText()).not.toMatch(/\d+\s*万/);
    expect(r.replies[0]?.sources[0]?.topic ?? 'none').not.toBe('talent_package');
  });
});

describe('specifics the source does not state', () => {
  it('a rate or a rent asked with its topic: the entry, then plainly that it does not state it, and a person', async () => {
    const { c } = await conversation();
    const r = await c.say('人才贷的利率高不高');
    expect(topic(r)).toBe('talent_loan');
    expect(c.lastText()).toContain('没有写明利率');
    expect(c.lastText()).not.toMatch(/\d+(?:\.\d+)?\s*%/);
    expect(r.replies.some((x) => x.offersPerson)).toBe(true);
    const { c: d } = await conversation('u2');
    await d.say('How big is the office space they give to startups, and is it free?');
    expect(d.lastText()).toContain('100');
    expect(d.lastText()).toContain('does not state the cost');
  });

  it('a policy\'s deadline, the value of an interest rate and an entry fee are said not to be stated — not the calendar, not the check', async () => {
    const { c } = await conversation('deadline');
    const deadline = await c.say('购房补贴的申请截止日期具体是哪一天？');
    expect(deadline.fallback).toBe(true);
    expect(c.lastText()).toContain('购房补贴');
    expect(c.lastText()).not.toMatch(/\d{1,2}\s*月\s*\d{1,2}\s*日/);
    const { c: d } = await conversation('rate');
    const rate = await d.say("What's the interest rate on the talent loan?");
    expect(rate.fallback).toBe(true);
    expect(d.lastText()).toMatch(/does not state the interest rate/);
    expect(rate.replies.some((x) => x.offersPerson)).toBe(true);
    const { c: f } = await conversation('fee');
    const fee = await f.say('报名参赛要交报名费不？多少钱？');
    expect(fee.replies.at(-1)?.expects?.flowId).toBeUndefined();
    expect(f.lastText()).not.toMatch(/\d+\s*元/);
  });

  it('a figure asked for exactly that the entry does not give: only that, naming the entry, no source claimed, a person offered', async () => {
    const { c } = await conversation();
    const r = await c.say('人才贷的利率具体是多少 年化几个点');
    expect(r.fallback).toBe(true);
    expect(r.replies[0]?.sources).toEqual([]);
    expect(c.lastText()).toContain('没有写明利率');
    expect(c.lastText()).toContain('人才贷');
    expect(c.lastText()).not.toMatch(/\d+(?:\.\d+)?\s*%/);
    expect(r.replies.some((x) => x.offersPerson)).toBe(true);
    expect(r.replies.flatMap((x) => x.buttons).some((b) => b.action === 'topic:talent_loan')).toBe(true);
  });

  it('where someone comes from is their background, not another place\'s policy', async () => {
    const { c } = await conversation();
    expect(topic(await c.say('我是刚从加拿大回来的博士后，想了解一下购房补贴，最高多少？'))).toBe('housing_subsidy');
  });

  it('a place in the story does not stop the question beside it; a clause pointing at that place does', async () => {
    const { c } = await conversation();
    expect(topic(await c.say('which sectors do you guys want? my startup is agtech, drones spraying soybean fields here in Mato Grosso'))).toBe('target_industries');
    expect(topic(await c.say('Next deadline please? I\'m in Lagos and need to plan my visa appointment'))).toBe('calendar');
    // "last month" in the story asks nothing about how long anything lasts.
    const financing = await c.say('We closed a seed round last month (lead: a Berlin VC). Is there a reward from the district for such financing? Please answer precisely.');
    expect(topic(financing)).toBe('equity_financing_reward');
    expect(financing.fallback).toBe(false);
    // Another place's own policy, behind a long place name or several policy words, even compared with the district.
    for (const text of ['苏州工业园区的人才政策跟你们比哪个好 他们补贴多少', '杭州余杭的人才购房补贴是多少啊 跟武进差多少', 'ok so my friend did this in hangzhou and got talent card there, what is hangzhou policy for foreign phd']) {
      const elsewhere = await c.say(text);
      expect(elsewhere.fallback, text).toBe(true);
      expect(topic(elsewhere), text).toBeUndefined();
    }
    const there = await c.say('What about Nanjing? talent policy there?');
    expect(there.fallback).toBe(true);
    expect(topic(there)).toBeUndefined();
  });
});

describe('follow-ups', () => {
  it('keep the topic: "要钱吗" after talent apartments is about the apartments, with no invented figure', async () => {
    const { c } = await conversation();
    expect(topic(await c.say('人才公寓怎么申请'))).toBe('workspace_apartment');
    const r = await c.say('要钱吗');
    expect(topic(r)).toBe('workspace_apartment');
    expect(r.fallback).toBe(false);
  });

  it('"how much is it?" after the talent loan stays on the loan; "what about the housing subsidy?" switches', async () => {
    const { c } = await conversation();
    expect(topic(await c.say('what is the talent loan?'))).toBe('talent_loan');
    expect(topic(await c.say('how much is it?'))).toBe('talent_loan');
    expect(topic(await c.say('what about the housing subsidy?'))).toBe('housing_subsidy');
  });

  it('"那武进的呢" after another place\'s policy asks it about the district; a switch to another place is refused and keeps the topic', async () => {
    const { c } = await conversation('elsewhere');
    expect((await c.say('苏州的购房补贴多少？')).fallback).toBe(true);
    expect(topic(await c.say('那武进的呢'))).toBe('housing_subsidy');
    const { c: d } = await conversation('elsewhere-en');
    expect((await d.say('What is the housing subsidy in Suzhou?')).fallback).toBe(true);
    expect(topic(await d.say('And in Wujin?'))).toBe('housing_subsidy');
    const { c: e } = await conversation('elsewhere-switch');
    expect(topic(await e.say('武进股权融资奖励最多多少？'))).toBe('equity_financing_reward');
    expect((await e.say('那苏州工业园区呢？')).fallback).toBe(true);
    expect(topic(await e.say('那武进的呢'))).toBe('equity_financing_reward');
    // An answer in between ends it: the district's name then follows up the answer, not the refused question.
    const { c: f } = await conversation('elsewhere-then-answer');
    await f.say('苏州的购房补贴多少？');
    expect(topic(await f.say('什么是人才贷'))).toBe('talent_loan');
    expect(topic(await f.say('那武进的呢'))).not.toBe('housing_subsidy');
  });

  it('a figure the source does not give is said not to be stated, naming the entry and offering a person', async () => {
    const { c } = await conversation();
    expect(topic(await c.say('创业资助是什么'))).toBe('startup_funding');
    const r = await c.say('最高多少');
    expect(topic(r)).toBe('startup_funding');
    expect(c.lastText()).not.toMatch(/\d+\s*万/);
    expect(r.replies.some((x) => x.offersPerson)).toBe(true);
  });
});

describe('the eligibility check in the applicant\'s own words', () => {
  it('a self-description pre-fills at least four steps, which are then not asked again', async () => {
    const { c } = await conversation();
    const first = await c.say('我在杭州做了八年工业机器人减速器研发，博士，团队六个人，有发明专利，想明年搬到武进，能给什么支持');
    expect(topic(first)).toBe('talent_package');
    expect(c.lastText()).toContain('高端装备');
    // "My data" shows what is kept to pre-fill the check.
    await c.say('我的信息');
    expect(c.lastText()).toContain('预填资格初筛');
    // The button under "my data" only opens the confirmation, and says so; the confirmation's button erases.
    const labels = () => c.last().replies.flatMap((r) => r.buttons.map((b) => [b.label, b.action]));
    expect(labels()).toEqual([['删除我的信息…', 'privacy:forget']]);
    await c.press('privacy:forget');
    expect(labels()).toEqual([['确认删除', 'privacy:erase'], ['不删除', 'privacy:keep']]);
    await c.press('privacy:keep');
    await c.say('好的，帮我看看能不能参加');
    const after = await c.say('行，同意');
    const asked = lastExpects(after)?.stepId;
    expect(['industry', 'degree', 'core_tech', 'team_size', 'intention', 'timeline']).not.toContain(asked);
    expect(c.lastText()).toContain('高端装备');
  });

  for (const [lang, turns] of [
    ['zh', ['我想报名参赛', '行 同意', '我们是做光伏逆变器的', '博士毕业', '我自己是公司创始人', '已经有样机了', '有三项发明专利', '五个人', '在德国读的博士', '打算明年过来', '大湾区那个', '我叫王磊', '13900001111', '没问题，提交吧']],
    ['en', ['check whether I qualify', 'sure, I agree', 'we build solar inverters', 'I have a doctorate', "I'm the founder", 'we have a working prototype', 'we hold 3 patents', 'five of us', 'yes I studied in the UK', "we'd like to move next year", 'the Greater Bay Area one', 'my name is Anna Schmidt', 'anna.s@example.com', 'looks good, submit']],
  ] as const) {
    it(`finishes in ${lang} without a button, in no more turns than with buttons`, async () => {
      const { c, store } = await conversation(`words-${lang}`);
      for (const text of turns) await c.say(text);
      const stored = await store.leads.listLeads();
      expect(stored.length, c.lastText()).toBe(1);
      // The confirmation gives a reference the applicant can quote, and "my data" shows the same.
      const reference = stored[0]!.id.replace(/[^a-zA-Z0-9]/g, '').slice(0, 8).toUpperCase();
      expect(c.lastText()).toContain(reference);
      await c.say(lang === 'zh' ? '我的信息' : 'my data');
      expect(c.lastText()).toContain(reference);
      expect(stored[0]!.answers).toMatchObject({ industry: 'new_energy', degree: 'phd', role: 'founder', stage: 'prototype', core_tech: 'patents', team_size: 5, overseas: 'yes', intention: 'within_1y', event: 'gba_invitational' });
      // Buttons: the consent, 12 questions, the summary's confirm, plus the message that starts it.
      expect(turns.length).toBeLessThanOrEqual(15);
    });
  }

  it('a name and a contact in one message answer both questions; thanks at a free-text question is thanks, not a name', async () => {
    const { c } = await conversation('name-and-contact');
    for (const text of ['我想申请 看看自己够不够条件', '可以 同意', '做储能的', '硕士', '我是创始人', '样品在客户那边测试', '有专利', '算上我一共6个人', '没出过国', '还没想好 要跟股东商量商量', '都行']) await c.say(text);
    expect(lastExpects(c.last())?.stepId).toBe('name');
    const thanked = await c.say('好的，谢谢');
    expect(acts(thanked)).toContain('thanks');
    expect(lastExpects(thanked)?.stepId).toBe('name');
    const both = await c.say('刘洋 手机13700001111');
    expect(lastExpects(both)?.stepId).toBe('summary');
    expect(c.lastText()).toContain('刘洋');
    expect(c.lastText()).toContain('13700001111');
  });

  it('going back, a question about one\'s data and a question the material does not answer are heard inside the check', async () => {
    const { c } = await conversation('steering');
    await c.say('我要测资格');
    const privacy = await c.say('你们会把我说的东西给别人吗');
    expect(acts(privacy)).toContain('privacy');
    expect(lastExpects(privacy)?.stepId).toBe('consent');
    expect(c.lastText()).toContain('引才合伙人');
    for (const text of ['好的同意', '集成电路，做芯片封装测试的', '硕士']) await c.say(text);
    expect(lastExpects(c.last())?.stepId).toBe('role');
    const back = await c.say('等下，返回上一步，学历我填错了');
    expect(acts(back)).toContain('back');
    expect(lastExpects(back)?.stepId).toBe('degree');
    const weather = await c.say('常州这周天气咋样');
    expect(weather.fallback).toBe(true);
    expect(weather.replies[0]?.sources).toEqual([]);
    expect(lastExpects(weather)?.stepId).toBe('degree');
    // Going back with the corrected answer in the same message answers it at once.
    expect(lastExpects(await c.say('本科'))?.stepId).toBe('role');
    const corrected = await c.say('不对不对 刚才学历说错了 我是硕士');
    expect(lastExpects(corrected)?.stepId).toBe('role');
    const { c: d } = await conversation('privacy-outside');
    const outside = await d.say('what will you do with my phone number? who sees it?');
    expect(acts(outside)).toContain('privacy');
    expect(outside.replies.flatMap((r) => r.buttons.map((b) => b.action))).toEqual(['privacy:mydata', 'privacy:forget']);
  });

  it('quitting after consent pauses the check: its answers wait for "continue", "my data" shows them, and "forget me" erases them', async () => {
    const { c } = await conversation('pause');
    for (const text of ['我想报名参赛', '行', '做储能的', '硕士']) await c.say(text);
    expect(lastExpects(c.last())?.stepId).toBe('role');
    const quit = await c.say('不填了');
    expect(quit.replies.at(-1)?.expects).toBeUndefined();
    expect(c.lastText()).toContain('继续');
    expect(topic(await c.say('人才公寓怎么申请'))).toBe('workspace_apartment');
    await c.say('我的信息');
    expect(c.lastText()).toContain('硕士');
    const back = await c.say('我还是接着填刚才那个吧');
    expect(acts(back)).toContain('resume');
    expect(lastExpects(back)?.stepId).toBe('role');
    await c.say('不填了');
    await c.say('删除我的信息');
    await c.press('privacy:erase');
    expect(lastExpects(await c.say('继续'))).toBeUndefined();
    // A paused check expires like one in progress (14 days).
    const { c: old, clock } = await conversation('pause-expires');
    for (const text of ['我想报名参赛', '行', '做储能的', '不填了']) await old.say(text);
    clock.advance(15 * 24 * 3600_000);
    expect(lastExpects(await old.say('继续'))).toBeUndefined();
    const { c: d } = await conversation('pause-before-consent');
    await d.say('我想报名参赛');
    await d.say('不填了');
    expect(d.lastText()).not.toContain('暂时保留');
  });

  it('"please delete all my data" in a sentence stops the check and asks first; a typed yes erases, "keep it" keeps it for "continue", a later yes erases nothing', async () => {
    const { c } = await conversation('forget-typed');
    for (const text of ['I want to apply', 'yes', 'we make batteries']) await c.say(text);
    const asked = await c.say("Actually, I've changed my mind. Please delete all my data.");
    expect(asked.replies.at(-1)?.buttons.map((b) => b.action)).toEqual(['privacy:erase', 'privacy:keep']);
    expect(lastExpects(asked)).toBeUndefined();
    await c.say('keep it');
    expect(c.lastText()).toContain('continue');
    expect(lastExpects(await c.say('continue'))?.stepId).toBe('degree');
    await c.say('forget me');
    await c.say('what is the housing subsidy?');
    // The confirmation held for one message only: this yes erases nothing.
    await c.say('yes');
    await c.say('my data');
    expect(c.lastText()).toContain('New energy');
    await c.say('算了 我不想弄了 把我刚才填的信息全部删掉');
    expect(c.last().replies.at(-1)?.buttons.map((b) => b.action)).toEqual(['privacy:erase', 'privacy:keep']);
    await c.say('删吧');
    await c.say('我的信息');
    expect(c.lastText()).not.toContain('新能源');
  });

  it('answers to later questions given early are kept, and "patents in Europe" is not overseas experience', async () => {
    const { c } = await conversation('early-answers');
    for (const text of ['Hello! I want apply for program', 'ok agree', 'hydrogen fuel cells', 'I have a doctorate', 'founder and CEO', 'we have revenue already']) await c.say(text);
    const patents = await c.say('Yes, 4 granted patents in Europe.');
    expect(lastExpects(patents)?.stepId).toBe('team_size');
    const team = await c.say('me and 2 friends so 3');
    expect(lastExpects(team)?.stepId).toBe('overseas');
    const abroad = await c.say('4 people, and I worked in Finland 3 years');
    expect(lastExpects(abroad)?.stepId).toBe('intention');
  });

  it('a bare number is not taken as an option where options were shown as buttons; the hint lists them', async () => {
    const { c } = await conversation();
    await c.say('我要报名');
    await c.say('同意');
    const r = await c.say('3');
    expect(lastExpects(r)?.stepId).toBe('industry');
    expect(c.lastText()).toMatch(/可选：新能源、新材料、高端装备、电子信息、合成生物、集成电路、其他/);
  });
});
