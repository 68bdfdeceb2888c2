/**
 * The partner portal's markup, made for a phone (390 px wide, no sideways scrolling): each lead
 * is a card with its readable reference (the one the applicant was given), the status, the
 * reply deadline with how long is left (kept current by the console's optional script), the applicant's contact as tap-to-call and mail links,
 * and the latest step of its history; the lead's page lists answers, reasons and the whole
 * status history as lists, not tables.
 */
import type { LeadRecord } from '../../leads/leadRecord.js';
import { referenceOf } from '../../leads/leadReference.js';
import type { LoadedPartners } from '../../leads/partners.js';
import type { SignedInRequest } from '../shared/adminRouter.js';
import type { AdminServices } from '../shared/adminServices.js';
import { formatTime } from '../shared/consolePage.js';
import { html, type SafeHtml } from '../shared/html.js';
import { describeHistoryEvent, describeLeadAnswers } from '../leads/describeLead.js';
import { industryLabel } from '../leads/leadViews.js';

const HOUR_MS = 3600_000;

/**
 * When the partner must acknowledge the lead: its `ackWithinHours` after the lead reached it
 * (delivered, or escalated to it); undefined once acknowledged or for an unknown partner.
 *
 * @param lead - the lead
 * @param partners - the partners file
 * @param partnerId - the signed-in partner
 */
export function replyDeadline(lead: LeadRecord, partners: LoadedPartners, partnerId: string): number | undefined {
  if (lead.acknowledgedAt !== undefined || lead.status === 'erased') return undefined;
  const partner = partners.get(partnerId);
  if (!partner) return undefined;
  const since = lead.escalatedTo === partnerId && lead.escalatedAt !== undefined ? lead.escalatedAt : (lead.deliveredAt ?? lead.createdAt);
  return since + partner.ackWithinHours * HOUR_MS;
}

/** A phone number as a `tel:` URL: only `+` and digits. */
export function telUrl(phone: string): string {
  return `tel:${phone.replace(/[^+\d]/g, '')}`;
}

/** The countdown's templates (`{h}`, `{m}`). */
export type CountdownTexts = SignedInRequest['t']['portalCards']['countdown'];

/**
 * The countdown's words for `minutes` left (negative: overdue), e.g. `还剩 5 小时 12 分`. The
 * console's script fills the same templates the same way as time passes.
 *
 * @param t - the templates
 * @param minutes - whole minutes to the deadline
 */
export function formatCountdown(t: CountdownTexts, minutes: number): string {
  const m = Math.abs(minutes);
  const template = minutes >= 0 ? (m >= 60 ? t.leftHours : t.leftMinutes) : m >= 60 ? t.overdueHours : t.overdueMinutes;
  return template.replace('{h}', String(Math.floor(m / 60))).replace('{m}', String(m >= 60 ? m % 60 : m));
}

function deadlineLine(ctx: SignedInRequest, s: AdminServices, lead: LeadRecord): SafeHtml {
  const t = ctx.t.portalCards;
  if (lead.acknowledgedAt !== undefined) return html`<p class="deadline ok" data-testid="portal-deadline">${t.acknowledgedAt(formatTime(lead.acknowledgedAt, s.profile.timeZone))}</p>`;
  const due = replyDeadline(lead, s.partners, ctx.user.partnerId ?? '');
  if (due === undefined) return html``;
  const now = s.clock.now();
  const minutes = Math.round((due - now) / 60_000);
  const c = t.countdown;
  return html`<p class="deadline${minutes < 0 ? ' overdue' : ''}" data-testid="portal-deadline">${t.replyBy} <time datetime="${new Date(due).toISOString()}">${formatTime(due, s.profile.timeZone)}</time> · <strong data-testid="portal-countdown"
    data-due="${due}" data-now="${now}" data-left-hours="${c.leftHours}" data-left-minutes="${c.leftMinutes}" data-overdue-hours="${c.overdueHours}" data-overdue-minutes="${c.overdueMinutes}">${formatCountdown(c, minutes)}</strong></p>`;
}

