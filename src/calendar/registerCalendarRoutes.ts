/**
 * `GET /calendar.ics` (every dated event) and `GET /calendar/<event id>.ics` (one event), for
 * "add to my calendar". `?lang=zh|en` chooses the language (default: the district profile's).
 * An event without dates, or one the calendar does not have, is 404.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../shared/clock.js';
import type { DistrictProfile } from '../knowledge/districtProfile.js';
import type { KnowledgeSource } from '../knowledge/knowledgeBase.js';
import type { CalendarEvent } from '../knowledge/schema.js';
import type { Language } from '../shared/language.js';

/** What the routes need. */
export interface CalendarRoutesOptions {
  knowledge: KnowledgeSource;
  profile: DistrictProfile;
  clock: Clock;
  /** The deployment's external URL; its host names the events' UIDs. Default `http://localhost`. */
  publicBaseUrl?: string;
  /** Days before a registration deadline the alarm rings. Default 7. */
  reminderDays?: number;
}

const isDated = (e: CalendarEvent) => e.start !== undefined || e.registrationDeadline !== undefined;

/**
 * Registers the routes.
 *
 * @param http - the server
 * @param options - see {@link CalendarRoutesOptions}
 */
export function registerCalendarRoutes(http: FastifyInstance, options: CalendarRoutesOptions): void {
  const uidDomain = new URL(options.publicBaseUrl ?? 'http://localhost').hostname;
  const languageOf = (query: unknown): Language => {
    const lang = (query as { lang?: unknown } | undefined)?.lang;
    return lang === 'zh' || lang === 'en' ? lang : options.profile.defaultLanguage;
  };
  // Imported on the first download: ical-generator is not needed before someone asks for a calendar.
  const write = async (events: readonly CalendarEvent[], language: Language) =>
    (await import('./buildCalendarIcs.js')).buildCalendarIcs(events, {
      language,
      timeZone: options.profile.timeZone,
      now: options.clock.now(),
      uidDomain,
      name: options.profile.district[language],
      reminderDays: options.reminderDays ?? 7,
    });

  http.get('/calendar.ics', async (request, reply) => {
    const events = options.knowledge.current().content.calendar.events.filter(isDated);
    return reply.type('text/calendar; charset=utf-8').header('cache-control', 'public, max-age=300').send(await write(events, languageOf(request.query)));
  });
  http.get<{ Params: { file: string } }>('/calendar/:file', async (request, reply) => {
    const id = request.params.file.endsWith('.ics') ? request.params.file.slice(0, -'.ics'.length) : undefined;
    const event = options.knowledge.current().content.calendar.events.find((e) => e.id === id);
    if (!event || !isDated(event)) return reply.status(404).send({ error: { code: 'not_found', message: 'no dated event with this id; see GET /calendar.ics for every dated event' } });
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="${event.id}.ics"`)
      .header('cache-control', 'public, max-age=300')
      .send(await write([event], languageOf(request.query)));
  });
}
