/**
 * The console's answer quality page (editors and admins): per entry and per week, hits,
 * fallbacks and ratings, from {@link readAnswerQuality}.
 */
import { STAFF_ROLES } from '../accounts/userAccounts.js';
import { sendPage, type AdminRouter } from '../shared/adminRouter.js';
import type { AdminServices } from '../shared/adminServices.js';
import { table } from '../shared/consolePage.js';
import { html } from '../shared/html.js';
import { readAnswerQuality } from './answerQuality.js';
import { entryLink } from './entryLink.js';

/** Registers the answer quality route. */
export function registerQualityRoutes(router: AdminRouter, s: AdminServices): void {
  router.get('/quality', STAFF_ROLES, async (ctx) => {
    const t = ctx.t.logs.quality;
    if (s.conversationLogMs <= 0) return sendPage(ctx, { title: t.title, section: 'quality', body: html`<p>${ctx.t.logs.off}</p>` });
    const report = await readAnswerQuality(s.store, { now: s.clock.now(), retentionMs: s.conversationLogMs, timeZone: s.profile.timeZone });
    const percent = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : '—');
    const entryRows = report.byEntry.map((e) => [
      entryLink(e.entryId),
      String(e.hits),
      String(e.fallbacks),
      String(e.up),
      String(e.down),
      percent(e.down, e.up + e.down),
      e.meanConfidence === undefined ? '—' : `${Math.round(e.meanConfidence * 100)}%`,
    ]);
    const weekRows = report.byWeek.map((w) => [w.week, String(w.turns), String(w.hits), String(w.fallbacks), percent(w.fallbacks, w.turns), String(w.up), String(w.down)]);
    return sendPage(ctx, {
      title: t.title,
      section: 'quality',
      body: html`<p>${t.intro}</p>
        <h2>${t.byEntry}</h2>
        ${entryRows.length ? table([ctx.t.logs.entry, t.hits, t.fallbacks, '👍', '👎', t.downShare, ctx.t.logs.confidence], entryRows, 'quality-entries') : html`<p>${t.empty}</p>`}
        <h2>${t.byWeek}</h2>
        ${weekRows.length ? table([t.week, t.turns, t.hits, t.fallbacks, t.fallbackShare, '👍', '👎'], weekRows, 'quality-weeks') : html`<p>${t.empty}</p>`}`,
    });
  });
}
