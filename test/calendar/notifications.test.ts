/**
 * Calendar notifications end to end in one process: staff publish dates for an event, and
 * each subscriber of it gets exactly one message — a Telegram subscriber through the local
 * fake Bot API, a WeCom app member through the local fake WeCom, a web subscriber at their
 * next message — also when the platform fails first and when the same change is worked out
 * again; an unsubscribed or erased person gets none; a registration-deadline reminder fires at
 * the configured lead time on the manual clock, once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CALENDAR_SEEN_KEY } from '../../src/calendar/fanOutNotifications.js';
import { createNotificationSenders } from '../../src/calendar/notificationSenders.js';
import { createWecomApi } from '../../src/channels/wecom/api.js';
import { realFetch } from '../leads/leadTestKit.js';
import { FAKE_BOT_TOKEN, startFakeBotApi, type FakeBotApi } from '../channels/telegram/fakeBotApi.js';
import { startFakeWecom, type FakeWecom } from '../channels/wecom/fakeWecom.js';
import { TEST_WECOM } from '../channels/wecom/wecomTestKit.js';
import { createCalendarBed, GBA_EVENT, textOf, type CalendarBed } from './calendarTestKit.js';
import { createSendRateLimiter } from '../../src/core/sendRateLimiter.js';

const DATES = { status: 'planned' as const, start: '2027-05-10', end: '2027-05-12', registrationDeadline: '2027-04-20' };

let bot: FakeBotApi | undefined;
let wecom: FakeWecom | undefined;
afterEach(async () => {
  await bot?.close();
  await wecom?.close();
  bot = undefined;
  wecom = undefined;
});

/** A bed whose senders talk to fresh fake Telegram and WeCom servers. */
async function bedWithFakes(reminderDays = 7, options: { limits?: boolean } = {}): Promise<CalendarBed> {
  const fakeBot = (bot = await startFakeBotApi());
  const fakeWecom = (wecom = await startFakeWecom({ corpId: TEST_WECOM.corpId, secret: TEST_WECOM.secret }));
  return createCalendarBed(
    ({ store, clock }) =>
      createNotificationSenders({
        telegram: { token: FAKE_BOT_TOKEN, apiRoot: fakeBot.url, fetch: realFetch, ...(options.limits ? { limits: createSendRateLimiter(store.state, clock) } : {}) },
        wecomApp: {
          api: createWecomApi({ corpId: TEST_WECOM.corpId, secret: TEST_WECOM.secret, appKey: 'test', store: store.state, clock, apiBase: fakeWecom.url, fetch: realFetch }),
          agentId: TEST_WECOM.agentId,
        },
      }),
    reminderDays,
  );
}

const telegramTexts = (chatId: string) => bot!.messagesTo(chatId).map((m) => m.visible);
const wecomTexts = (user: string) => wecom!.acceptedCalls('message/send').filter((c) => c.body.touser === user).map((c) => String((c.body.text as { content: string }).content));

