/**
 * Correcting an earlier answer in words later in the check, through POST /api/chat on the shipped
 * flows: the corrected question is updated and said to be, a question that now applies (the year,
 * once the intention is yes) is asked next, and then the check goes on where it was.
 */
import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../src/channels/web/convertChatRequest.js';
import { conversationKey } from '../../src/core/engine.js';
import { shippedConversations } from '../helpers/shippedConversation.js';

const start = shippedConversations();
type World = Awaited<ReturnType<typeof start>>;

const step = (r: ChatResponse) => r.replies.at(-1)?.expects?.stepId;

async function answersOf(world: World, user: string): Promise<Record<string, unknown>> {
  const state = (await world.store.state.get(conversationKey('web', user))) as { flow?: { answers: Record<string, unknown> } } | undefined;
  return state?.flow?.answers ?? {};
}

/** Starts the check (in `language`) and presses through it up to `until`; the intention is "not decided". */
async function checkUpTo(world: World, until: string, language: 'zh' | 'en' = 'en'): Promise<ChatResponse> {
  const presses: Array<[string, string]> = [
    ['industry', 'answer:industry:new_materials'],
    ['degree', 'answer:degree:master'],
    ['role', 'answer:role:enterprise'],
    ['stage', 'answer:stage:revenue'],
    ['core_tech', 'answer:core_tech:none'],
    ['team_size', 'text:12'],
    ['overseas', 'answer:overseas:no'],
    ['intention', 'answer:intention:undecided'],
  ];
  await world.c.say(language === 'zh' ? '我想测一下资格' : 'I would like to check my eligibility');
  let r = await world.c.press('answer:consent:accept');
  for (const [id, action] of presses) {
    if (id === until) break;
    r = action.startsWith('text:') ? await world.c.say(action.slice(5)) : await world.c.press(action);
  }
  return r;
}

