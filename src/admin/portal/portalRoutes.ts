/**
 * The partner portal: a partner account sees the leads routed (or escalated) to its partner
 * and nothing else — as cards that fit a phone (`portalViews.ts`) —, acknowledges them, and records how they go — contacted, in talks,
 * landed, declined — with a note. Staff see these updates on the lead (status, note and a
 * history entry).
 *
 * A lead of another partner answers exactly like a lead that does not exist (404), by any
 * URL and any method, so ids cannot be probed; the check is repeated inside the atomic
 * update, in case the lead was re-routed meanwhile.
 */
import type { LeadRecord, LeadStatus } from '../../leads/leadRecord.js';
import { readLead } from '../../leads/readLead.js';
import { cleanPartnerNote, PARTNER_STATUSES, partnerStatusSchema } from '../../leads/recordPartnerStatus.js';
import { redirectTo, sendError, sendPage, type AdminRouter, type SignedInRequest } from '../shared/adminRouter.js';
import { csrfField, field } from '../shared/consolePage.js';
import { html } from '../shared/html.js';
import { referenceOf } from '../../leads/leadReference.js';
import { parseLeads, partnerMaySee } from '../leads/leadViews.js';
import { renderLeadCard, renderPortalLeadCard, renderPortalLeadDetails } from './portalViews.js';
import type { AdminServices } from '../shared/adminServices.js';
import { routeParam } from '../shared/requestParts.js';

/** The statuses a partner records (shared with the lead's signed page). */
export { PARTNER_STATUSES };
const NOT_YET_ACKNOWLEDGED: readonly LeadStatus[] = ['new', 'delivered'];

/** Registers the portal routes. */
export function registerPortalRoutes(router: AdminRouter, s: AdminServices): void {
  router.get('/portal', ['partner'], async (ctx) => {
    const t = ctx.t.portal;
    const partnerId = ctx.user.partnerId;
    const { leads } = parseLeads(await s.store.leads.listLeads());
    const mine = leads.filter((l) => partnerMaySee(l, partnerId));
    return sendPage(ctx, {
      title: t.title,
      section: 'portal',
      body: html`<p>${t.intro}</p>${mine.length ? html`<ul class="lead-cards" data-testid="portal-leads">${mine.map((l) => renderLeadCard(ctx, s, l))}</ul>` : html`<p>${t.none}</p>`}`,
    });
  });

  router.get('/portal/leads/:id', ['partner'], async (ctx) => {
    const lead = await ownLead(ctx, s);
    if (!lead) return sendError(ctx, 404, ctx.t.errors.notFound);
    const t = ctx.t.portal;
    const id = encodeURIComponent(lead.id);
    const choices = PARTNER_STATUSES.map((st): [string, string] => [st, ctx.t.statuses[st]]);
    const current = (PARTNER_STATUSES as readonly string[]).includes(lead.status) ? lead.status : 'contacted';
    return sendPage(ctx, {
      title: `${ctx.t.leads.detail} ${referenceOf(lead.id)}`,
      section: 'portal',
      body: html`${renderPortalLeadCard(ctx, s, lead)}${
        lead.acknowledgedAt === undefined
          ? html`<form method="post" action="/admin/portal/leads/${id}/ack">${csrfField(ctx.viewer.csrf)}<button type="submit" class="primary" data-testid="acknowledge">${t.acknowledge}</button></form>`
          : ''
      }
        ${lead.status !== 'erased' && html`<form method="post" action="/admin/portal/leads/${id}/status" class="card" data-testid="status-form"><h2>${t.recordStatus}</h2>${csrfField(ctx.viewer.csrf)}
          ${field({ name: 'status', label: t.newStatus, value: current, choices })}
          ${field({ name: 'note', label: t.note, value: '', type: 'textarea', rows: 3 })}
          <button type="submit" data-testid="save-status">${t.save}</button></form>`}
        ${renderPortalLeadDetails(ctx, s, lead)}`,
    });
  });

  router.post('/portal/leads/:id/ack', ['partner'], async (ctx) => {
    const updated = await updateOwnLead(ctx, s, (lead, now) => (lead.acknowledgedAt === undefined ? acknowledge(lead, ctx.user.partnerId!, now) : undefined));
    if (!updated) return sendError(ctx, 404, ctx.t.errors.notFound);
    await s.record(ctx, 'lead.acknowledged', updated.id, `partner ${ctx.user.partnerId} via portal`);
    return redirectTo(ctx, `/admin/portal/leads/${encodeURIComponent(updated.id)}`, 'acknowledged');
  });

  router.post('/portal/leads/:id/status', ['partner'], async (ctx) => {
    const status = partnerStatusSchema.safeParse(ctx.form.get('status'));
    if (!status.success) return sendError(ctx, 400, ctx.t.errors.badRequest);
    const note = cleanPartnerNote(ctx.form.get('note') ?? '');
    const partnerId = ctx.user.partnerId!;
    const updated = await updateOwnLead(ctx, s, (lead, now) => {
      if (lead.status === 'erased') return undefined;
      const acknowledged = lead.acknowledgedAt === undefined ? acknowledge(lead, partnerId, now) : lead;
      return {
        ...acknowledged,
        status: status.data,
        ...(note ? { partnerNote: note } : {}),
        updatedAt: now,
        history: [...acknowledged.history, { at: now, event: `status:${status.data}`, partnerId, ...(note ? { detail: note } : {}) }],
      };
    });
    if (!updated) return sendError(ctx, 404, ctx.t.errors.notFound);
    await s.record(ctx, 'lead.status', updated.id, `${status.data} by partner ${partnerId}`);
    return redirectTo(ctx, `/admin/portal/leads/${encodeURIComponent(updated.id)}`, 'statusSaved');
  });
}

function acknowledge(lead: LeadRecord, partnerId: string, now: number): LeadRecord {
  return {
    ...lead,
    acknowledgedAt: now,
    status: NOT_YET_ACKNOWLEDGED.includes(lead.status) ? 'acknowledged' : lead.status,
    updatedAt: now,
    history: [...lead.history, { at: now, event: 'acknowledged', partnerId, detail: 'via portal' }],
  };
}

/** The lead of the URL when the partner may see it; undefined otherwise (also when it does not exist). */
async function ownLead(ctx: SignedInRequest, s: AdminServices): Promise<LeadRecord | undefined> {
  const stored = await s.store.leads.getLead(routeParam(ctx.request, 'id'));
  const lead = stored ? parseLeads([stored]).leads[0] : undefined;
  return lead && partnerMaySee(lead, ctx.user.partnerId) ? lead : undefined;
}

/**
 * Changes the partner's own lead atomically; `change` returns undefined to leave it. Returns
 * the lead (changed or not), or undefined when it is not the partner's.
 */
async function updateOwnLead(ctx: SignedInRequest, s: AdminServices, change: (lead: LeadRecord, now: number) => LeadRecord | undefined): Promise<LeadRecord | undefined> {
  if (!(await ownLead(ctx, s))) return undefined;
  const now = s.clock.now();
  let mine = true;
  const stored = await s.store.leads.updateLead(routeParam(ctx.request, 'id'), (current) => {
    const lead = readLead(current);
    mine = partnerMaySee(lead, ctx.user.partnerId);
    if (!mine) return undefined;
    const next = change(lead, now);
    return next ? { lead: next } : undefined;
  });
  return stored && mine ? readLead(stored) : undefined;
}
