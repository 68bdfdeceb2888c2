/**
 * Starting the eligibility check in one's own words — full "A-not-A" questions, "直接申请吧",
 * applying for someone else — and pausing or going on with it by typing, through
 * POST /api/chat on the shipped content and flows.
 */
import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../src/channels/web/convertChatRequest.js';
import { shippedConversations } from '../helpers/shippedConversation.js';

const start = shippedConversations();
const conversation = async (user = 'u1') => (await start(user)).c;

const expects = (r: ChatResponse) => r.replies.at(-1)?.expects;
const acts = (r: ChatResponse) => r.replies.map((x) => x.act).filter(Boolean);

describe('starting the check in other words', () => {
  it.each([
    '我想看看符合不符合条件',
    '行 那我直接申请吧',
    '我这种情况想申请 怎么弄',
    '我是王总的助理，替他报名',
    '那我现在帮他报名',
    'can u check if my project qualifies',
    "Hi, I'm the assistant of Prof. Chen. He wants to apply and I'll fill it in for him.",
    "ok let's start the check for her",
  ])('"%s" asks for the consent of the check', async (text) => {
    const c = await conversation();
    const r = await c.say(text);
    expect(expects(r), text).toMatchObject({ flowId: 'eligibility', stepId: 'consent' });
  });

  it('a question about applying for a subsidy is still that question, not the check', async () => {
    const c = await conversation();
    const r = await c.say('我想申请购房补贴，需要什么条件');
    expect(expects(r)?.flowId).toBeUndefined();
    expect(r.replies.find((x) => x.sources.length)?.sources[0]?.topic).toBe('housing_subsidy');
  });
});

describe('dates asked about applying and about the competitions', () => {
  const topic = (r: ChatResponse) => r.replies.find((x) => x.sources.length)?.sources[0]?.topic;

  it.each(['whats the deadline to sign up this year 🙏', 'when can I apply?', '报名截止是哪天'])('"%s" is answered from the calendar, not by starting the check', async (text) => {
    const c = await conversation();
    const r = await c.say(text);
    expect(expects(r)?.flowId, text).toBeUndefined();
    expect(topic(r), text).toBe('calendar');
  });

  it('"deadline" right after the competitions is the calendar\'s, in both languages', async () => {
    const c = await conversation();
    expect(topic(await c.say('competitions'))).toBe('competitions');
    expect(topic(await c.say('deadline'))).toBe('calendar');
    const d = await conversation('u2');
    expect(topic(await d.say('有哪些大赛和邀请赛'))).toBe('competitions');
    expect(topic(await d.say('截止时间'))).toBe('calendar');
  });
});

describe('pausing and going on by typing', () => {
  const toEvent = async () => {
    const c = await conversation();
    for (const text of ['我想申请', '同意', '新能源', '博士', '创业公司创始人', '有样机', '有专利', '5个人', '在德国工作过', '暂不考虑']) await c.say(text);
    expect(expects(c.last())?.stepId).toBe('event');
    return c;
  };

  it('"先这样，拜拜" at a question that takes any answer is a goodbye, and the question waits', async () => {
    const c = await toEvent();
    const r = await c.say('先这样，拜拜');
    expect(acts(r)).toContain('goodbye');
    const back = await c.say('继续');
    expect(acts(back)).toContain('resume');
    expect(expects(back)?.stepId).toBe('event');
  });

  it('"Thanks a lot, that was helpful." at the event question is thanks, not an event; "any one" still answers it', async () => {
    const c = await toEvent();
    const r = await c.say('Thanks a lot, that was helpful.');
    expect(acts(r)).toContain('thanks');
    expect(expects(r)?.stepId).toBe('event');
    expect(expects(await c.say('any one'))?.stepId).toBe('name');
  });

  it('"我先下了，改天再聊，拜拜" pauses the check as a goodbye, and "继续上次的申请" goes on', async () => {
    const c = await toEvent();
    expect(acts(await c.say('我先下了，改天再聊，拜拜'))).toContain('goodbye');
    const back = await c.say('我回来了，继续上次的申请');
    expect(expects(back)).toMatchObject({ flowId: 'eligibility', stepId: 'event' });
  });

  it('a question about what the options mean is answered with them and names no answer', async () => {
    const c = await conversation();
    for (const text of ['check my eligibility', 'yes', 'new energy']) await c.say(text);
    expect(expects(c.last())?.stepId).toBe('degree');
    const r = await c.say("what counts as 'other' for the degree?");
    expect(expects(r)?.stepId).toBe('degree');
    expect(r.replies.at(-1)?.text).toContain('Options:');
    expect(expects(await c.say('PhD'))?.stepId).toBe('role');
  });

  it('"ok let\'s continue" at a yes/no question is no "yes"', async () => {
    const c = await conversation();
    for (const text of ['check my eligibility', 'yes', 'new energy', 'PhD', 'founder', 'prototype', 'patents', '5']) await c.say(text);
    expect(expects(c.last())?.stepId).toBe('overseas');
    const r = await c.say("ok let's continue");
    expect(acts(r)).toContain('resume');
    expect(expects(r)?.stepId).toBe('overseas');
  });

  it('a question at the summary is answered and submits nothing, whatever words it uses', async () => {
    const c = await toEvent();
    for (const text of ['都可以', '刘洋', '13812345678']) await c.say(text);
    for (const text of ['提交后多久有人联系？', 'before I confirm — what happens after I submit? will someone call?']) {
      const r = await c.say(text);
      expect(expects(r), text).toMatchObject({ flowId: 'eligibility', stepId: 'summary' });
    }
    const r = await c.say('好，确认提交');
    expect(expects(r)).toBeUndefined();
  });

  it('"Can we start over from the beginning?" clears the answers and asks the privacy notice again; outside a check it shows the menu', async () => {
    const c = await toEvent();
    const r = await c.say('hold on, I mixed things up. Can we start over from the beginning?');
    expect(acts(r)).toContain('restart');
    expect(expects(r)).toMatchObject({ flowId: 'eligibility', stepId: 'consent' });
    expect(expects(await c.say('同意'))?.stepId).toBe('industry');
    const d = await conversation('u2');
    const menu = await d.say('重新开始');
    expect(expects(menu)).toBeUndefined();
    expect(menu.replies.some((x) => x.buttons.some((b) => b.action.startsWith('flow:start:')))).toBe(true);
  });

  it('at the summary, "没问题 就这样" still confirms', async () => {
    const c = await toEvent();
    for (const text of ['都可以', '刘洋', '13812345678']) await c.say(text);
    expect(expects(c.last())?.stepId).toBe('summary');
    const r = await c.say('没问题 就这样');
    expect(expects(r)).toBeUndefined();
    expect(acts(r)).not.toContain('goodbye');
  });
});

describe('a situation told before the check', () => {
  it('two facts and a greeting are answered as a self-description, not refused, and facts told over two messages add up', async () => {
    const c = await conversation();
    const story = await c.say('Hi, I did my master\'s in Singapore and now I work on computer vision for autonomous driving');
    expect(story.fallback).toBe(false);
    await c.say("We're 4 people and we have a working prototype.");
    await c.say('Can I apply?');
    const r = await c.say('ok');
    const text = r.replies.map((x) => x.text).join('\n');
    for (const noted of ["Master's", 'Electronic information', 'Prototype', '4']) expect(text, noted).toContain(noted);
  });
});
