/**
 * Subscribing in words and by button through the real engine: consent comes first and
 * nothing is stored before it; the event or region named is what is followed; "取消订阅" /
 * "stop" and "forget me" end it and leave nothing in the store.
 */
import { describe, expect, it } from 'vitest';
import { createTestEngine } from '../helpers/testApp.js';
import { createCalendarBed, GBA_EVENT, textOf } from './calendarTestKit.js';

const who = { channel: 'telegram', userId: '4242' };

describe('calendar subscriptions in a conversation', () => {
  it('asks for consent first and subscribes to all events only after "好的"', async () => {
    const bed = await createCalendarBed();
    const offer = await bed.say(who.channel, who.userId, { text: '有新比赛告诉我' });
    expect(textOf(offer)).toContain('365 天');
    expect(textOf(offer)).toContain('取消订阅');
    expect(offer.at(-1)?.buttons.map((b) => b.action)).toEqual(['calendar:subscribe:all', 'calendar:decline']);
    expect(await bed.book.list()).toEqual([]);
    const done = await bed.say(who.channel, who.userId, { text: '好的' });
    expect(textOf(done)).toContain('已订阅：所有赛事');
    expect((await bed.book.find(who))?.follows).toEqual([{ kind: 'all' }]);
    expect((await bed.book.find(who))?.language).toBe('zh');
  });

  it('follows the region named in the message, by button, in English', async () => {
    const bed = await createCalendarBed();
    const offer = await bed.say('web', 'web-user-0000000001', { text: 'notify me about the Greater Bay Area one' });
    expect(textOf(offer)).toContain('events in Greater Bay Area');
    const consent = offer.at(-1)!.buttons[0]!.action;
    expect(consent).toBe('calendar:subscribe:region:大湾区');
    await bed.say('web', 'web-user-0000000001', { action: consent });
    const stored = await bed.book.find({ channel: 'web', userId: 'web-user-0000000001' });
    expect(stored).toMatchObject({ language: 'en', follows: [{ kind: 'region', region: '大湾区' }] });
  });

  it('follows one event named by its name, and keeps earlier follows', async () => {
    const bed = await createCalendarBed();
    await bed.say(who.channel, who.userId, { action: 'calendar:subscribe:all' });
    await bed.say(who.channel, who.userId, { text: '大湾区邀请赛公布了通知我' });
    await bed.say(who.channel, who.userId, { text: '可以' });
    expect((await bed.book.find(who))?.follows).toEqual([{ kind: 'all' }, { kind: 'event', eventId: GBA_EVENT }]);
  });

  it('says in "my data" what the subscription keeps and until when', async () => {
    const bed = await createCalendarBed();
    await bed.say(who.channel, who.userId, { action: 'calendar:subscribe:region:大湾区' });
    const mine = textOf(await bed.say(who.channel, who.userId, { text: '我的信息' }));
    expect(mine).toContain('赛事订阅：大湾区的赛事（渠道 telegram，保留至 2027-03-01');
  });

  it('stores nothing when the applicant declines', async () => {
    const bed = await createCalendarBed();
    await bed.say(who.channel, who.userId, { text: '订阅' });
    const declined = await bed.say(who.channel, who.userId, { text: '不用了' });
    expect(textOf(declined)).toContain('不订阅');
    await bed.say(who.channel, who.userId, { text: '好的' });
    expect(await bed.book.list()).toEqual([]);
  });

  it('offers the subscription under the calendar answer', async () => {
    const bed = await createCalendarBed();
    const answer = await bed.say(who.channel, who.userId, { action: 'topic:calendar' });
    expect(answer.at(-1)?.buttons.map((b) => b.action)).toContain('calendar:offer:all');
    const offer = await bed.say(who.channel, who.userId, { action: 'calendar:offer:all' });
    expect(textOf(offer)).toContain('是否订阅');
  });

  it("links each dated upcoming event's .ics under the calendar answer", async () => {
    const bed = await createCalendarBed();
    bed.knowledgeSource.publishEvent(GBA_EVENT, { status: 'planned', start: '2027-05-10' });
    const answer = textOf(await bed.say(who.channel, who.userId, { action: 'topic:calendar' }));
    expect(answer).toContain('2027-05-10');
    expect(answer).toContain(`加入日历：https://talent.example.test/calendar/${GBA_EVENT}.ics`);
    expect(answer).not.toContain('xian-station-2024.ics');
    const buttons = (await bed.say(who.channel, who.userId, { action: 'topic:calendar' })).at(-1)!.buttons;
    expect(buttons.map((b) => b.action)).toEqual(expect.arrayContaining(['calendar:offer:all', `calendar:offer:event:${GBA_EVENT}`]));
    await bed.say(who.channel, who.userId, { action: `calendar:offer:event:${GBA_EVENT}` });
    await bed.say(who.channel, who.userId, { text: '好的' });
    expect((await bed.book.find(who))?.follows).toEqual([{ kind: 'event', eventId: GBA_EVENT }]);
  });

  it('ends with "取消订阅" and with "stop", and says so when there is none', async () => {
    const bed = await createCalendarBed();
    await bed.say(who.channel, who.userId, { action: 'calendar:subscribe:all' });
    expect(textOf(await bed.say(who.channel, who.userId, { text: '取消订阅' }))).toContain('已取消订阅');
    expect(await bed.book.find(who)).toBeUndefined();
    await bed.say('wecom', 'zhangsan', { action: 'calendar:subscribe:all' });
    expect(textOf(await bed.say('wecom', 'zhangsan', { text: 'stop' }))).toContain('已取消订阅');
    expect(textOf(await bed.say('wecom', 'zhangsan', { text: 'stop' }))).toContain('没有订阅');
    expect(await bed.store.state.listPrefix('calendar:')).toEqual([]);
  });

  it('is erased by "forget me" with every key it used', async () => {
    const bed = await createCalendarBed();
    await bed.say(who.channel, who.userId, { action: 'calendar:subscribe:all' });
    const id = (await bed.book.find(who))!.id;
    await bed.book.keepNotice(id, { id: 'n1', text: 'x', language: 'zh' });
    await bed.say(who.channel, who.userId, { text: '删除我的信息' });
    await bed.say(who.channel, who.userId, { action: 'privacy:erase' });
    expect(await bed.book.find(who)).toBeUndefined();
    expect(await bed.book.get(id)).toBeUndefined();
    expect(await bed.store.state.listPrefix('calendar:')).toEqual([]);
  });

  it('offers nothing and stores nothing when subscriptions are off', async () => {
    const { engine, store } = await createTestEngine();
    const answer = await engine.handle({ channel: 'web', userId: 'web-off-000000000001', messageId: 'a', action: 'topic:calendar' });
    expect(answer.flatMap((r) => r.buttons.map((b) => b.action)).filter((a) => a.startsWith('calendar:'))).toEqual([]);
    await engine.handle({ channel: 'web', userId: 'web-off-000000000001', messageId: 'b', text: '有新比赛告诉我' });
    await engine.handle({ channel: 'web', userId: 'web-off-000000000001', messageId: 'c', action: 'calendar:subscribe:all' });
    expect(await store.state.listPrefix('calendar:')).toEqual([]);
  });
});
