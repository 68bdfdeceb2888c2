/**
 * The acknowledgement link partners receive (CONTRACTS.md):
 * `GET /leads/:id/ack?partner=<id>&sig=<signature>` shows the lead's summary and an
 * "acknowledge" button; only the `POST` of that page's form acknowledges. So opening the
 * link — or a chat app's link preview, a mail scanner, a prefetch — changes nothing. The
 * signature is checked first, in constant time, so a forged request learns nothing about
 * which leads exist. The form carries a token signed by this server for this lead and
 * partner (valid {@link ACK_FORM_TTL_MS}) and a post a browser marks cross-site is refused,
 * so no other site can make a partner's browser acknowledge.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../shared/clock.js';
import { silentLogger, type Logger } from '../shared/logger.js';
import type { Store } from '../store/contract.js';
import type { AckLink } from './ackLink.js';
import { acknowledgeLead } from './acknowledgeLead.js';
import type { LoadedPartners } from './partners.js';
import { readLead } from './readLead.js';
import type { LeadRecord } from './leadRecord.js';
import { partnerStatusSchema, recordPartnerStatus } from './recordPartnerStatus.js';
import { renderAckSummaryPage, renderLeadPage, type LeadPageNotice } from './renderAckPage.js';

/** What the route needs. */
export interface AckRouteDependencies {
  store: Store;
  clock: Clock;
  ackLink: AckLink;
  /** For the partner's name on the page. */
  partners: LoadedPartners;
  /** The district's IANA time zone (profile), in which dates are shown. */
  timeZone: string;
  logger?: Logger;
}

/** How long the page's form stays valid: one day. */
export const ACK_FORM_TTL_MS = 24 * 3600_000;

const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/**
 * Registers `GET` and `POST /leads/:id/ack` and `POST /leads/:id/status`. The acknowledgement itself is
 * {@link acknowledgeLead}, shared with the Telegram "acknowledge" button.
 *
 * - GET, valid link: 200, the summary page with the button (without it once acknowledged);
 * - POST from that page: the lead gets `acknowledgedAt`, status `acknowledged` (unless
 *   already further) and a history entry; 200 with the lead's page — saying so (again:
 *   "already"), with the full contact and a status form (a fresh token);
 * - POST of the status form (`status`: contacted, in_talks, landed, declined; `note`): the
 *   status is recorded ({@link recordPartnerStatus}, acknowledging too); the lead's page again;
 * - bad or missing signature or form token, a cross-site post, or a partner that is neither
 *   the lead's partner nor the one it was escalated to: 403 JSON error;
 * - unknown lead (with a valid signature): 404 JSON error.
 *
 * @param app - the Fastify instance
 * @param deps - see {@link AckRouteDependencies}
 */
export function registerAckRoute(app: FastifyInstance, deps: AckRouteDependencies): void {
  const logger = deps.logger ?? silentLogger;
  const forbidden = (reply: FastifyReply, message = 'this acknowledgement link is not valid; open the link exactly as it was sent to you') =>
    reply.status(403).send({ error: { code: 'forbidden', message } });
  const notFound = (reply: FastifyReply) => reply.status(404).send({ error: { code: 'not_found', message: 'this lead does not exist any more' } });
  const partnerName = (id: string) => deps.partners.get(id)?.name ?? id;
  const freshForm = (leadId: string, partnerId: string, sig: string) => {
    const issued = deps.clock.now();
    return { partner: partnerId, sig, issued, token: deps.ackLink.formToken(leadId, partnerId, issued) };
  };

  app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_request, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );

    scope.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>('/leads/:id/ack', async (request, reply) => {
      void reply.headers(PAGE_HEADERS);
      const leadId = request.params.id;
      const partnerId = text(request.query.partner);
      const sig = text(request.query.sig);
      if (!partnerId || !deps.ackLink.verify(leadId, partnerId, sig)) return forbidden(reply);
      const lead = readLead(await deps.store.leads.getLead(leadId));
      if (!lead) return notFound(reply);
      if (lead.partnerId !== partnerId && lead.escalatedTo !== partnerId) return forbidden(reply, 'this lead is not assigned to your organisation');
      const form = lead.status === 'erased' && lead.acknowledgedAt !== undefined ? undefined : freshForm(leadId, partnerId, sig);
      return reply.status(200).type('text/html; charset=utf-8').send(renderAckSummaryPage(lead, partnerName(partnerId), form, deps.timeZone));
    });

    /** The partner of a post from the link's page, or undefined after answering 403. */
    const checkPost = (request: FastifyRequest<{ Params: { id: string }; Body: unknown }>, reply: FastifyReply): { partnerId: string; sig: string; body: Record<string, unknown> } | undefined => {
      void reply.headers(PAGE_HEADERS);
      const leadId = request.params.id;
      const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
      const partnerId = text(body.partner);
      const sig = text(body.sig);
      const issued = Number(text(body.issued));
      if (!partnerId || !deps.ackLink.verify(leadId, partnerId, sig)) return void forbidden(reply);
      if (isCrossSite(request) || !deps.ackLink.verifyFormToken(leadId, partnerId, issued, text(body.token)) || deps.clock.now() - issued > ACK_FORM_TTL_MS) {
        return void forbidden(reply, 'this page has expired or did not come from this site; open the acknowledgement link again and press the button');
      }
      return { partnerId, sig, body };
    };
    const leadPage = (reply: FastifyReply, lead: LeadRecord, partnerId: string, sig: string, notice: LeadPageNotice) =>
      reply.status(200).type('text/html; charset=utf-8').send(renderLeadPage(lead, partnerName(partnerId), freshForm(lead.id, partnerId, sig), notice));

    scope.post<{ Params: { id: string }; Body: unknown }>('/leads/:id/ack', async (request, reply) => {
      const checked = checkPost(request, reply);
      if (!checked) return reply;
      const result = await acknowledgeLead(request.params.id, checked.partnerId, { store: deps.store, clock: deps.clock, logger }, 'link');
      if (result.outcome === 'not_found') return notFound(reply);
      if (result.outcome === 'not_assigned') return forbidden(reply, 'this lead is not assigned to your organisation');
      return leadPage(reply, result.lead, checked.partnerId, checked.sig, result.outcome);
    });

    scope.post<{ Params: { id: string }; Body: unknown }>('/leads/:id/status', async (request, reply) => {
      const checked = checkPost(request, reply);
      if (!checked) return reply;
      const status = partnerStatusSchema.safeParse(checked.body.status);
      if (!status.success) return reply.status(400).send({ error: { code: 'bad_request', message: `status must be one of ${partnerStatusSchema.options.join(', ')}`, field: 'status' } });
      const result = await recordPartnerStatus(request.params.id, checked.partnerId, { status: status.data, note: text(checked.body.note) }, { store: deps.store, clock: deps.clock, logger }, 'link');
      if (result.outcome === 'not_found') return notFound(reply);
      if (result.outcome === 'not_assigned') return forbidden(reply, 'this lead is not assigned to your organisation');
      return leadPage(reply, result.lead, checked.partnerId, checked.sig, result.outcome === 'recorded' ? 'status_saved' : 'already_acknowledged');
    });
  });
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * True when the browser says the post came from another site (Fetch Metadata). The form
 * token is what makes the form safe; this refuses early what a browser marks as cross-site.
 * Origin is not compared with Host: a reverse proxy may rewrite Host.
 */
function isCrossSite(request: FastifyRequest): boolean {
  return request.headers['sec-fetch-site'] === 'cross-site';
}
