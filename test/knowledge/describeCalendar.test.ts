import { describe, expect, it } from 'vitest';
import { describeCalendar, upcomingEvents } from '../../src/knowledge/describeCalendar.js';
import { dateIn } from '../../src/shared/zonedTime.js';
import type { Calendar, CalendarEvent } from '../../src/knowledge/schema.js';
import { createTestEngine } from '../helpers/testApp.js';

const source = { title: 't', publisher: 'p', date: '2026-01-10' };
const event = (id: string, fields: Partial<CalendarEvent>): CalendarEvent => ({
  id,
  name: { zh: `${id}赛`, en: `${id} contest` },
  kind: 'competition',
  region: { zh: '武进', en: 'Wujin' },
  status: 'planned',
  source,
  ...fields,
});
const calendar: Calendar = {
  asOf: '2026-01-10',
  howToHear: { zh: '请关注官方发布。', en: 'Watch official announcements.' },
  events: [
    event('spring', { start: '2026-04-01', end: '2026-04-02', registrationDeadline: '2026-03-15' }),
    event('winter', { start: '2026-01-20' }),
    event('autumn', { status: 'tba' }),
    event('old', { status: 'held', year: 2025 }),
  ],
};

describe('calendar answers relative to the clock', () => {
  it('lists the next dated events first and hides what has passed', () => {
    expect(upcomingEvents(calendar, '2026-01-15').map((e) => e.id)).toEqual(['winter', 'spring', 'autumn']);
    expect(upcomingEvents(calendar, '2026-02-01').map((e) => e.id)).toEqual(['spring', 'autumn']);
    expect(upcomingEvents(calendar, '2026-05-01').map((e) => e.id)).toEqual(['autumn']);
  });

  it('writes dates and deadlines only where the calendar has them', () => {
    const text = describeCalendar(calendar, Date.parse('2026-02-01T00:00:00Z'), 'zh', 'Asia/Shanghai');
    expect(text).toContain('截至 2026-02-01');
    expect(text).toContain('spring赛（武进）：时间 2026-04-01 至 2026-04-02，报名截止 2026-03-15');
    expect(text).toContain('autumn赛（武进）：日期待公布');
    expect(text).not.toContain('winter');
    expect(text).toContain('请关注官方发布。');
    const en = describeCalendar(calendar, Date.parse('2026-02-01T00:00:00Z'), 'en', 'Asia/Shanghai');
    expect(en).toContain('spring contest (Wujin): on 2026-04-01 to 2026-04-02, registration closes 2026-03-15');
  });

  it('says plainly when no date is announced', () => {
    const text = describeCalendar({ ...calendar, events: [event('old', { status: 'held', year: 2025 })] }, Date.parse('2026-06-01T00:00:00Z'), 'en', 'Asia/Shanghai');
    expect(text).toContain('has not been announced');
    expect(text).toContain('Events already held in 2025');
  });

  it('uses the district’s time zone for "today"', () => {
    expect(dateIn(Date.parse('2026-03-01T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-03-02');
    expect(dateIn(Date.parse('2026-03-01T17:00:00Z'), 'Europe/Berlin')).toBe('2026-03-01');
    const lateInBerlin = Date.parse('2026-07-31T22:30:00Z'); // 00:30 on 1 August in Berlin (summer time)
    const july = describeCalendar({ ...calendar, events: [event('summer', { status: 'planned', start: '2026-07-31' })] }, lateInBerlin, 'en', 'Europe/Berlin');
    expect(july).toContain('As of 2026-08-01');
    expect(july).not.toContain('summer');
  });
});

describe('calendar questions to the engine, on the shipped calendar', () => {
  it.each([
    ['下一场比赛什么时候？', 'zh', '尚未公布'],
    ['When is the next competition?', 'en', 'has not been announced'],
  ])('%s', async (question, language, phrase) => {
    const { engine } = await createTestEngine('2026-03-01T01:00:00Z');
    const [reply] = await engine.handle({ channel: 'test', userId: 'c', messageId: '1', text: question });
    expect(reply).toMatchObject({ language, fallback: false });
    expect(reply?.sources[0]?.topic).toBe('calendar');
    expect(reply?.text).toContain(phrase);
    expect(reply?.text).toContain('2026-03-01');
    // The seed gives no event dates: the only date in the answer is today's.
    expect(reply?.text.match(/\d{4}-\d{2}-\d{2}/g)).toEqual(['2026-03-01']);
  });
});
