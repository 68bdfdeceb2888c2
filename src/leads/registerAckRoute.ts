/**
 * `GET /leads/:id/ack?partner=<id>&sig=<signature>`: the link partners open to acknowledge
 * a lead (CONTRACTS.md). The signature is checked first, in constant time, so a forged
 * request learns nothing about which leads exist.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../core/clock.js';
import { silentLogger, type Logger } from '../core/logger.js';
import type { Store } from '../store/contract.js';
import type { AckLink } from './ackLink.js';
import { acknowledgeLead } from './acknowledgeLead.js';
import { escapeHtml } from './deliveries/formatLeadText.js';
import type { LoadedPartners } from './partners.js';

/** What the route needs. */
export interface AckRouteDependencies {
  store: Store;
  clock: Clock;
  ackLink: AckLink;
  /** For the partner's name on the page. */
  partners: LoadedPartners;
  logger?: Logger;
}

/**
 * Registers the acknowledgement route. The acknowledgement itself is {@link acknowledgeLead},
 * shared with the Telegram "acknowledge" button.
 *
 * - valid link, first time: the lead gets `acknowledgedAt`, status `acknowledged` (unless
 *   already further) and a history entry; 200 with a small page in Chinese and English;
 * - valid link again: 200 "already acknowledged";
 * - bad or missing signature, or a partner that is neither the lead's partner nor the one
 *   it was escalated to: 403 JSON error;
 * - unknown lead (with a valid signature): 404 JSON error.
 *
 * @param app - the Fastify instance
 * @param deps - see {@link AckRouteDependencies}
 */
export function registerAckRoute(app: FastifyInstance, deps: AckRouteDependencies): void {
  const logger = deps.logger ?? silentLogger;
  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>('/leads/:id/ack', async (request, reply) => {
    const leadId = request.params.id;
    const partnerId = typeof request.query.partner === 'string' ? request.query.partner : '';
    const sig = typeof request.query.sig === 'string' ? request.query.sig : '';
    void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex');
    if (!partnerId || !deps.ackLink.verify(leadId, partnerId, sig)) {
      return reply.status(403).send({ error: { code: 'forbidden', message: 'this acknowledgement link is not valid; open the link exactly as it was sent to you' } });
    }
    const result = await acknowledgeLead(leadId, partnerId, { store: deps.store, clock: deps.clock, logger }, 'link');
    if (result.outcome === 'not_found') {
      return reply.status(404).send({ error: { code: 'not_found', message: 'this lead does not exist any more' } });
    }
    if (result.outcome === 'not_assigned') {
      return reply.status(403).send({ error: { code: 'forbidden', message: 'this lead is not assigned to your organisation' } });
    }
    const first = result.outcome === 'acknowledged';
    const partnerName = deps.partners.get(partnerId)?.name ?? partnerId;
    return reply.status(200).type('text/html; charset=utf-8').send(renderPage(leadId, partnerName, first));
  });
}

function renderPage(leadId: string, partnerName: string, first: boolean): string {
  const zh = first ? '已确认接收该线索，谢谢！' : '该线索此前已确认接收。';
  const en = first ? 'The lead is acknowledged. Thank you!' : 'This lead was already acknowledged.';
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>确认接收 / Acknowledged</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.6">
<h1 style="font-size: 1.3rem">${escapeHtml(zh)}<br>${escapeHtml(en)}</h1>
<p>合作方 / Partner: ${escapeHtml(partnerName)}<br>线索编号 / Lead: ${escapeHtml(leadId)}</p>
<p>请尽快联系申请人。/ Please contact the applicant soon.</p>
</body>
</html>
`;
}