describe('calendar notifications', () => {
  it('tells each subscriber once when staff publish dates, on their own channel, and nobody who stopped or was erased', async () => {
    const bed = await bedWithFakes();
    expect(await bed.notifier.check()).toBe(0); // the calendar as it was is not news
    await bed.say('telegram', '4242', { action: 'calendar:subscribe:event:greater-bay-area-invitational-2024' });
    await bed.say('wecom', 'zhangsan', { action: 'calendar:subscribe:region:大湾区' });
    await bed.say('web', 'web-subscriber-000001', { action: 'calendar:subscribe:all' });
    await bed.say('telegram', '5151', { action: 'calendar:subscribe:all' });
    await bed.say('telegram', '5151', { text: '取消订阅' });
    await bed.say('telegram', '6161', { action: 'calendar:subscribe:all' });
    await bed.say('telegram', '6161', { action: 'privacy:erase' });
    await bed.say('telegram', '7171', { action: 'calendar:subscribe:event:xian-station-2024' });

    const seenBefore = await bed.store.state.get(CALENDAR_SEEN_KEY);
    bed.knowledgeSource.publishEvent(GBA_EVENT, DATES);
    await bed.notifier.drain();

    expect(telegramTexts('4242')).toHaveLength(1);
    expect(telegramTexts('4242')[0]).toContain('2027-05-10');
    expect(telegramTexts('4242')[0]).toContain('https://talent.example.test/calendar/greater-bay-area-invitational-2024.ics');
    expect(wecomTexts('zhangsan')).toHaveLength(1);
    expect(wecomTexts('zhangsan')[0]).toContain('报名截止 2027-04-20');
    for (const nobody of ['5151', '6161', '7171']) expect(telegramTexts(nobody)).toEqual([]);

    // Worked out again — as after a crash before the check recorded what it queued: still one each.
    await bed.store.state.set(CALENDAR_SEEN_KEY, seenBefore);
    await bed.notifier.drain();
    bed.clock.advance(60_000);
    await bed.notifier.drain();
    expect(telegramTexts('4242')).toHaveLength(1);
    expect(wecomTexts('zhangsan')).toHaveLength(1);

    // The web subscriber sees it at the next visit, once.
    const visit = await bed.say('web', 'web-subscriber-000001', { action: 'menu' });
    expect(visit[0]?.text).toContain('您订阅的赛事有新消息');
    expect(visit[0]?.text).toContain('2027-05-10');
    expect(textOf(await bed.say('web', 'web-subscriber-000001', { action: 'menu' }))).not.toContain('2027-05-10');

    // The log says what was sent, never to whom.
    const logged = JSON.stringify(bed.logger.entries);
    for (const personal of ['4242', 'zhangsan', 'web-subscriber']) expect(logged).not.toContain(personal);
  });

  it('keeps to Telegram\'s one message a second per chat: a second notification in the same second follows a second later, once', async () => {
    const bed = await bedWithFakes(7, { limits: true });
    await bed.notifier.check();
    await bed.say('telegram', '4242', { action: 'calendar:subscribe:all' });
    bed.knowledgeSource.publishEvent(GBA_EVENT, DATES);
    bed.knowledgeSource.publishEvent('xian-station-2024', { status: 'planned', start: '2027-06-01', end: '2027-06-02' });
    await bed.notifier.drain();
    expect(telegramTexts('4242')).toHaveLength(1);
    bed.clock.advance(1_000);
    await bed.notifier.drain();
    expect(telegramTexts('4242')).toHaveLength(2);
    expect(telegramTexts('4242').join('\n')).toContain('2027-06-01');
    expect(bot!.callsOf('sendMessage').filter((c) => !c.ok)).toEqual([]);
    bed.clock.advance(60_000);
    await bed.notifier.drain();
    expect(telegramTexts('4242')).toHaveLength(2);
  });

  it('retries a failed send and still delivers exactly once', async () => {
    const bed = await bedWithFakes();
    await bed.notifier.check();
    await bed.say('telegram', '4242', { action: 'calendar:subscribe:all' });
    await bed.say('wecom', 'zhangsan', { action: 'calendar:subscribe:all' });
    bot!.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' }, 2);
    wecom!.failNext('message/send', -1, { errmsg: 'system busy' });
    bed.knowledgeSource.publishEvent(GBA_EVENT, DATES);
    await bed.notifier.drain();
    expect(telegramTexts('4242')).toEqual([]);
    for (let i = 0; i < 6; i++) {
      bed.clock.advance(10_000);
      await bed.notifier.drain();
    }
    expect(bot!.callsOf('sendMessage').filter((c) => !c.ok)).toHaveLength(2);
    expect(telegramTexts('4242')).toHaveLength(1);
    expect(wecomTexts('zhangsan')).toHaveLength(1);
  });

  it('does not send again what a process was sending when it died, so nobody gets it twice', async () => {
    const bed = await bedWithFakes();
    await bed.notifier.check();
    await bed.say('telegram', '4242', { action: 'calendar:subscribe:all' });
    bed.knowledgeSource.publishEvent(GBA_EVENT, DATES);
    expect(await bed.notifier.check()).toBe(1);
    // Another process claimed it, saved "sending", and died before it could record the result.
    const [claimed] = await bed.store.replies.claimDue({ now: bed.clock.now(), limit: 1, leaseMs: 60_000, owner: 'dead-process', conversationPrefix: 'calendar:' });
    expect(await bed.store.replies.settle({ ...claimed!, sending: true }, 'dead-process')).toBe(true);
    await bed.notifier.drain();
    expect(bot!.callsOf('sendMessage')).toEqual([]); // its lease still runs
    bed.clock.advance(60_001);
    await bed.notifier.drain();
    expect(bot!.callsOf('sendMessage')).toEqual([]);
    expect(await bed.store.replies.get(claimed!.id)).toMatchObject({ status: 'done' });
  });

  it('shows a web subscriber the notice when the page opens again with its history, once', async () => {
    const bed = await bedWithFakes();
    await bed.notifier.check();
    const who = { channel: 'web', userId: 'web-history-0000000001' };
    await bed.engine.handle({ ...who, messageId: 'h1', action: 'calendar:subscribe:all', keepHistory: true });
    bed.knowledgeSource.publishEvent(GBA_EVENT, DATES);
    await bed.notifier.drain();
    const reopened = await bed.engine.history(who);
    expect(reopened.at(-1)).toMatchObject({ role: 'bot' });
    expect(JSON.stringify(reopened.at(-1))).toContain('2027-05-10');
    const again = await bed.engine.history(who);
    expect(again.filter((e) => JSON.stringify(e).includes('2027-05-10'))).toHaveLength(1);
  });

  it('ends the subscription of someone who blocked the bot, and sends them nothing more', async () => {
    const bed = await bedWithFakes();
    await bed.notifier.check();
    await bed.say('telegram', '4242', { action: 'calendar:subscribe:all' });
    bot!.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    bed.knowledgeSource.publishEvent(GBA_EVENT, DATES);
    await bed.notifier.drain();
    expect(await bed.book.find({ channel: 'telegram', userId: '4242' })).toBeUndefined();
    bed.knowledgeSource.publishEvent('xian-station-2024', { status: 'cancelled' });
    bed.clock.advance(60_000);
    await bed.notifier.drain();
    expect(bot!.callsOf('sendMessage')).toHaveLength(1);
  });

  it('tells subscribers when an event is cancelled', async () => {
    const bed = await bedWithFakes();
    await bed.notifier.check();
    await bed.say('telegram', '4242', { action: 'calendar:subscribe:all' });
    bed.knowledgeSource.publishEvent('xian-station-2024', { status: 'cancelled' });
    await bed.notifier.drain();
    expect(telegramTexts('4242')).toHaveLength(1);
    expect(telegramTexts('4242')[0]).toContain('已取消');
  });

  it('reminds subscribers the configured number of days before registration closes, once', async () => {
    // TEST_NOW is 2026-03-01 09:00 in the district; registration closes on 2026-03-20.
    const bed = await bedWithFakes(7);
    await bed.notifier.check();
    await bed.say('telegram', '4242', { action: 'calendar:subscribe:all' });
    bed.knowledgeSource.publishEvent(GBA_EVENT, { status: 'open', registrationDeadline: '2026-03-20' });
    await bed.notifier.drain();
    expect(telegramTexts('4242')).toHaveLength(1); // the dates themselves
    bed.clock.set('2026-03-12T15:00:00Z'); // 23:00 on the 12th in the district: eight days left
    await bed.notifier.drain();
    expect(telegramTexts('4242')).toHaveLength(1);
    bed.clock.set('2026-03-12T16:30:00Z'); // 00:30 on the 13th: seven days left
    await bed.notifier.drain();
    expect(telegramTexts('4242')).toHaveLength(2);
    expect(telegramTexts('4242')[1]).toContain('报名即将截止');
    expect(telegramTexts('4242')[1]).toContain('2026-03-20');
    bed.clock.advance(24 * 3600_000);
    await bed.notifier.drain();
    expect(telegramTexts('4242')).toHaveLength(2);
  });

  it('sends one message, not two, when dates are published already inside the reminder time', async () => {
    const bed = await bedWithFakes(7);
    await bed.notifier.check();
    await bed.say('telegram', '4242', { action: 'calendar:subscribe:all' });
    bed.knowledgeSource.publishEvent(GBA_EVENT, { status: 'open', registrationDeadline: '2026-03-04' });
    await bed.notifier.drain();
    bed.clock.advance(3600_000);
    await bed.notifier.drain();
    expect(telegramTexts('4242')).toHaveLength(1);
    expect(telegramTexts('4242')[0]).toContain('报名截止 2026-03-04');
  });
});
