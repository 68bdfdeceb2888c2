/**
 * `GET /admin/calendar`: how many people follow each calendar event (counts, never who), and
 * a preview of the notifications that publishing the draft would send — the same text the
 * subscribers would get, in both languages, with the number of recipients. The subscribers
 * come from the calendar part (passed in as `calendar`).
 */
import { composeNotification } from '../../calendar/composeNotification.js';
import { detectCalendarChanges, fingerprintsOf, followsEvent } from '../../calendar/detectCalendarChanges.js';
import type { CalendarEvent } from '../../knowledge/schema.js';
import { STAFF_ROLES } from '../accounts/userAccounts.js';
import { sendPage, type AdminRouter } from '../shared/adminRouter.js';
import type { AdminServices } from '../shared/adminServices.js';
import { table } from '../shared/consolePage.js';
import { html } from '../shared/html.js';

/** An event's dates as the calendar states them. */
function datesOf(event: CalendarEvent): string {
  return [event.start && `${event.start}${event.end && event.end !== event.start ? ` – ${event.end}` : ''}`, event.registrationDeadline && `⏰ ${event.registrationDeadline}`].filter(Boolean).join(' · ');
}

/** Registers `GET /admin/calendar`. */
export function registerCalendarSubscriberRoutes(router: AdminRouter, s: AdminServices): void {
  router.get('/calendar', STAFF_ROLES, async (ctx) => {
    const t = ctx.t.calendar;
    if (!s.calendar) return sendPage(ctx, { title: t.title, section: 'calendar', body: html`<p data-testid="calendar-off">${t.off}</p>` });
    const subscriptions = await s.calendar.list();
    const published = s.knowledge.current().content.calendar;
    const rows = published.events.map((e) => [e.name[ctx.lang], e.status, datesOf(e), String(subscriptions.filter((sub) => followsEvent(sub, e)).length)]);
    const draft = await s.content.draft();
    const changes = draft ? detectCalendarChanges(s.buildCached(draft.files).content.calendar, fingerprintsOf(published)) : [];
    const previews = changes.map((change) => {
      const count = subscriptions.filter((sub) => followsEvent(sub, change.event)).length;
      const texts = (['zh', 'en'] as const).map((lang) => html`<pre>${composeNotification(change, lang, s.calendar!.publicBaseUrl)}</pre>`);
      return html`<section data-testid="calendar-preview"><h3>${change.event.name[ctx.lang]} — ${t.recipients(count)}</h3>${texts}</section>`;
    });
    return sendPage(ctx, {
      title: t.title,
      section: 'calendar',
      body: html`<p>${t.intro}</p>${table([t.event, t.status, t.dates, t.subscribers], rows, 'calendar-subscribers')}<h2>${t.previewTitle}</h2>${previews.length ? previews : html`<p data-testid="calendar-no-preview">${t.noDraft}</p>`}`,
    });
  });
}
