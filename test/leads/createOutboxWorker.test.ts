import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createLeadService } from '../../src/leads/createLeadService.js';
import { createOutboxWorker, type OutboxWorkerOptions } from '../../src/leads/createOutboxWorker.js';
import { leadPayloadSchema, type LeadPayload } from '../../src/leads/deliveries/buildLeadPayload.js';
import { leadOutboxItemSchema } from '../../src/leads/leadOutboxItem.js';
import {
  createLeadsTestBed,
  makeWebhookSecret,
  partnersFrom,
  realFetch,
  recordingLogger,
  sendJson,
  startLocalServer,
  submission,
  type LocalServer,
  type RecordedRequest,
} from './leadTestKit.js';

const HOUR = 3600_000;
const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/**
 * A partner endpoint that verifies every request with the standardwebhooks library and keeps
 * bodies by webhook-id. `Webhook.verify` also checks the timestamp against the real time;
 * tests that move the manual clock by hours check the signature with the library's `sign`
 * for the timestamp sent instead.
 */
async function startReceiver(secret: string, behaviour: (attempt: number, request: RecordedRequest) => 'ok' | 'fail' | 'hang' | 'refuse' | 'timeout' = () => 'ok', realTime = true) {
  const received = new Map<string, LeadPayload[]>();
  const ids: string[] = [];
  const rejected: string[] = [];
  let attempt = 0;
  const server = await startLocalServer(async (request, response) => {
    attempt += 1;
    let body: unknown;
    try {
      const headers = request.headers as Record<string, string>;
      if (realTime) {
        body = new Webhook(secret).verify(request.body, headers);
      } else {
        const expected = new Webhook(secret).sign(headers['webhook-id']!, new Date(Number(headers['webhook-timestamp']) * 1000), request.body);
        if (!headers['webhook-signature']!.split(' ').includes(expected)) throw new Error('signature mismatch');
        body = JSON.parse(request.body);
      }
    } catch (error) {
      rejected.push(String(error));
      return sendJson(response, 401, { error: 'bad signature' });
    }
    const id = String(request.headers['webhook-id']);
    ids.push(id);
    const payload = leadPayloadSchema.parse(body);
    received.set(id, [...(received.get(id) ?? []), payload]);
    const what = behaviour(attempt, request);
    if (what === 'fail') return sendJson(response, 500, { error: 'down for maintenance' });
    if (what === 'refuse') return sendJson(response, 400, { error: 'unknown field: contact' });
    if (what === 'timeout') return sendJson(response, 408, { error: 'request timeout' });
    if (what === 'hang') await new Promise((resolve) => setTimeout(resolve, 1500));
    if (!response.destroyed) sendJson(response, 200, { ok: true });
  });
  servers.push(server);
  return { server, received, ids, rejected, attempts: () => attempt };
}

async function setup(options: { behaviour?: Parameters<typeof startReceiver>[1]; worker?: Partial<OutboxWorkerOptions>; officeHasWebhook?: boolean; clockMoves?: boolean } = {}) {
  const icSecret = makeWebhookSecret();
  const officeSecret = makeWebhookSecret();
  const ic = await startReceiver(icSecret, options.behaviour, !options.clockMoves);
  const office = await startReceiver(officeSecret, undefined, !options.clockMoves);
  const partners = partnersFrom(
    `
partners:
  - id: office
    name: 武进区人才工作部门
    fallback: true
    delivery: ${options.officeHasWebhook === false ? '[]' : `[{ type: webhook, url: "${office.server.url}/office", secretEnv: OFFICE_SECRET }]`}
  - id: ic-partner
    name: 集成电路引才合伙人
    industries: [integrated_circuits]
    ackWithinHours: 24
    delivery: [{ type: webhook, url: "${ic.server.url}/leads", secretEnv: IC_SECRET }]
`,
    { IC_SECRET: icSecret, OFFICE_SECRET: officeSecret },
  );
  const bed = createLeadsTestBed();
  const logger = recordingLogger();
  const service = createLeadService({ store: bed.store, clock: bed.clock, partners });
  const worker = createOutboxWorker({
    store: bed.store,
    clock: bed.clock,
    fetch: realFetch,
    partners,
    ackLink: bed.ackLink,
    logger,
    random: () => 0,
    timeoutMs: 1000,
    retryBaseMs: 10,
    ...options.worker,
  });
  const deliveries = async (leadId: string) => (await bed.store.leads.listDeliveries(leadId)).map((raw) => leadOutboxItemSchema.parse(raw));
  const lead = async (id: string) => (await service.leadsByIds([id]))[0]!;
  return { ...bed, ic, office, partners, service, worker, logger, deliveries, lead };
}

