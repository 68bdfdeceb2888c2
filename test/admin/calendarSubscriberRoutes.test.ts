/**
 * The console's calendar page: subscriber counts per event (never who), and a preview of the
 * notification that publishing a draft with new dates would send, with its recipients.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createSubscriptionBook } from '../../src/calendar/subscriptionBook.js';
import { createManualClock } from '../../src/shared/clock.js';
import { createMemoryStore } from '../../src/store/memoryStore.js';
import { TEST_NOW } from '../helpers/testApp.js';
import { ADMIN, createAdminTestApp, login, unescapeHtml, type AdminTestApp } from './adminTestKit.js';

let t: AdminTestApp | undefined;
afterEach(async () => {
  await t?.app.http.close();
  t = undefined;
});

describe('calendar subscriptions in the console', () => {
  it('counts subscribers per event and previews the notification of a draft with dates', async () => {
    const clock = createManualClock(TEST_NOW);
    const store = createMemoryStore(clock);
    const book = createSubscriptionBook(store.state, clock);
    t = await createAdminTestApp({ store, clock, console: { calendar: { list: () => book.list(), publicBaseUrl: 'https://talent.example.test' } } });
    await book.subscribe({ channel: 'telegram', userId: '4242' }, { kind: 'all' }, 'zh');
    await book.subscribe({ channel: 'wecom', userId: 'zhangsan' }, { kind: 'region', region: '大湾区' }, 'zh');
    await book.subscribe({ channel: 'web', userId: 'web-someone-0000001' }, { kind: 'event', eventId: 'xian-station-2024' }, 'en');

    const admin = await login(t.app, ADMIN.username, ADMIN.password);
    const before = await admin.get('/admin/calendar');
    expect(before.statusCode).toBe(200);
    const rows = [...before.body.matchAll(/<tr><td>([^<]+)<\/td><td>[^<]*<\/td><td>[^<]*<\/td><td>(\d+)<\/td><\/tr>/g)].map((m) => [unescapeHtml(m[1]!), m[2]]);
    expect(rows).toContainEqual(['大湾区邀请赛', '2']);
    expect(rows).toContainEqual(['长三角邀请赛', '1']);
    expect(before.body).toContain('data-testid="calendar-no-preview"');
    for (const personal of ['4242', 'zhangsan', 'web-someone']) expect(before.body).not.toContain(personal);

    const working = await t.admin.services.content.working();
    const calendar = parse(working.files['calendar.yaml']!) as { events: Array<Record<string, unknown>> };
    Object.assign(calendar.events.find((e) => e.id === 'greater-bay-area-invitational-2024')!, { status: 'planned', start: '2027-05-10' });
    await t.admin.services.content.saveDraft({ expectedHash: working.hash, files: { ...working.files, 'calendar.yaml': stringify(calendar) }, by: ADMIN.username });

    const after = unescapeHtml((await admin.get('/admin/calendar')).body);
    expect(after).toContain('大湾区邀请赛 — 将通知 2 人');
    expect(after).toContain('📅 日期已公布：大湾区邀请赛（大湾区）：时间 2027-05-10。');
    expect(after).toContain('📅 Dates announced: Greater Bay Area invitational competition (大湾区邀请赛) (Greater Bay Area): on 2027-05-10.');
    expect(after).toContain('https://talent.example.test/calendar/greater-bay-area-invitational-2024.ics');
  });

  it('says when subscriptions are off', async () => {
    t = await createAdminTestApp();
    const admin = await login(t.app, ADMIN.username, ADMIN.password);
    expect((await admin.get('/admin/calendar')).body).toContain('data-testid="calendar-off"');
  });
});
