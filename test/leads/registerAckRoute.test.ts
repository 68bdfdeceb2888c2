import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createLeadService } from '../../src/leads/createLeadService.js';
import { registerAckRoute } from '../../src/leads/registerAckRoute.js';
import { createLeadsTestBed, partnersFrom, submission } from './leadTestKit.js';

const partners = partnersFrom(`
partners:
  - { id: office, name: "武进区人才工作部门 <Office & Co>", fallback: true }
  - { id: ic-partner, name: 集成电路引才合伙人, industries: [integrated_circuits] }
  - { id: energy, name: 新能源, industries: [new_energy] }
`);

const apps: Array<ReturnType<typeof Fastify>> = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function setup() {
  const bed = createLeadsTestBed('2026-03-01T01:00:00Z');
  const service = createLeadService({ store: bed.store, clock: bed.clock, partners });
  const app = Fastify();
  apps.push(app);
  registerAckRoute(app, { store: bed.store, clock: bed.clock, ackLink: bed.ackLink, partners, timeZone: 'Asia/Shanghai' });
  const { lead } = await service.submit(submission());
  const get = (url: string) => app.inject({ method: 'GET', url: url.replace('https://talent.example.gov.cn', '') });
  /** Opens the link and presses the page's button, as a partner's browser does. */
  const acknowledge = async (url: string, headers: Record<string, string> = {}) => {
    const page = await get(url);
    if (page.statusCode !== 200) return page;
    const action = /<form method="post" action="([^"]+)"/.exec(page.body)?.[1];
    if (!action) return page;
    const fields = Object.fromEntries([...page.body.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')]));
    return app.inject({ method: 'POST', url: action, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: new URLSearchParams(fields).toString() });
  };
  /** Posts the first form of a page (its hidden fields plus `extra`), as a browser does. */
  const submitForm = (page: { body: string }, extra: Record<string, string> = {}) => {
    const action = /<form method="post" action="([^"]+)"/.exec(page.body)?.[1];
    if (!action) throw new Error('the page has no form');
    const fields = Object.fromEntries([...page.body.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')]));
    return app.inject({ method: 'POST', url: action, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ ...fields, ...extra }).toString() });
  };
  return { ...bed, service, app, lead, get, acknowledge, submitForm };
}

