/**
 * What in the calendar is news for subscribers, on the shipped calendar: dates announced,
 * moved or a status changed are; dates taken away, a new undated event and nothing changed are
 * not. Reminders fall due the given number of district days before a deadline, while it is open.
 */
import { describe, expect, it } from 'vitest';
import { detectCalendarChanges, dueReminders, fingerprintsOf } from '../../src/calendar/detectCalendarChanges.js';
import type { Calendar, CalendarEvent } from '../../src/knowledge/schema.js';
import { shippedKnowledgeBase } from '../helpers/testApp.js';
import { GBA_EVENT } from './calendarTestKit.js';

async function shippedCalendar(): Promise<Calendar> {
  return (await shippedKnowledgeBase()).content.calendar;
}

const withEvent = (calendar: Calendar, id: string, change: Partial<CalendarEvent>): Calendar => ({
  ...calendar,
  events: calendar.events.map((e) => (e.id === id ? { ...e, ...change } : e)),
});

describe('detectCalendarChanges', () => {
  it('finds dates announced and moved, and status changes, and nothing else', async () => {
    const before = await shippedCalendar();
    const seen = fingerprintsOf(before);
    expect(detectCalendarChanges(before, seen)).toEqual([]);
    const dated = withEvent(before, GBA_EVENT, { status: 'planned', start: '2027-05-10' });
    expect(detectCalendarChanges(dated, seen).map((c) => [c.event.id, c.change])).toEqual([[GBA_EVENT, 'dates']]);
    const moved = withEvent(dated, GBA_EVENT, { start: '2027-06-01' });
    const [change] = detectCalendarChanges(moved, fingerprintsOf(dated));
    expect(change?.change).toBe('dates');
    expect(change?.fingerprint).not.toBe(detectCalendarChanges(dated, seen)[0]?.fingerprint);
    expect(detectCalendarChanges(withEvent(before, 'xian-station-2024', { status: 'cancelled' }), seen).map((c) => c.change)).toEqual(['status']);
    expect(detectCalendarChanges(withEvent(dated, GBA_EVENT, { status: 'cancelled' }), fingerprintsOf(dated)).map((c) => c.change)).toEqual(['status']);
  });

  it('does not count dates taken away or a new event without dates', async () => {
    const before = await shippedCalendar();
    const dated = withEvent(before, GBA_EVENT, { start: '2027-05-10' });
    expect(detectCalendarChanges(before, fingerprintsOf(dated))).toEqual([]);
    const added = { ...before, events: [...before.events, { ...before.events[0]!, id: 'new-undated-2027', status: 'tba' as const }] };
    expect(detectCalendarChanges(added, fingerprintsOf(before))).toEqual([]);
    const addedDated = { ...before, events: [...before.events, { ...before.events[0]!, id: 'new-dated-2027', status: 'planned' as const, start: '2027-09-01' }] };
    expect(detectCalendarChanges(addedDated, fingerprintsOf(before)).map((c) => c.event.id)).toEqual(['new-dated-2027']);
  });
});

describe('dueReminders', () => {
  it('falls due the given number of district days before an open deadline, until the day itself', async () => {
    const calendar = withEvent(await shippedCalendar(), GBA_EVENT, { status: 'open', registrationDeadline: '2026-03-20' });
    const at = (iso: string, days = 7) => dueReminders(calendar, Date.parse(iso), 'Asia/Shanghai', days).map((r) => [r.event.id, r.daysLeft]);
    expect(at('2026-03-12T15:59:00Z')).toEqual([]);
    expect(at('2026-03-12T16:00:00Z')).toEqual([[GBA_EVENT, 7]]);
    expect(at('2026-03-20T15:00:00Z')).toEqual([[GBA_EVENT, 0]]);
    expect(at('2026-03-20T16:00:00Z')).toEqual([]);
    expect(at('2026-03-19T16:00:00Z', 0)).toEqual([[GBA_EVENT, 0]]);
    const closed = withEvent(calendar, GBA_EVENT, { status: 'closed' });
    expect(dueReminders(closed, Date.parse('2026-03-15T00:00:00Z'), 'Asia/Shanghai', 7)).toEqual([]);
  });
});