describe('an earlier answer corrected in words', () => {
  it('en: the intention changed to yes at the event question: the year is asked, then the event again', async () => {
    const world = await start('intent-en');
    expect(step(await checkUpTo(world, 'event'))).toBe('event');
    const r = await world.c.say('hold on, I meant yes, we plan to move to Wujin');
    expect(step(r)).toBe('timeline');
    expect(world.c.lastText()).toContain('Updated');
    expect(step(await world.c.say('2028'))).toBe('event');
    expect(await answersOf(world, 'intent-en')).toMatchObject({ intention: 'yes', timeline: 2028, team_size: 12 });
  });

  it('zh: 更正一下，我们决定落户武进 at the event question asks the year', async () => {
    const world = await start('intent-zh');
    await checkUpTo(world, 'event', 'zh');
    const r = await world.c.say('更正一下，我们决定落户武进');
    expect(step(r)).toBe('timeline');
    expect(world.c.lastText()).toContain('已更新');
    expect(step(await world.c.say('明年吧'))).toBe('event');
    expect(await answersOf(world, 'intent-zh')).toMatchObject({ intention: 'yes' });
  });

  it('en: the patents corrected two questions later: the question being asked is asked again', async () => {
    const world = await start('patents-en');
    expect(step(await checkUpTo(world, 'overseas'))).toBe('overseas');
    const r = await world.c.say('correction: we actually hold two invention patents');
    expect(step(r)).toBe('overseas');
    expect(world.c.lastText()).toContain('Updated');
    expect(await answersOf(world, 'patents-en')).toMatchObject({ core_tech: 'patents', team_size: 12 });
  });

  it('zh: 说错了 with a different team size at the intention question updates it and asks the intention again', async () => {
    const world = await start('team-zh');
    await checkUpTo(world, 'intention', 'zh');
    const r = await world.c.say('刚才说错了，团队一共是十五个人');
    expect(step(r)).toBe('intention');
    expect(world.c.lastText()).toContain('已更新');
    expect(await answersOf(world, 'team-zh')).toMatchObject({ team_size: 15 });
  });

  it('en: "sorry I meant 2027" after the year corrects the year, and the event is asked again', async () => {
    const world = await start('year-en');
    await checkUpTo(world, 'event');
    await world.c.say('hold on, I meant yes, we plan to move to Wujin');
    expect(step(await world.c.say('2026'))).toBe('event');
    const r = await world.c.say('sorry I meant 2027');
    expect(step(r)).toBe('event');
    expect(world.c.lastText()).toContain('Updated');
    expect(await answersOf(world, 'year-en')).toMatchObject({ timeline: 2027, team_size: 12 });
  });

  it('en: "sorry, 13 people, I forgot to count myself" corrects the team size, not the question asked', async () => {
    const world = await start('oops-en');
    await checkUpTo(world, 'intention');
    const r = await world.c.say('sorry, 13 people, I forgot to count myself');
    expect(step(r)).toBe('intention');
    expect(await answersOf(world, 'oops-en')).toMatchObject({ team_size: 13 });
  });

  it('en: at the year, "no, we just want to compete" changes the intention it was asked for, and the event follows', async () => {
    const world = await start('reconsider-en');
    await checkUpTo(world, 'event');
    expect(step(await world.c.say('hold on, I meant yes, we plan to move to Wujin'))).toBe('timeline');
    const r = await world.c.say('no, we just want to compete');
    expect(step(r)).toBe('event');
    expect(world.c.lastText()).toContain('Updated');
    const answers = await answersOf(world, 'reconsider-en');
    expect(answers).toMatchObject({ intention: 'no' });
    expect(answers.timeline).toBeUndefined();
  });

  it('en: at the summary, "Actually the phone number is wrong, it\'s …" replaces the contact and shows the summary again', async () => {
    const world = await start('contact-en');
    await checkUpTo(world, 'event');
    for (const text of ['any', 'Sato Kenji', '+81 90 1234 5678']) await world.c.say(text);
    const r = await world.c.say("Actually the phone number is wrong, it's +81 90 1234 8765");
    expect(step(r)).toBe('summary');
    expect(world.c.lastText()).toContain('+819012348765');
    expect(await answersOf(world, 'contact-en')).toMatchObject({ contact: '+819012348765' });
  });

  it('en: a question in the check that answers only another question ("anything for my kid\'s school?") is answered, and fills nothing', async () => {
    const world = await start('question-en');
    await checkUpTo(world, 'role');
    const r = await world.c.say("and is there anything for my kid's school or for doctors?");
    expect(r.replies.some((x) => x.sources.some((src) => src.topic === 'life_services'))).toBe(true);
    expect(step(r)).toBe('role');
    expect((await answersOf(world, 'question-en')).event).toBeUndefined();
  });

  it('en: a year already past at the year question is said to be past, and the question stays', async () => {
    const world = await start('past-en');
    await checkUpTo(world, 'event');
    await world.c.say('hold on, I meant yes, we plan to move to Wujin');
    const r = await world.c.say('2025 I guess');
    expect(step(r)).toBe('timeline');
    expect(world.c.lastText()).toContain('That year has already passed.');
  });

  it('a bare number that fits no answered question corrects nothing', async () => {
    const world = await start('nofit');
    await checkUpTo(world, 'event');
    await world.c.say('sorry I meant 9999');
    expect(world.c.lastText()).not.toContain('Updated');
    expect(await answersOf(world, 'nofit')).toMatchObject({ team_size: 12 });
  });

  it('a correction marker with the answer already given updates nothing', async () => {
    const world = await start('same');
    await checkUpTo(world, 'event');
    await world.c.say('actually we have no patents');
    expect(world.c.lastText()).not.toContain('Updated');
    expect(await answersOf(world, 'same')).toMatchObject({ core_tech: 'none', intention: 'undecided' });
  });
});

