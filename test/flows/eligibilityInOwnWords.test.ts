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

  it('zh: 在清华做博后 is a researcher; a postdoc done years ago is not the current role', async () => {
    const world = await start('postdoc-zh');
    await world.c.say('您好，我现在在清华做博后，博士是在德国读的，方向是氢燃料电池，团队算上我一共四个人');
    await world.c.say('我想报名试试');
    expect(step(await world.c.say('同意'))).toBe('stage');
    expect(await answersOf(world, 'postdoc-zh')).toMatchObject({ degree: 'phd', role: 'researcher', team_size: 4 });

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
