import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/shared/errors.js';
import { createLeadService } from '../../src/leads/createLeadService.js';
import { leadOutboxItemSchema } from '../../src/leads/leadOutboxItem.js';
import { personKey } from '../../src/leads/personKey.js';
import { purgeUnqualifiedLeads } from '../../src/leads/purgeUnqualifiedLeads.js';
import { createLeadsTestBed, makeWebhookSecret, partnersFrom, submission } from './leadTestKit.js';

const DAY = 24 * 3600_000;
const partners = partnersFrom(
  `
partners:
  - id: office
    name: 武进区人才工作部门
    fallback: true
    delivery: [{ type: wecom_robot, keyEnv: OFFICE_KEY }]
  - id: ic-partner
    name: 集成电路引才合伙人
    industries: [integrated_circuits]
    delivery:
      - { type: webhook, url: "https://ic.example.invalid/leads", secretEnv: IC_SECRET }
      - { type: telegram, chatId: -100123 }
`,
  { OFFICE_KEY: 'office-key', IC_SECRET: makeWebhookSecret() },
);

function setup() {
  const bed = createLeadsTestBed('2026-03-01T01:00:00Z');
  const service = createLeadService({ store: bed.store, clock: bed.clock, partners });
  const deliveries = async (leadId: string) => (await bed.store.leads.listDeliveries(leadId)).map((raw) => leadOutboxItemSchema.parse(raw));
  return { ...bed, service, deliveries };
}

