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
