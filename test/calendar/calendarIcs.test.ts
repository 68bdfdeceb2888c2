/**
 * `GET /calendar.ics` and the per-event links through the real app, read back with an
 * independent iCalendar parser (node-ical): the dated events are there with their days, the
 * registration deadline is its own event with an alarm, undated events are not, and an
 * undated or unknown event's link is 404.
 */
import ical, { type CalendarComponent, type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { buildWebApp } from '../helpers/webApp.js';
import { GBA_EVENT, publishableKnowledge } from './calendarTestKit.js';
import { createTestBot } from '../helpers/testApp.js';

async function appWithDates() {
  const bot = await createTestBot();
  const knowledge = publishableKnowledge(bot.knowledge);
  knowledge.publishEvent(GBA_EVENT, { status: 'planned', start: '2027-05-10', end: '2027-05-12', registrationDeadline: '2027-04-20' });
  const app = buildWebApp({ clock: bot.clock, store: bot.store, knowledge, profile: bot.profile, calendarFeed: { publicBaseUrl: 'https://talent.example.test', reminderDays: 5 } });
  return { app, bot };
}

/** The VEVENTs of a parsed feed. */
function eventsOf(text: string): VEvent[] {
  return Object.values(ical.sync.parseICS(text)).filter((c: CalendarComponent | undefined): c is VEvent => c?.type === 'VEVENT');
}

describe('calendar feeds', () => {
  it('GET /calendar.ics has the dated events only, valid for an iCalendar parser', async () => {
    const { app } = await appWithDates();
    const response = await app.http.inject({ method: 'GET', url: '/calendar.ics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/calendar');
    expect(response.body).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(response.body).toContain('X-WR-TIMEZONE:Asia/Shanghai');
    expect(response.body).toMatch(/DTSTAMP:20260301T010000Z/);
    const events = eventsOf(response.body);
    expect(events.map((e) => e.uid).sort()).toEqual([`${GBA_EVENT}-registration@talent.example.test`, `${GBA_EVENT}@talent.example.test`]);
    const main = events.find((e) => e.uid === `${GBA_EVENT}@talent.example.test`)!;
    expect(main.datetype).toBe('date');
    expect(response.body).toContain('DTSTART;VALUE=DATE:20270510');
    expect(response.body).toContain('DTEND;VALUE=DATE:20270513');
    expect(String(main.summary)).toContain('大湾区邀请赛');
    const deadline = events.find((e) => e.uid?.includes('registration'))!;
    expect(response.body).toContain('DTSTART;VALUE=DATE:20270420');
    expect(String(deadline.summary)).toContain('报名截止');
    expect(response.body).toContain('TRIGGER:-P5D');
  });

  it('GET /calendar/<id>.ics has that event, in English when asked; undated or unknown events are 404', async () => {
    const { app } = await appWithDates();
    const one = await app.http.inject({ method: 'GET', url: `/calendar/${GBA_EVENT}.ics?lang=en` });
    expect(one.statusCode).toBe(200);
    const events = eventsOf(one.body);
    expect(events).toHaveLength(2);
    expect(String(events[0]!.summary)).toContain('Greater Bay Area');
    expect((await app.http.inject({ method: 'GET', url: '/calendar/xian-station-2024.ics' })).statusCode).toBe(404);
    expect((await app.http.inject({ method: 'GET', url: '/calendar/no-such-event.ics' })).statusCode).toBe(404);
  });

  it('is an empty but valid calendar while no event has dates', async () => {
    const bot = await createTestBot();
    const app = buildWebApp({ clock: bot.clock, store: bot.store, knowledge: publishableKnowledge(bot.knowledge), profile: bot.profile });
    const response = await app.http.inject({ method: 'GET', url: '/calendar.ics' });
    expect(response.statusCode).toBe(200);
    expect(eventsOf(response.body)).toEqual([]);
    expect(response.body).toContain('END:VCALENDAR');
  });
});
