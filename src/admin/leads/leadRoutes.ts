/**
 * Leads and the funnel for staff. Editors and admins see every lead with its history,
 * deliveries and the partner's updates; only admins see contact details and identifying
 * answers (also in the CSV export). Partners never reach these routes (their portal shows
 * their own leads).
 */
import { dateIn } from '../../shared/zonedTime.js';
import { INDUSTRY_IDS } from '../../leads/partners.js';
import { leadOutcomeSchema, leadStatusSchema, type LeadRecord } from '../../leads/leadRecord.js';
import { sendError, sendPage, type AdminRouter, type SignedInRequest } from '../shared/adminRouter.js';
import { field, formatTime, table } from '../shared/consolePage.js';
import { buildFunnelReport, conversionRates, FUNNEL_STAGES, withoutEmptyWeeks } from './funnel.js';
import { html, type SafeHtml } from '../shared/html.js';
import { filterLeads, industryLabel, parseLeads, readLeadFilters } from './leadViews.js';
import { describeHistoryEvent, describeLeadAnswers } from './describeLead.js';
import { leadsToCsv } from './leadsCsv.js';
import { referenceOf } from '../../leads/leadReference.js';
import type { AdminServices } from '../shared/adminServices.js';
import { renderFunnelChart } from './renderFunnelChart.js';
import { stripPersonalData } from '../shared/stripPersonalData.js';
import { STAFF_ROLES } from '../accounts/userAccounts.js';
import { renderChatMoves } from './chatMoves.js';
import { routeParam, queryOf } from '../shared/requestParts.js';

