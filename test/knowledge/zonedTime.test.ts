import { describe, expect, it } from 'vitest';
import { addDays, dateIn, dateTimeIn, startOfDateIn, weekdayOf, yearIn } from '../../src/shared/zonedTime.js';

describe('dates in a named time zone', () => {
  it('gives the wall-clock date, time and year of an instant', () => {
    const at = Date.parse('2026-12-31T16:30:00Z');
    expect(dateIn(at, 'Asia/Shanghai')).toBe('2027-01-01');
    expect(dateTimeIn(at, 'Asia/Shanghai')).toBe('2027-01-01 00:30');
    expect(yearIn(at, 'Asia/Shanghai')).toBe(2027);
    expect(yearIn(at, 'Europe/Berlin')).toBe(2026);
    expect(dateTimeIn(at, 'Europe/Berlin')).toBe('2026-12-31 17:30');
  });

  it('follows daylight saving time without a fixed offset', () => {
    expect(dateTimeIn(Date.parse('2026-01-15T12:00:00Z'), 'Europe/Berlin')).toBe('2026-01-15 13:00');
    expect(dateTimeIn(Date.parse('2026-07-15T12:00:00Z'), 'Europe/Berlin')).toBe('2026-07-15 14:00');
  });

  it('finds the instant a day begins, also on the days the clocks change', () => {
    expect(startOfDateIn('2026-03-02', 'Asia/Shanghai')).toBe(Date.parse('2026-03-01T16:00:00Z'));
    expect(startOfDateIn('2026-07-15', 'Europe/Berlin')).toBe(Date.parse('2026-07-14T22:00:00Z'));
    expect(startOfDateIn('2026-03-29', 'Europe/Berlin')).toBe(Date.parse('2026-03-28T23:00:00Z'));
    expect(startOfDateIn('2026-10-25', 'Europe/Berlin')).toBe(Date.parse('2026-10-24T22:00:00Z'));
    expect(startOfDateIn('2026-03-08', 'America/New_York')).toBe(Date.parse('2026-03-08T05:00:00Z'));
  });

  it('counts calendar days and weekdays', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2026-03-02', -7)).toBe('2026-02-23');
    expect(weekdayOf('2026-03-02')).toBe(0);
    expect(weekdayOf('2026-03-01')).toBe(6);
  });
});

describe('the quick way to the wall clock', () => {
  const reference = (epochMs: number, timeZone: string) => {
    const format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    const parts = Object.fromEntries(format.formatToParts(epochMs).filter((p) => p.type !== 'literal').map((p) => [p.type, Number(p.value)]));
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${parts.year}-${pad(parts.month!)}-${pad(parts.day!)} ${pad(parts.hour! % 24)}:${pad(parts.minute!)}:${pad(parts.second!)}`;
  };
  const quick = (epochMs: number, timeZone: string) => `${dateTimeIn(epochMs, timeZone)}:${String(new Date(epochMs).getUTCSeconds()).padStart(2, '0')}`;

  it('gives what the formatter gives around clock changes, in zones with half- and quarter-hour offsets', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Asia/Shanghai', 'America/St_Johns', 'Pacific/Chatham'];
    const changes = ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z', '2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z', '2026-04-04T14:00:00Z', '2026-09-26T14:00:00Z'].map(Date.parse);
    for (const zone of zones) {
      for (const change of changes) {
        // Every 7 minutes 13 seconds from two hours before to two hours after, then back again: the kept span is reused and replaced.
        for (const step of [433_000, -433_000]) {
          for (let at = change - step * 17; Math.abs(at - change) <= 433_000 * 17; at += step) {
            expect(quick(at, zone), `${zone} ${new Date(at).toISOString()}`).toBe(reference(at, zone));
          }
        }
      }
    }
  });
});