function contactLinks(ctx: SignedInRequest, lead: LeadRecord): SafeHtml {
  const t = ctx.t.portalCards;
  if (!lead.contact) return html`<p><em>${ctx.t.leads.erased}</em></p>`;
  const { name, phone, email } = lead.contact;
  return html`<p class="applicant">${t.applicant}: <strong>${name}</strong></p><p class="contact-links">
    ${phone && html`<a class="button" href="${telUrl(phone)}" data-testid="portal-call">${t.call(phone)}</a>`}
    ${email && html`<a class="button" href="mailto:${encodeURIComponent(email).replace(/%40/g, '@')}" data-testid="portal-mail">${t.mail(email)}</a>`}</p>`;
}

function historyItem(ctx: SignedInRequest, s: AdminServices, h: LeadRecord['history'][number]): SafeHtml {
  return html`<li><time>${formatTime(h.at, s.profile.timeZone)}</time> ${describeHistoryEvent(ctx.t, h.event)}${h.detail ? html` — <span class="note">${h.detail}</span>` : ''}</li>`;
}

/**
 * One lead as a card of the portal's list.
 *
 * @param ctx - the partner's request
 * @param s - the console's services
 * @param lead - a lead the partner may see
 */
export function renderLeadCard(ctx: SignedInRequest, s: AdminServices, lead: LeadRecord): SafeHtml {
  const t = ctx.t.portalCards;
  const last = lead.history.at(-1);
  return html`<li class="lead-card" data-testid="portal-lead">
    <div class="lead-card-head"><a href="/admin/portal/leads/${encodeURIComponent(lead.id)}" class="lead-ref" data-testid="portal-lead-link" aria-label="${t.reference} ${referenceOf(lead.id)}">${referenceOf(lead.id)}</a>
      <span class="badge" data-testid="portal-lead-status">${ctx.t.statuses[lead.status]}</span></div>
    <p class="note">${t.received} ${formatTime(lead.createdAt, s.profile.timeZone)} · ${ctx.t.outcomes[lead.outcome]} · ${industryLabel(ctx.t, lead.answers.industry)}</p>
    ${deadlineLine(ctx, s, lead)}
    ${contactLinks(ctx, lead)}
    ${lead.partnerNote && html`<p class="note">${ctx.t.leads.partnerNote}: ${lead.partnerNote}</p>`}
    ${last && html`<p class="note" data-testid="portal-last-event">${t.lastEvent}: ${formatTime(last.at, s.profile.timeZone)} ${describeHistoryEvent(ctx.t, last.event)}</p>`}
    <p><a href="/admin/portal/leads/${encodeURIComponent(lead.id)}">${t.open} →</a></p></li>`;
}

/**
 * The top of the lead's page: reference, status, deadline and contact links.
 *
 * @param ctx - the partner's request
 * @param s - the console's services
 * @param lead - a lead the partner may see
 */
export function renderPortalLeadCard(ctx: SignedInRequest, s: AdminServices, lead: LeadRecord): SafeHtml {
  const t = ctx.t.portalCards;
  return html`<section class="lead-card" data-testid="lead-summary">
    <div class="lead-card-head"><span class="lead-ref" data-testid="lead-reference">${referenceOf(lead.id)}</span><span class="badge" data-testid="lead-detail-status">${ctx.t.statuses[lead.status]}</span></div>
    <p class="note">${t.received} ${formatTime(lead.createdAt, s.profile.timeZone)} · ${ctx.t.outcomes[lead.outcome]}</p>
    ${deadlineLine(ctx, s, lead)}${contactLinks(ctx, lead)}
    ${lead.partnerNote && html`<p data-testid="partner-note">${ctx.t.leads.partnerNote}: ${lead.partnerNote}</p>`}</section>`;
}

/**
 * The rest of the lead's page, below its forms: answers, reasons and the whole status history,
 * as lists that fit a phone.
 *
 * @param ctx - the partner's request
 * @param s - the console's services
 * @param lead - a lead the partner may see
 */
export function renderPortalLeadDetails(ctx: SignedInRequest, s: AdminServices, lead: LeadRecord): SafeHtml {
  const t = ctx.t.portalCards;
  return html`<h2>${t.answers}</h2><dl class="answers" data-testid="answers">${describeLeadAnswers(lead, s.flows, ctx.lang, true).map((a) => html`<dt>${a.label}</dt><dd>${a.value}</dd>`)}</dl>
    <h2>${t.reasons}</h2><ul>${lead.reasons.map((r) => html`<li>${r[ctx.lang]}</li>`)}</ul>
    <h2>${t.history}</h2><ol class="history" data-testid="lead-history">${lead.history.map((h) => historyItem(ctx, s, h))}</ol>`;
}
