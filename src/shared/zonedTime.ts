/**
 * Calendar dates and times of an instant in a named time zone (the district profile's IANA
 * zone), through Intl: daylight saving and any zone work without a fixed offset.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone, kept: creating them is the slow part. */
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock fields of an instant in a zone. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * The wall-clock date and time of `epochMs` in `timeZone`.
 *
 * @param epochMs - the instant
 * @param timeZone - an IANA zone name such as Europe/Berlin
 */
export function zonedParts(epochMs: number, timeZone: string): ZonedParts {
  const offset = steadyOffset(epochMs, timeZone);
  if (offset === undefined) return partsFromFormatter(epochMs, timeZone);
  // The formatter reads whole seconds: the same instant, shifted to the wall clock.
  const wall = new Date(Math.floor(epochMs / 1000) * 1000 + offset);
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(), hour: wall.getUTCHours(), minute: wall.getUTCMinutes(), second: wall.getUTCSeconds() };
}

/** The fields as the zone's formatter gives them: the slow way, and the reference for the quick one. */
function partsFromFormatter(epochMs: number, timeZone: string): ZonedParts {
  const parts: Record<string, number> = {};
  for (const p of formatterOf(timeZone).formatToParts(epochMs)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

/** Zones change their offset at most once in this span, and only on its boundaries (:00, :15, :30, :45 UTC). */
const OFFSET_SPAN_MS = 15 * 60_000;
/** Per zone, the offsets of spans whose offset was the same at their first and last second (the calendar asks about many dates in a turn). */
const steadySpans = new Map<string, Map<number, number>>();
/** Spans kept per zone before the memo starts again (about a month of quarter hours, or that many dates). */
const MAX_SPANS_PER_ZONE = 4096;

/**
 * The zone's offset from UTC at `epochMs` when it is the same over the whole quarter hour
 * around it (read from the formatter at both ends once, then kept), else undefined — the
 * quarter hour of a clock change, or a year the quick way is not checked for, goes the slow way.
 */
function steadyOffset(epochMs: number, timeZone: string): number | undefined {
  const span = Math.floor(epochMs / OFFSET_SPAN_MS);
  let known = steadySpans.get(timeZone);
  const offset = known?.get(span);
  if (offset !== undefined) return offset;
  const start = span * OFFSET_SPAN_MS;
  const first = formatterOffset(start, timeZone);
  const last = formatterOffset(start + OFFSET_SPAN_MS - 1000, timeZone);
  if (first === undefined || first !== last) return undefined;
  if (!known || known.size >= MAX_SPANS_PER_ZONE) steadySpans.set(timeZone, (known = new Map()));
  known.set(span, first);
  return first;
}

/** The offset the formatter shows at `epochMs` (whole seconds), for years 1970–9999 only. */
function formatterOffset(epochMs: number, timeZone: string): number | undefined {
  const p = partsFromFormatter(epochMs, timeZone);
  if (p.year < 1970 || p.year > 9999) return undefined;
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(epochMs / 1000) * 1000;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The date `YYYY-MM-DD` of `epochMs` in `timeZone`. */
export function dateIn(epochMs: number, timeZone: string): string {
  const p = zonedParts(epochMs, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** The date and time `YYYY-MM-DD HH:mm` of `epochMs` in `timeZone`. */
export function dateTimeIn(epochMs: number, timeZone: string): string {
  const p = zonedParts(epochMs, timeZone);
  return `${dateIn(epochMs, timeZone)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** The calendar year of `epochMs` in `timeZone`. */
export function yearIn(epochMs: number, timeZone: string): number {
  return zonedParts(epochMs, timeZone).year;
}

/** How far `timeZone`'s wall clock is ahead of UTC at `epochMs`, in milliseconds. */
function offsetAt(epochMs: number, timeZone: string): number {
  const p = zonedParts(epochMs, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The instant at which the date `YYYY-MM-DD` begins in `timeZone` (local midnight; on a day
 * that skips midnight, the first instant of the day).
 *
 * @param date - a date written `YYYY-MM-DD`
 * @param timeZone - an IANA zone name
 */
export function startOfDateIn(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  // Two passes settle the offset across a change on that day.
  let guess = wall - offsetAt(wall, timeZone);
  guess = wall - offsetAt(guess, timeZone);
  return dateIn(guess, timeZone) === date ? guess : guess + 3600_000;
}

/** The date `YYYY-MM-DD` `days` days after `date` (calendar arithmetic, no zone). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The weekday of a date `YYYY-MM-DD`, Monday = 0 … Sunday = 6. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}