/** Registers the staff lead routes. */
export function registerLeadRoutes(router: AdminRouter, s: AdminServices): void {
  router.get('/leads', STAFF_ROLES, async (ctx) => {
    const t = ctx.t.leads;
    const filters = readLeadFilters(queryOf(ctx.request));
    const { leads } = parseLeads(await s.store.leads.listLeads());
    const shown = filterLeads(leads, filters, s.profile.timeZone);
    const personal = ctx.user.role === 'admin';
    const any: [string, string] = ['', t.any];
    const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
    const rows = shown.slice(0, 500).map((l) => [
      formatTime(l.createdAt, s.profile.timeZone),
      html`<a href="/admin/leads/${encodeURIComponent(l.id)}" data-testid="lead-link">${referenceOf(l.id)}</a>`,
      ctx.t.outcomes[l.outcome],
      industryLabel(ctx.t, l.answers.industry),
      partnerLabel(s, l.partnerId),
      html`<span data-testid="lead-status">${ctx.t.statuses[l.status]}</span>`,
      formatTime(l.acknowledgedAt, s.profile.timeZone),
      contactCell(ctx, l, personal),
      personal ? (l.partnerNote ?? '') : stripPersonalData(l.partnerNote ?? ''),
    ]);
    return sendPage(ctx, {
      title: t.title,
      section: 'leads',
      body: html`<form method="get" action="/admin/leads" class="filters" data-testid="lead-filters">
        ${field({ name: 'outcome', label: t.outcome, value: filters.outcome, choices: [any, ...leadOutcomeSchema.options.map((o): [string, string] => [o, ctx.t.outcomes[o]])] })}
        ${field({ name: 'partner', label: t.partner, value: filters.partner, choices: [any, ...s.partners.partners.map((p): [string, string] => [p.id, p.name])] })}
        ${field({ name: 'status', label: t.status, value: filters.status, choices: [any, ...leadStatusSchema.options.map((o): [string, string] => [o, ctx.t.statuses[o]])] })}
        ${field({ name: 'industry', label: t.industry, value: filters.industry, choices: [any, ...INDUSTRY_IDS.map((i): [string, string] => [i, industryLabel(ctx.t, i)])] })}
        ${field({ name: 'from', label: t.from, value: filters.from, type: 'date' })}
        ${field({ name: 'to', label: t.to, value: filters.to, type: 'date' })}
        <button type="submit">${t.apply}</button></form>
        ${await renderChatMoves(ctx, s)}
        <p>${t.count(shown.length)} · <a href="/admin/leads.csv${query ? `?${query}` : ''}" data-testid="export-csv">${t.exportCsv}</a> <small>${t.exportCsvNote}</small></p>
        ${rows.length ? table([t.created, 'id', t.outcome, t.industry, t.partner, t.status, t.acknowledgedAt, t.contact, t.partnerNote], rows, 'leads') : html`<p>${t.none}</p>`}`,
    });
  });

  router.get('/leads.csv', STAFF_ROLES, async (ctx) => {
    const filters = readLeadFilters(queryOf(ctx.request));
    const personal = ctx.user.role === 'admin';
    const leads = filterLeads(parseLeads(await s.store.leads.listLeads()).leads, filters, s.profile.timeZone);
    await s.record(ctx, 'export.leads_csv', `${leads.length} leads`, personal ? 'with contact details' : 'without contact details');
    return ctx.reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="leads-${dateIn(s.clock.now(), s.profile.timeZone)}.csv"`)
      .send(leadsToCsv(leads, personal, { t: ctx.t, language: ctx.lang, timeZone: s.profile.timeZone, flows: s.flows, partnerName: (id) => partnerLabel(s, id) }));
  });

  router.get('/leads/:id', STAFF_ROLES, async (ctx) => {
    const stored = await s.store.leads.getLead(routeParam(ctx.request, 'id'));
    const lead = parseLeads(stored ? [stored] : []).leads[0];
    if (!lead) return sendError(ctx, 404, ctx.t.errors.notFound);
    const deliveries = await s.store.leads.listDeliveries(lead.id);
    const t = ctx.t.leads;
    const w = ctx.t.leadWords.deliveries;
    const deliveryRows = deliveries.map((d) => {
      const method = (d.method as { type?: string } | undefined)?.type ?? '';
      const status = ctx.t.leadWords.deliveryStatuses[d.status] ?? d.status;
      return [formatTime(d.createdAt, s.profile.timeZone), String(d.kind ?? ''), String(d.type ?? ''), method, partnerLabel(s, String(d.partnerId ?? '')), status, String(d.attempts), formatTime(d.dueAt, s.profile.timeZone), String(d.lastError ?? '')];
    });
    return sendPage(ctx, {
      title: `${t.detail} ${referenceOf(lead.id)}`,
      section: 'leads',
      body: html`${renderLeadSummary(ctx, s, lead, ctx.user.role === 'admin')}
        <h2>${t.deliveries}</h2>${table([t.created, w.kind, w.type, w.method, t.partner, t.status, t.attempts, w.due, w.error], deliveryRows, 'deliveries')}`,
    });
  });

  router.get('/funnel', STAFF_ROLES, async (ctx) => {
    const t = ctx.t.funnel;
    const { leads } = parseLeads(await s.store.leads.listLeads());
    const report = withoutEmptyWeeks(await buildFunnelReport(s.store, leads, s.clock.now(), s.profile.timeZone));
    const header = [t.week, ...FUNNEL_STAGES.map((stage) => t.stages[stage])];
    const percent = (rate: number | undefined) => (rate === undefined ? '—' : `${Math.round(rate * 100)}%`);
    // Each week's cell also says what share of the stage before it reached this one.
    const cells = (counts: Record<(typeof FUNNEL_STAGES)[number], number>) => {
      const rates = conversionRates(counts);
      return FUNNEL_STAGES.map((stage, i) => (i === 0 || rates[stage] === undefined ? String(counts[stage]) : `${counts[stage]} (${percent(rates[stage])})`));
    };
    const totalRates = conversionRates(report.totals);
    const rows = [
      ...report.weeks.map((w) => [w.week, ...cells(w.counts)]),
      [t.total, ...FUNNEL_STAGES.map((stage) => String(report.totals[stage]))],
      [t.conversion, ...FUNNEL_STAGES.map((stage) => percent(totalRates[stage]))],
    ];
    const body = report.weeks.length
      ? html`<p>${t.intro}</p><p>${t.conversionNote}</p>${renderFunnelChart(report, t.stages, t.chartTitle)}${table(header, rows, 'funnel')}`
      : html`<p>${t.intro}</p><p data-testid="funnel-empty">${t.empty}</p>`;
    return sendPage(ctx, { title: t.title, section: 'funnel', body });
  });
}

function partnerLabel(s: AdminServices, id: string | null | undefined): string {
  if (!id) return '—';
  return s.partners.get(id)?.name ?? id;
}

function contactCell(ctx: SignedInRequest, lead: LeadRecord, personal: boolean): SafeHtml {
  if (!lead.contact) return html`<em>${ctx.t.leads.erased}</em>`;
  if (!personal) return html`<em>${ctx.t.leads.hidden}</em>`;
  return html`${lead.contact.name} ${lead.contact.phone ?? ''} ${lead.contact.email ?? ''}`;
}

/** A lead's details, answers, reasons and history (shared with the partner portal). */
export function renderLeadSummary(ctx: SignedInRequest, s: AdminServices, lead: LeadRecord, personal: boolean): SafeHtml {
  const t = ctx.t.leads;
  return html`<dl class="meta" data-testid="lead-summary">
    <dt>${ctx.t.leadWords.csv.reference}</dt><dd data-testid="lead-reference">${referenceOf(lead.id)}</dd><dt>${ctx.t.leadWords.csv.id}</dt><dd>${lead.id}</dd><dt>${t.created}</dt><dd>${formatTime(lead.createdAt, s.profile.timeZone)}</dd>
    <dt>${t.outcome}</dt><dd>${ctx.t.outcomes[lead.outcome]}</dd>
    <dt>${t.status}</dt><dd data-testid="lead-detail-status">${ctx.t.statuses[lead.status]}</dd>
    <dt>${t.partner}</dt><dd>${partnerLabel(s, lead.partnerId)}</dd>
    ${lead.escalatedTo && html`<dt>${t.escalatedTo}</dt><dd>${partnerLabel(s, lead.escalatedTo)}</dd>`}
    <dt>${t.deliveredAt}</dt><dd>${formatTime(lead.deliveredAt, s.profile.timeZone)}</dd><dt>${t.acknowledgedAt}</dt><dd>${formatTime(lead.acknowledgedAt, s.profile.timeZone)}</dd>
    <dt>${t.partnerNote}</dt><dd data-testid="partner-note">${personal ? (lead.partnerNote ?? '') : stripPersonalData(lead.partnerNote ?? '')}</dd>
    <dt>${t.contact}</dt><dd>${contactCell(ctx, lead, personal)}</dd></dl>
    <h2>${t.answers}</h2>${table([ctx.t.leadWords.answerQuestion, ctx.t.leadWords.answerValue], describeLeadAnswers(lead, s.flows, ctx.lang, personal).map((a) => [a.label, a.value]), 'answers')}
    <h2>${t.reasons}</h2><ul>${lead.reasons.map((r) => html`<li>${r[ctx.lang]}</li>`)}</ul>
    <h2>${t.history}</h2>${table([ctx.t.leadWords.historyHeaders.time, ctx.t.leadWords.historyHeaders.event, t.partner, ctx.t.leadWords.historyHeaders.detail], lead.history.map((h) => [formatTime(h.at, s.profile.timeZone), describeHistoryEvent(ctx.t, h.event), partnerLabel(s, h.partnerId), personal ? (h.detail ?? '') : stripPersonalData(h.detail ?? '')]), 'lead-history')}`;
}