describe('outbox worker: webhook delivery', () => {
  it('delivers exactly once by idempotency key through 500s and timeouts, signed, with the CONTRACTS fields', async () => {
    const t = await setup({ behaviour: (attempt) => (attempt === 1 ? 'fail' : attempt === 2 ? 'hang' : 'ok') });
    const { lead } = await t.service.submit(submission());
    for (let i = 0; i < 3; i++) await t.worker.runOnce();

    expect(t.ic.rejected).toEqual([]);
    expect(t.ic.attempts()).toBe(3);
    const [item] = await t.deliveries(lead.id);
    expect(t.ic.ids).toEqual([item!.id, item!.id, item!.id]);
    expect([...t.ic.received.keys()]).toEqual([item!.id]);
    expect(item).toMatchObject({ status: 'delivered', attempts: 3 });

    const body = t.ic.received.get(item!.id)!.at(-1)!;
    expect(body).toMatchObject({
      id: lead.id,
      type: 'lead.qualified',
      createdAt: new Date(lead.createdAt).toISOString(),
      language: 'zh',
      channel: 'web',
      outcome: 'qualified',
      reasons: ['你的领域属于战略性产业。'],
      answers: { industry: 'integrated_circuits' },
      contact: { name: '王芳', phone: '13800138000' },
      partnerId: 'ic-partner',
    });
    expect(body.ackUrl).toBe(t.ackLink.url(lead.id, 'ic-partner'));
    expect(body.updatedAt).toBeTypeOf('string');

    const stored = await t.lead(lead.id);
    expect(stored).toMatchObject({ status: 'delivered', deliveredAt: t.clock.now() });
    expect(stored.history.map((h) => h.event)).toEqual(['created', 'routed', 'delivery_failed', 'delivery_failed', 'delivered']);
    expect(stored.history[3]!.detail).toContain('no answer within 1000 ms');

    // Nothing more is sent: the only item left is the acknowledgement check, due in 24 hours.
    expect(await t.worker.runOnce()).toBe(0);
    const checks = (await t.deliveries(lead.id)).filter((i) => i.kind === 'ack_check');
    expect(checks).toEqual([expect.objectContaining({ status: 'pending', dueAt: t.clock.now() + 24 * HOUR, partnerId: 'ic-partner' })]);
  });

  it('waits between attempts with exponential backoff and full jitter', async () => {
    const t = await setup({ behaviour: () => 'fail', worker: { random: () => 0.5, retryBaseMs: 1000 } });
    const { lead } = await t.service.submit(submission());
    await t.worker.runOnce();
    let [item] = await t.deliveries(lead.id);
    expect(item!.dueAt - t.clock.now()).toBe(500);
    expect(await t.worker.runOnce()).toBe(0);
    t.clock.advance(500);
    await t.worker.runOnce();
    [item] = await t.deliveries(lead.id);
    expect(item).toMatchObject({ attempts: 2, status: 'pending' });
    expect(item!.dueAt - t.clock.now()).toBe(1000);
    expect(item!.lastError).toContain('500');
  });

  it('gives up after the last attempt, logs an error and alerts the fallback partner', async () => {
    const t = await setup({ behaviour: () => 'fail', worker: { maxAttempts: 3 } });
    const { lead } = await t.service.submit(submission());
    for (let i = 0; i < 3; i++) await t.worker.runOnce();
    const [dead, alert] = await t.deliveries(lead.id);
    expect(dead).toMatchObject({ status: 'dead', attempts: 3 });
    expect(alert).toMatchObject({ kind: 'send', type: 'lead.delivery_failed', partnerId: 'office', status: 'pending' });
    expect(t.logger.entries.filter((e) => e.level === 'error')).toEqual([
      expect.objectContaining({ fields: expect.objectContaining({ deliveryId: dead!.id, partnerId: 'ic-partner', attempts: 3 }) }),
    ]);
    expect(JSON.stringify(t.logger.entries)).not.toContain('whsec_');

    await t.worker.runOnce();
    const [alertBody] = t.office.received.get(alert!.id)!;
    expect(alertBody).toMatchObject({
      type: 'lead.delivery_failed',
      id: lead.id,
      partnerId: 'office',
      contact: { name: '王芳' },
      failedDelivery: { deliveryId: dead!.id, partnerId: 'ic-partner', method: 'webhook', attempts: 3 },
    });
    expect(alertBody!.ackUrl).toBeUndefined();
    expect(t.ic.ids).toHaveLength(3);
    expect((await t.lead(lead.id)).history.map((h) => h.event)).toContain('delivery_dead');
  });

  it('stops at once when the partner refuses the delivery (400): dead after one attempt, logged, the office alerted', async () => {
    const t = await setup({ behaviour: () => 'refuse', worker: { maxAttempts: 20 } });
    const { lead } = await t.service.submit(submission());
    await t.worker.runOnce();
    const [dead, alert] = await t.deliveries(lead.id);
    expect(dead).toMatchObject({ status: 'dead', attempts: 1 });
    expect(dead!.lastError).toContain('400');
    expect(alert).toMatchObject({ kind: 'send', type: 'lead.delivery_failed', partnerId: 'office', status: 'pending' });
    expect(t.logger.entries.filter((e) => e.level === 'error')).toEqual([
      expect.objectContaining({ fields: expect.objectContaining({ deliveryId: dead!.id, partnerId: 'ic-partner', attempts: 1, code: 400 }) }),
    ]);

    await t.worker.runOnce();
    expect(t.office.received.get(alert!.id)![0]).toMatchObject({ type: 'lead.delivery_failed', failedDelivery: { deliveryId: dead!.id, attempts: 1 } });
    expect(t.ic.ids).toHaveLength(1);
    const history = (await t.lead(lead.id)).history.filter((h) => h.event === 'delivery_dead');
    expect(history).toEqual([expect.objectContaining({ deliveryId: dead!.id, detail: expect.stringContaining('not retried') })]);
  });

  it('retries a 408 like a 5xx: it says "later", not "never"', async () => {
    const t = await setup({ behaviour: (attempt) => (attempt === 1 ? 'timeout' : 'ok') });
    const { lead } = await t.service.submit(submission());
    await t.worker.runOnce();
    const [item] = await t.deliveries(lead.id);
    expect(item).toMatchObject({ status: 'pending', attempts: 1 });
    t.clock.advance(item!.dueAt - t.clock.now());
    await t.worker.runOnce();
    expect((await t.deliveries(lead.id))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('does not alert the fallback partner about its own dead deliveries', async () => {
    const t = await setup({ worker: { maxAttempts: 1 } });
    await t.office.server.close();
    const { lead } = await t.service.submit(submission({ outcome: 'needs_review' }));
    await t.worker.runOnce();
    const items = await t.deliveries(lead.id);
    expect(items).toEqual([expect.objectContaining({ status: 'dead', partnerId: 'office' })]);
  });

  it('polls on its own after start() and stop() waits for attempts in flight', async () => {
    const t = await setup({ behaviour: () => 'hang', worker: { tickMs: 5, timeoutMs: 5000 } });
    const { lead } = await t.service.submit(submission());
    t.worker.start();
    t.worker.start();
    while (t.ic.attempts() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await t.worker.stop();
    const [item] = await t.deliveries(lead.id);
    expect(item).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(item!.leaseOwner).toBeUndefined();
  });
});

describe('outbox worker: follow-up', () => {
  it('reminds an unacknowledged partner, then escalates to the fallback partner', async () => {
    const t = await setup({ worker: { escalateAfterMs: 12 * HOUR }, clockMoves: true });
    const { lead } = await t.service.submit(submission());
    await t.worker.runOnce();
    expect(t.ic.received.size).toBe(1);

    t.clock.advance(23 * HOUR);
    await t.worker.runOnce();
    expect(t.ic.received.size).toBe(1);

    t.clock.advance(HOUR);
    await t.worker.runOnce(); // the check fires and queues the reminder
    await t.worker.runOnce(); // the reminder is sent
    const bodies = [...t.ic.received.values()].map((list) => list[0]!);
    expect(bodies.map((b) => b.type)).toEqual(['lead.qualified', 'lead.reminder']);
    expect((await t.lead(lead.id)).remindedAt).toBe(t.clock.now());

    t.clock.advance(12 * HOUR);
    await t.worker.runOnce(); // the escalation check fires
    await t.worker.runOnce(); // the escalation is sent
    const [escalation] = [...t.office.received.values()].map((list) => list[0]!);
    expect(escalation).toMatchObject({ type: 'lead.qualified', id: lead.id, partnerId: 'office', escalatedFrom: 'ic-partner', contact: { name: '王芳' } });
    expect(escalation!.ackUrl).toBe(t.ackLink.url(lead.id, 'office'));
    const stored = await t.lead(lead.id);
    expect(stored).toMatchObject({ escalatedTo: 'office', escalatedAt: t.clock.now(), partnerId: 'ic-partner' });
    expect(stored.history.map((h) => h.event)).toEqual(['created', 'routed', 'delivered', 'reminded', 'delivered', 'escalated', 'delivered']);

    // Nothing further: the office is the last resort.
    t.clock.advance(100 * HOUR);
    expect(await t.worker.runOnce()).toBe(0);
    expect(t.ic.received.size + t.office.received.size).toBe(3);
    expect([...t.ic.rejected, ...t.office.rejected]).toEqual([]);
  });

  it('does nothing more once the partner has acknowledged', async () => {
    const t = await setup({ clockMoves: true });
    const { lead } = await t.service.submit(submission());
    await t.worker.runOnce();
    await t.store.leads.updateLead(lead.id, (current) => ({ lead: { ...current, acknowledgedAt: t.clock.now(), status: 'acknowledged' } }));
    for (let i = 0; i < 4; i++) {
      t.clock.advance(25 * HOUR);
      await t.worker.runOnce();
    }
    expect([...t.ic.received.values()].map((list) => list[0]!.type)).toEqual(['lead.qualified']);
    expect(t.office.received.size).toBe(0);
    const check = (await t.deliveries(lead.id)).find((i) => i.kind === 'ack_check');
    expect(check).toMatchObject({ status: 'delivered' });
  });

  it('does not escalate when the partner acknowledges after the reminder', async () => {
    const t = await setup({ clockMoves: true });
    const { lead } = await t.service.submit(submission());
    await t.worker.runOnce();
    t.clock.advance(24 * HOUR);
    await t.worker.runOnce();
    await t.worker.runOnce();
    expect([...t.ic.received.values()].map((list) => list[0]!.type)).toEqual(['lead.qualified', 'lead.reminder']);
    await t.store.leads.updateLead(lead.id, (current) => ({ lead: { ...current, acknowledgedAt: t.clock.now(), status: 'acknowledged' } }));
    t.clock.advance(24 * HOUR);
    await t.worker.runOnce();
    await t.worker.runOnce();
    expect(t.office.received.size).toBe(0);
    expect((await t.lead(lead.id)).escalatedTo).toBeUndefined();
  });
});

describe('outbox worker: erasure', () => {
  it('tells partners that received the lead to erase it, without any contact data', async () => {
    const t = await setup();
    const { lead } = await t.service.submit(submission());
    await t.worker.runOnce();
    expect(await t.service.erase([lead.id])).toBe(1);
    const erasedItems = (await t.deliveries(lead.id)).filter((i) => i.kind === 'send' && i.type === 'lead.erased');
    expect(erasedItems).toEqual([expect.objectContaining({ partnerId: 'ic-partner', status: 'pending' })]);
    await t.worker.runOnce();
    const body = t.ic.received.get(erasedItems[0]!.id)![0]!;
    expect(body).toMatchObject({ type: 'lead.erased', id: lead.id, status: 'erased', answers: { industry: 'integrated_circuits' } });
    expect(body.contact).toBeUndefined();
    expect(body.erasedAt).toBeTypeOf('string');
    expect(JSON.stringify(body)).not.toMatch(/13800138000|王芳/);
  });

  it('cancels deliveries not yet made and tells nobody who never got the lead', async () => {
    const t = await setup();
    const { lead } = await t.service.submit(submission());
    await t.service.erase([lead.id]);
    await t.worker.runOnce();
    expect(t.ic.attempts()).toBe(0);
    expect(await t.deliveries(lead.id)).toEqual([expect.objectContaining({ type: 'lead.qualified', status: 'cancelled' })]);
  });
});
