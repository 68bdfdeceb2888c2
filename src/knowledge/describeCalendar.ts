/**
 * Answers "when is the next competition?" from the calendar data, relative to the clock.
 * Only dates the calendar states are shown; events without dates are described as such.
 */
import type { Calendar, CalendarEvent, Language } from './schema.js';
import { dateIn } from './zonedTime.js';

const UPCOMING_STATUSES = new Set(['planned', 'open', 'tba']);

/** The last date on which an event is still ahead of the applicant (deadline, start or end). */
function lastRelevantDate(event: CalendarEvent): string | undefined {
  return event.end ?? event.start ?? event.registrationDeadline;
}

/** Events still to come on `today`, dated ones first by date, then undated announced ones. */
export function upcomingEvents(calendar: Calendar, today: string): CalendarEvent[] {
  const dated = calendar.events
    .filter((e) => e.status !== 'cancelled' && e.status !== 'held')
    .filter((e) => {
      const last = lastRelevantDate(e);
      return last !== undefined ? last >= today : UPCOMING_STATUSES.has(e.status);
    });
  const key = (e: CalendarEvent) => e.registrationDeadline ?? e.start ?? '9999-99-99';
  return dated.sort((a, b) => key(a).localeCompare(key(b)));
}

function describeEvent(event: CalendarEvent, language: Language): string {
  const parts: string[] = [];
  const zh = language === 'zh';
  if (event.start) parts.push(zh ? `时间 ${event.start}${event.end && event.end !== event.start ? ` 至 ${event.end}` : ''}` : `on ${event.start}${event.end && event.end !== event.start ? ` to ${event.end}` : ''}`);
  if (event.registrationDeadline) parts.push(zh ? `报名截止 ${event.registrationDeadline}` : `registration closes ${event.registrationDeadline}`);
  if (!event.start && !event.registrationDeadline) parts.push(zh ? '日期待公布' : 'date to be announced');
  const where = event.region[language];
  return zh ? `- ${event.name.zh}（${where}）：${parts.join('，')}` : `- ${event.name.en} (${where}): ${parts.join(', ')}`;
}

/**
 * Writes the calendar answer for `now`.
 *
 * @param calendar - the calendar content
 * @param now - the current time, epoch milliseconds
 * @param language - the reply language
 * @param timeZone - the district's IANA time zone, in which "today" is counted
 */
export function describeCalendar(calendar: Calendar, now: number, language: Language, timeZone: string): string {
  const today = dateIn(now, timeZone);
  const zh = language === 'zh';
  const upcoming = upcomingEvents(calendar, today);
  const lines: string[] = [];
  if (upcoming.length > 0) {
    lines.push(zh ? `截至 ${today}，即将举行或已预告的活动：` : `As of ${today}, these events are coming up or announced:`);
    for (const event of upcoming.slice(0, 5)) lines.push(describeEvent(event, language));
  } else {
    lines.push(
      zh
        ? `截至 ${today}，下一场赛事的日期尚未公布，我不能给出具体时间。`
        : `As of ${today}, the date of the next competition has not been announced, so I cannot give you one.`,
    );
  }
  const held = calendar.events.filter((e) => e.status === 'held');
  if (held.length > 0) {
    const years = [...new Set(held.map((e) => e.year).filter((y): y is number => y !== undefined))].sort();
    const yearText = years.length ? years.join(zh ? '、' : ', ') : '';
    lines.push('');
    lines.push(
      zh
        ? `${yearText ? `${yearText}年` : '此前'}已举办的活动（来源未给出具体日期）：`
        : `Events already held${yearText ? ` in ${yearText}` : ''} (the source gives no exact dates):`,
    );
    for (const event of held) lines.push(`- ${event.name[language]}${zh ? `（${event.region.zh}）` : ` (${event.region.en})`}`);
  }
  lines.push('', calendar.howToHear[language]);
  return lines.join('\n');
}