describe('leaving the check with a question in the same message', () => {
  const topics = (r: ChatResponse) => r.replies.flatMap((x) => x.sources.map((s) => s.topic));

  it('zh: 不弄了 plus a question about the contests pauses the check and answers the question', async () => {
    const world = await start('leave-zh');
    await checkUpTo(world, 'stage', 'zh');
    const r = await world.c.say('不弄了，你们都办哪些比赛呀');
    expect(topics(r)).toContain('competitions');
    expect(r.replies.at(-1)?.expects).toBeUndefined();
    expect(world.c.lastText()).not.toContain('项目阶段');
    // The answers wait for "继续" as when quitting alone.
    expect(step(await world.c.say('继续'))).toBe('stage');
  });

  it('zh: the leaving words and the question without a comma between them', async () => {
    const world = await start('leave-zh-2');
    await checkUpTo(world, 'degree', 'zh');
    const r = await world.c.say('算了吧我先了解一下人才公寓怎么申请');
    expect(topics(r)).toContain('workspace_apartment');
    expect(r.replies.at(-1)?.expects).toBeUndefined();
  });

  it('en: "never mind, what industries does the district focus on?" leaves and answers', async () => {
    const world = await start('leave-en');
    await checkUpTo(world, 'role');
    const r = await world.c.say('never mind, which industries does the district focus on?');
    expect(topics(r)).toContain('target_industries');
    expect(r.replies.at(-1)?.expects).toBeUndefined();
  });

  it('leaving alone still only leaves', async () => {
    const world = await start('leave-only');
    await checkUpTo(world, 'role', 'zh');
    const r = await world.c.say('算了，不填了');
    expect(r.replies).toHaveLength(1);
    expect(r.replies[0]?.sources).toEqual([]);
  });
});

describe('more facts from a description in one message', () => {
  it('zh: 公司是我开的 / 自己开的公司 is a founder, with field and degree read from the same message', async () => {
    const world = await start('own-company');
    await checkUpTo(world, 'industry', 'zh');
    expect(step(await world.c.say('我们做集成电路设计，硕士毕业，这家公司是我开的'))).toBe('stage');
    expect(await answersOf(world, 'own-company')).toMatchObject({ degree: 'master', role: 'founder' });
    expect(step(await world.c.say('back'))).toBe('role');
    expect(step(await world.c.say('自己开的公司，做了三年了'))).toBe('stage');
    expect((await answersOf(world, 'own-company')).role).toBe('founder');
  });

  it('en: research at a university in a city abroad is overseas experience, noted before the check', async () => {
    const world = await start('abroad-city');
    await world.c.say("Hello, I'm a researcher in quantum sensors at a university in Zurich, I have a PhD");
    await world.c.say('Can I check whether I qualify?');
    await world.c.say('yes');
    expect(await answersOf(world, 'abroad-city')).toMatchObject({ degree: 'phd', overseas: 'yes' });
  });
});

describe('going back in other words', () => {
  it('zh: 我想回去修改一下 goes back a step; 大学里做研究 is a researcher', async () => {
    const world = await start('back-words');
    await checkUpTo(world, 'role', 'zh');
    expect(step(await world.c.say('稍等，我想回去修改一下'))).toBe('degree');
    await world.c.press('answer:degree:phd');
    expect(step(await world.c.say('我目前在大学里做研究'))).toBe('stage');
    expect(await answersOf(world, 'back-words')).toMatchObject({ degree: 'phd', role: 'researcher' });
  });
});

describe('a correction with an answer to the open question', () => {
  it('en: the patents corrected and the team size given in one message', async () => {
    const world = await start('both');
    await checkUpTo(world, 'team_size');
    const r = await world.c.say('oh wait, correction: we filed two patents last year, and we are 6 people');
    expect(step(r)).toBe('overseas');
    expect(world.c.lastText()).toMatch(/Updated: Core technology or patents: Patents[\s\S]*Noted: ?Team size: 6/);
    expect(await answersOf(world, 'both')).toMatchObject({ core_tech: 'patents', team_size: 6 });
  });
});
