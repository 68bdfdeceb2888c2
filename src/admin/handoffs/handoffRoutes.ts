/**
 * The 微信客服 hand-overs for staff: customers handed to the servicer queue who wait for a
 * person, with how long they have waited, so that someone takes them in WeCom before the
 * time limit (`WECOM_KF_HANDOFF_TIMEOUT_MINUTES`) hands them back to the bot. The list comes
 * from the WeCom channel (passed in as `handoffs`); the console imports no channel.
 */
import { STAFF_ROLES } from '../accounts/userAccounts.js';
import { sendPage, type AdminRouter } from '../shared/adminRouter.js';
import type { AdminServices } from '../shared/adminServices.js';
import { formatTime, table } from '../shared/consolePage.js';
import { html } from '../shared/html.js';

/** Registers `GET /admin/handoffs`. */
export function registerHandoffRoutes(router: AdminRouter, s: AdminServices): void {
  router.get('/handoffs', STAFF_ROLES, async (ctx) => {
    const t = ctx.t.handoffs;
    if (!s.handoffs) return sendPage(ctx, { title: t.title, section: 'handoffs', body: html`<p data-testid="handoffs-off">${t.off}</p>` });
    const now = s.clock.now();
    const rows = (await s.handoffs.list()).map((h) => [h.openKfId, h.externalUserId, formatTime(h.since, s.profile.timeZone), t.minutes(Math.floor((now - h.since) / 60_000))]);
    return sendPage(ctx, {
      title: t.title,
      section: 'handoffs',
      body: html`<p>${t.intro(Math.round(s.handoffs.timeoutMs / 60_000))}</p>${rows.length ? table([t.account, t.customer, t.since, t.waited], rows, 'handoffs') : html`<p data-testid="handoffs-none">${t.none}</p>`}`,
    });
  });
}