describe('GET and POST /leads/:id/ack', () => {
  it('opening the link shows the summary and a button, and acknowledges nothing', async () => {
    const t = await setup();
    const page = await t.get(t.ackLink.url(t.lead.id, 'ic-partner'));
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('确认接收 / Acknowledge');
    expect(page.body).toContain('<form method="post"');
    expect(page.body).toContain('集成电路');
    expect((await t.service.leadsByIds([t.lead.id]))[0]!.acknowledgedAt).toBeUndefined();
    expect((await t.app.inject({ method: 'HEAD', url: t.ackLink.url(t.lead.id, 'ic-partner').replace('https://talent.example.gov.cn', '') })).statusCode).toBe(200);
    expect((await t.service.leadsByIds([t.lead.id]))[0]!.acknowledgedAt).toBeUndefined();
  });

  it('refuses a post without the page’s token, with a forged token, or marked cross-site', async () => {
    const t = await setup();
    const url = `/leads/${t.lead.id}/ack`;
    const sig = t.ackLink.sign(t.lead.id, 'ic-partner');
    const post = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: new URLSearchParams(fields).toString() });
    expect((await post({ partner: 'ic-partner', sig })).statusCode).toBe(403);
    expect((await post({ partner: 'ic-partner', sig, issued: String(t.clock.now()), token: 'forged' })).statusCode).toBe(403);
    const issued = String(t.clock.now());
    const token = t.ackLink.formToken(t.lead.id, 'ic-partner', Number(issued));
    expect((await post({ partner: 'ic-partner', sig, issued, token }, { 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    t.clock.advance(25 * 3600_000);
    expect((await post({ partner: 'ic-partner', sig, issued, token })).statusCode).toBe(403);
    expect((await t.service.leadsByIds([t.lead.id]))[0]!.acknowledgedAt).toBeUndefined();
  });

  it('acknowledges with the page’s button, and says so again on the second press', async () => {
    const t = await setup();
    t.clock.advance(60_000);
    const first = await t.acknowledge(t.ackLink.url(t.lead.id, 'ic-partner'), { 'sec-fetch-site': 'same-origin' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toContain('text/html');
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.body).toContain('已确认接收');
    expect(first.body).toContain('The lead is acknowledged');
    const [lead] = await t.service.leadsByIds([t.lead.id]);
    expect(lead).toMatchObject({ status: 'acknowledged', acknowledgedAt: t.clock.now() });
    expect(lead!.history.at(-1)).toMatchObject({ event: 'acknowledged', partnerId: 'ic-partner' });

    t.clock.advance(60_000);
    const second = await t.get(t.ackLink.url(t.lead.id, 'ic-partner'));
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('already acknowledged');
    expect(second.body).not.toContain('确认接收 / Acknowledge</button>');
    expect(second.body).toContain('See the contact, update the status');
    const [again] = await t.service.leadsByIds([t.lead.id]);
    expect(again!.acknowledgedAt).toBe(lead!.acknowledgedAt);
    expect(again!.history.filter((h) => h.event === 'acknowledged')).toHaveLength(1);
  });

  it('keeps a status that is already further', async () => {
    const t = await setup();
    await t.store.leads.updateLead(t.lead.id, (current) => ({ lead: { ...current, status: 'contacted' } }));
    expect((await t.acknowledge(t.ackLink.url(t.lead.id, 'ic-partner'))).statusCode).toBe(200);
    expect((await t.service.leadsByIds([t.lead.id]))[0]).toMatchObject({ status: 'contacted', acknowledgedAt: expect.any(Number) });
  });

  it('refuses a forged or missing signature with 403', async () => {
    const t = await setup();
    const sig = t.ackLink.sign(t.lead.id, 'ic-partner');
    const forged = (sig.startsWith('A') ? 'B' : 'A') + sig.slice(1);
    for (const url of [
      `/leads/${t.lead.id}/ack?partner=ic-partner&sig=${forged}`,
      `/leads/${t.lead.id}/ack?partner=ic-partner`,
      `/leads/${t.lead.id}/ack?sig=${sig}`,
      `/leads/${t.lead.id}/ack?partner=energy&sig=${sig}`,
    ]) {
      const response = await t.get(url);
      expect(response.statusCode, url).toBe(403);
      expect(response.json()).toMatchObject({ error: { code: 'forbidden' } });
    }
    expect((await t.service.leadsByIds([t.lead.id]))[0]!.acknowledgedAt).toBeUndefined();
  });

  it('refuses a validly signed link of a partner the lead is not assigned to', async () => {
    const t = await setup();
    const response = await t.get(t.ackLink.url(t.lead.id, 'energy'));
    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toContain('not assigned');
    expect((await t.get(t.ackLink.url(t.lead.id, 'office'))).statusCode).toBe(403);
  });

  it('accepts the partner the lead was escalated to, and escapes names on the page', async () => {
    const t = await setup();
    await t.store.leads.updateLead(t.lead.id, (current) => ({ lead: { ...current, escalatedTo: 'office' } }));
    const response = await t.acknowledge(t.ackLink.url(t.lead.id, 'office'));
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('The lead is acknowledged');
    expect(response.body).toContain('武进区人才工作部门 &lt;Office &amp; Co&gt;');
    expect(response.body).not.toContain('<Office');
  });

  it('answers 404 for an unknown lead with a valid signature', async () => {
    const t = await setup();
    const response = await t.get(t.ackLink.url('00000000-0000-4000-8000-000000000000', 'ic-partner'));
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('the lead page behind the link: full contact and status (partners acting from WeCom)', () => {
  it('opening the link shows no phone number; acknowledging (a POST) shows it with a status form', async () => {
    const t = await setup();
    const opened = await t.get(t.ackLink.url(t.lead.id, 'ic-partner'));
    expect(opened.body).not.toContain('13800138000');
    expect(opened.body).not.toContain('138****8000');
    const page = await t.acknowledge(t.ackLink.url(t.lead.id, 'ic-partner'));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('13800138000');
    expect(page.body).toContain('action="/leads/' + t.lead.id + '/status"');
    expect(page.body).toContain('value="contacted"');
  });

  it('records the status with a note from the page\'s form, in the lead and its history; GET changes nothing', async () => {
    const t = await setup();
    const page = await t.acknowledge(t.ackLink.url(t.lead.id, 'ic-partner'));
    t.clock.advance(3600_000);
    const saved = await t.submitForm(page, { status: 'in_talks', note: '已电话沟通，\r\n下周面谈' });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('The status is saved.');
    expect(saved.body).toContain('洽谈中 / In talks');
    const [lead] = await t.service.leadsByIds([t.lead.id]);
    expect(lead).toMatchObject({ status: 'in_talks', partnerNote: '已电话沟通，\n下周面谈', updatedAt: t.clock.now() });
    expect(lead!.history.at(-1)).toMatchObject({ event: 'status:in_talks', partnerId: 'ic-partner', detail: '已电话沟通，\n下周面谈' });
    await t.get(t.ackLink.url(t.lead.id, 'ic-partner'));
    expect((await t.service.leadsByIds([t.lead.id]))[0]!.status).toBe('in_talks');
    // A note of the longest kept length in Chinese (about 9 KB once form-encoded) is taken, and cut at 1,000 characters.
    const long = await t.submitForm(saved, { status: 'landed', note: '项目已签约落地。'.repeat(150) });
    expect(long.statusCode).toBe(200);
    expect((await t.service.leadsByIds([t.lead.id]))[0]!.partnerNote).toHaveLength(1000);
  });

  it('a status posted straight from the first page acknowledges too; a bad status is 400; forged or foreign forms are 403', async () => {
    const t = await setup();
    const issued = t.clock.now();
    const sig = t.ackLink.sign(t.lead.id, 'ic-partner');
    const post = (fields: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: `/leads/${t.lead.id}/status`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
    const token = t.ackLink.formToken(t.lead.id, 'ic-partner', issued);
    expect((await post({ partner: 'ic-partner', sig, issued: String(issued), token, status: 'erased' })).statusCode).toBe(400);
    expect((await post({ partner: 'ic-partner', sig, issued: String(issued), token: 'forged', status: 'landed' })).statusCode).toBe(403);
    const otherSig = t.ackLink.sign(t.lead.id, 'energy');
    const otherToken = t.ackLink.formToken(t.lead.id, 'energy', issued);
    expect((await post({ partner: 'energy', sig: otherSig, issued: String(issued), token: otherToken, status: 'landed' })).statusCode).toBe(403);
    expect((await t.service.leadsByIds([t.lead.id]))[0]).toMatchObject({ status: 'new' });
    expect((await post({ partner: 'ic-partner', sig, issued: String(issued), token, status: 'declined' })).statusCode).toBe(200);
    const [lead] = await t.service.leadsByIds([t.lead.id]);
    expect(lead).toMatchObject({ status: 'declined', acknowledgedAt: issued });
    expect(lead!.history.map((h) => h.event).slice(-2)).toEqual(['acknowledged', 'status:declined']);
  });
});