describe('person key', () => {
  it('normalises phone numbers and e-mail addresses', () => {
    expect(personKey({ phone: '+86 138 0013 8000' })).toBe(personKey({ phone: '13800138000' }));
    expect(personKey({ phone: '0086-138-0013-8000' })).toBe(personKey({ phone: '13800138000' }));
    expect(personKey({ email: ' Wang.Fang@Example.COM ' })).toBe(personKey({ email: 'wang.fang@example.com' }));
    expect(personKey({ phone: '13800138000' })).not.toBe(personKey({ phone: '13800138001' }));
    expect(personKey({ phone: '13800138000' })).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('lead service', () => {
  it('creates a lead, routes it and queues one lead.qualified per delivery method in the same save', async () => {
    const { service, deliveries } = setup();
    const result = await service.submit(submission());
    expect(result).toMatchObject({ created: true, partner: { id: 'ic-partner', name: '集成电路引才合伙人' }, delivers: true });
    expect(result.lead).toMatchObject({ status: 'new', partnerId: 'ic-partner', outcome: 'qualified', personKey: personKey({ phone: '13800138000' }) });
    expect(result.lead.id).toMatch(/^[0-9a-f-]{36}$/);
    const items = await deliveries(result.lead.id);
    expect(items.map((i) => i.kind === 'send' && [i.type, i.partnerId, i.method.type])).toEqual([
      ['lead.qualified', 'ic-partner', 'webhook'],
      ['lead.qualified', 'ic-partner', 'telegram'],
    ]);
    expect(new Set(items.map((i) => i.id)).size).toBe(2);
    expect(result.lead.history.map((h) => h.event)).toEqual(['created', 'routed']);
  });

  it('says who a lead went to and within how many hours they confirm, for "my data"', async () => {
    const { service } = setup();
    const { lead } = await service.submit(submission());
    expect(service.partnerOf(lead)).toEqual({ name: '集成电路引才合伙人', ackWithinHours: 24 });
    expect(service.partnerOf({ ...lead, partnerId: null })).toBeUndefined();
  });

  it('updates the same person\'s lead within 30 days instead of creating one', async () => {
    const { service, clock, deliveries } = setup();
    const first = await service.submit(submission());
    clock.advance(29 * DAY);
    const again = await service.submit(
      submission({ contact: { name: '王芳', phone: '+86 138 0013 8000' }, answers: { industry: 'integrated_circuits', degree: 'master' }, outcome: 'needs_review', reasons: [] }),
    );
    expect(again.created).toBe(false);
    expect(again.lead.id).toBe(first.lead.id);
    expect(again.lead).toMatchObject({ outcome: 'needs_review', answers: { degree: 'master' }, partnerId: 'ic-partner', createdAt: first.lead.createdAt, updatedAt: clock.now() });
    expect(again.lead.contact?.phone).toBe('+86 138 0013 8000');
    expect(again.lead.history.map((h) => h.event)).toEqual(['created', 'routed', 'reapplied']);
    const items = await deliveries(first.lead.id);
    expect(items.filter((i) => i.kind === 'send' && i.type === 'lead.updated').map((i) => i.partnerId)).toEqual(['ic-partner', 'ic-partner']);

    clock.advance(2 * DAY);
    const later = await service.submit(submission());
    expect(later.created).toBe(true);
    expect(later.lead.id).not.toBe(first.lead.id);
  });

  it('routes needs_review to the office and stores not_a_fit leads unrouted', async () => {
    const { service, deliveries } = setup();
    const review = await service.submit(submission({ outcome: 'needs_review' }));
    expect(review.partner?.id).toBe('office');
    const notFit = await service.submit(submission({ outcome: 'not_a_fit', contact: { name: 'Li', email: 'li@example.com' } }));
    expect(notFit).toMatchObject({ created: true, delivers: false, lead: { partnerId: null, status: 'new' } });
    expect(notFit.partner).toBeUndefined();
    expect(await deliveries(notFit.lead.id)).toEqual([]);
  });

  it('routes a not_a_fit lead to the office when the applicant asks to be kept informed', async () => {
    const { service, deliveries } = setup();
    const notFit = await service.submit(submission({ outcome: 'not_a_fit' }));
    const informed = await service.keepInformed(notFit.lead.id);
    expect(informed).toMatchObject({ keepInformed: true, partnerId: 'office' });
    const items = await deliveries(notFit.lead.id);
    expect(items.map((i) => i.kind === 'send' && [i.type, i.partnerId])).toEqual([['lead.qualified', 'office']]);
    await service.keepInformed(notFit.lead.id);
    expect(await deliveries(notFit.lead.id)).toHaveLength(1);
    expect(await service.keepInformed('no-such-lead')).toBeUndefined();
  });

  it('refuses a submission that is not a valid lead, before routing it', async () => {
    const { service, store } = setup();
    await expect(service.submit(submission({ contact: { name: '' , phone: '1' } }))).rejects.toBeInstanceOf(InputError);
    expect(await store.leads.listLeads()).toEqual([]);
    expect(await store.state.get('leads:assignments')).toBeUndefined();
  });

  it('returns the leads that still exist by id', async () => {
    const { service } = setup();
    const a = await service.submit(submission());
    const b = await service.submit(submission({ contact: { name: 'B', email: 'b@example.com' } }));
    expect((await service.leadsByIds([a.lead.id, 'gone', b.lead.id])).map((l) => l.id)).toEqual([a.lead.id, b.lead.id]);
  });

  it('erases personal data, keeps the industry, and lets the person apply afresh', async () => {
    const { service, store } = setup();
    const { lead } = await service.submit(submission());
    expect(await service.erase([lead.id, lead.id, 'gone'])).toBe(1);
    const [erased] = await service.leadsByIds([lead.id]);
    expect(erased).toMatchObject({ status: 'erased', answers: { industry: 'integrated_circuits' }, userId: '' });
    expect(erased!.contact).toBeUndefined();
    expect(erased!.personKey).toBeUndefined();
    expect(erased!.erasedAt).toBeTypeOf('number');
    expect(Object.keys(erased!.answers)).toEqual(['industry']);
    expect(JSON.stringify(await store.leads.getLead(lead.id))).not.toContain('13800138000');
    expect(await service.erase([lead.id])).toBe(0);
    expect((await service.submit(submission())).created).toBe(true);
  });

  it('purges not_a_fit leads after the retention period, keeping kept-informed and qualified ones', async () => {
    const { service, store, clock } = setup();
    const old = await service.submit(submission({ outcome: 'not_a_fit', contact: { name: 'A', email: 'a@example.com' } }));
    const informed = await service.submit(submission({ outcome: 'not_a_fit', keepInformed: true, contact: { name: 'B', email: 'b@example.com' } }));
    const qualified = await service.submit(submission());
    clock.advance(60 * DAY);
    const recent = await service.submit(submission({ outcome: 'not_a_fit', contact: { name: 'C', email: 'c@example.com' } }));
    clock.advance(31 * DAY);
    expect(await purgeUnqualifiedLeads(store.leads, clock.now(), 90 * DAY)).toBe(1);
    const left = (await store.leads.listLeads()).map((l) => l.id).sort();
    expect(left).toEqual([informed.lead.id, qualified.lead.id, recent.lead.id].sort());
    expect(await store.leads.getLead(old.lead.id)).toBeUndefined();
    expect(await store.leads.listDeliveries(old.lead.id)).toEqual([]);
  });
});
