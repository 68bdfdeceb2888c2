/**
 * Leads for staff (filters, history, deliveries, CSV with contact details for admins only),
 * the funnel, and the partner portal: a partner sees and changes only its own leads, by any
 * URL, and staff see what it recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunnelReport, conversionRates, createFunnelCounter, FUNNEL_STAGES, weekOf, withoutEmptyWeeks, type FunnelStage } from '../../src/admin/leads/funnel.js';
import { acknowledgeLead } from '../../src/leads/acknowledgeLead.js';
import type { LeadRecord } from '../../src/leads/leadRecord.js';
import { readLead } from '../../src/leads/readLead.js';
import { referenceOf } from '../../src/leads/leadReference.js';
import { ADMIN, createAdminTestApp, login, makeLead, type AdminTestApp, type ConsoleClient } from './adminTestKit.js';

let t: AdminTestApp;
let admin: ConsoleClient;
let editor: ConsoleClient;
let icPartner: ConsoleClient;
let energyPartner: ConsoleClient;
let office: ConsoleClient;
const leads: Record<string, LeadRecord> = {};
const DAY = 24 * 3600_000;

beforeAll(async () => {
  t = await createAdminTestApp();
  for (const [username, role, partnerId] of [
    ['ed', 'editor', undefined],
    ['ic', 'partner', 'ic-partner'],
    ['energy', 'partner', 'energy-a'],
    ['office', 'partner', 'talent-office'],
  ] as const) {
    await t.admin.services.accounts.create({ username, role, password: `${username}-password-123`, createdBy: 'test', ...(partnerId ? { partnerId } : {}) });
  }
  leads.ic = await makeLead(t, { answers: { industry: 'integrated_circuits', org: '=HYPERLINK("http://evil")', name: '王芳', contact: '13800138000' } });
  t.clock.advance(2 * DAY);
  leads.energy = await makeLead(t, { answers: { industry: 'new_energy', name: '李雷', contact: 'lilei@example.com' }, contact: { name: '李雷', email: 'lilei@example.com' } });
  leads.review = await makeLead(t, { outcome: 'needs_review', answers: { industry: 'other', name: '韩梅梅', contact: '13900139000' }, contact: { name: '韩梅梅', phone: '13900139000' } });
  t.clock.advance(2 * DAY);
  admin = await login(t.app, ADMIN.username, ADMIN.password);
  editor = await login(t.app, 'ed', 'ed-password-123');
  icPartner = await login(t.app, 'ic', 'ic-password-123');
  energyPartner = await login(t.app, 'energy', 'energy-password-123');
  office = await login(t.app, 'office', 'office-password-123');
});
afterAll(async () => {
  await t.app.http.close();
});

describe('leads for staff', () => {
  it('routes the test leads as expected', () => {
    expect([leads.ic!.partnerId, leads.energy!.partnerId, leads.review!.partnerId]).toEqual(['ic-partner', 'energy-a', 'talent-office']);
  });

  it('filters by outcome, partner, status, industry and date', async () => {
    const ids = async (query: string) => [...(await editor.get(`/admin/leads?${query}`)).body.matchAll(/href="\/admin\/leads\/([^"]+)"/g)].map((m) => m[1]).sort();
    expect(await ids('')).toEqual([leads.ic!.id, leads.energy!.id, leads.review!.id].sort());
    expect(await ids('outcome=needs_review')).toEqual([leads.review!.id]);
    expect(await ids('partner=ic-partner')).toEqual([leads.ic!.id]);
    expect(await ids('industry=new_energy')).toEqual([leads.energy!.id]);
    expect(await ids('status=new')).toHaveLength(3);
    expect(await ids('status=landed')).toEqual([]);
    expect(await ids('from=2026-03-02')).toEqual([leads.energy!.id, leads.review!.id].sort());
    expect(await ids('to=2026-03-01')).toEqual([leads.ic!.id]);
  });

  it('shows contact details to admins only', async () => {
    expect((await admin.get('/admin/leads')).body).toContain('13800138000');
    const list = await editor.get('/admin/leads');
    const detail = await editor.get(`/admin/leads/${leads.ic!.id}`);
    for (const body of [list.body, detail.body]) {
      expect(body).not.toContain('13800138000');
      expect(body).not.toContain('王芳');
      expect(body).toContain('仅管理员可见');
    }
    const adminDetail = await admin.get(`/admin/leads/${leads.ic!.id}`);
    expect(adminDetail.body).toContain('王芳');
  });

  it('exports CSV in the staff language with contact details for admins only, formulas neutralised, and audits the export', async () => {
    const full = await admin.get('/admin/leads.csv');
    expect(full.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(full.headers['content-disposition']).toMatch(/attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"/);
    const [header, ...rows] = full.body.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(header!.startsWith('"参考编号","线索编号","提交时间（Asia/Shanghai 时间）"')).toBe(true);
    expect(header).toContain('"手机"');
    expect(header).toContain('"所在领域"');
    expect(header).not.toMatch(/answer\.|createdAt|partnerId/);
    const ic = rows.find((r) => r.includes(leads.ic!.id))!;
    // Made at TEST_NOW, 09:00 in Shanghai: times in the district's zone, words instead of ids.
    expect(ic).toContain('"2026-03-01 09:00"');
    expect(ic).toContain('"集成电路"');
    expect(ic).not.toContain('integrated_circuits');
    expect(ic).toContain('"符合"');
    expect(ic).toContain('"新建"');
    expect(ic).toContain('"网页"');
    expect(ic).toContain('"你的领域属于战略性产业。"');
    expect(full.body).toContain('"13800138000"');
    expect(full.body).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const partial = await editor.get('/admin/leads.csv?industry=integrated_circuits');
    expect(partial.body).not.toContain('contactPhone');
    expect(partial.body).not.toContain('13800138000');
    expect(partial.body).not.toContain('王芳');
    expect(partial.body.trim().split('\r\n')).toHaveLength(2);
    const audit = await t.admin.services.audit.list({ actionPrefix: 'export.leads_csv' });
    expect(audit.map((e) => [e.actor, e.detail])).toEqual([
      ['ed', 'without contact details'],
      [ADMIN.username, 'with contact details'],
    ]);
    const english = await editor.get('/admin/leads.csv?industry=integrated_circuits&lang=en');
    expect(english.body.replace(/^\ufeff/, '').startsWith('"Reference","Lead id","Submitted (Asia/Shanghai time)"')).toBe(true);
    expect(english.body).toContain('"Integrated circuits"');
    expect(english.body).toContain('"Field"');
  });

  it("shows a lead's deliveries and its acknowledgement history", async () => {
    await acknowledgeLead(leads.energy!.id, 'energy-a', { store: t.store, clock: t.clock }, 'link');
    const detail = await editor.get(`/admin/leads/${leads.energy!.id}`);
    expect(detail.body).toContain('data-testid="deliveries"');
    expect(detail.body).toContain('合作伙伴已确认接收');
    expect(detail.body).toContain('已分配给合作伙伴');
    expect(detail.body).not.toMatch(/<td>(?:created|routed|acknowledged)<\/td>/);
    // The answers by their question and choice labels, not ids.
    expect(detail.body).toContain('<td>所在领域</td><td>新能源</td>');
    expect(detail.body).toContain('via link');
    const ic = await editor.get(`/admin/leads/${leads.ic!.id}`);
    expect(ic.body).toMatch(/lead\.qualified<\/td><td>webhook/);
  });
});

describe('partner portal', () => {
  it('shows a partner only its own leads', async () => {
    const portal = await icPartner.get('/admin/portal');
    expect(portal.body).toContain(leads.ic!.id);
    expect(portal.body).not.toContain(leads.energy!.id);
    expect(portal.body).not.toContain(leads.review!.id);
    expect(portal.body).toContain('13800138000');
    // A card per lead: the reference the applicant was given, tap-to-call, the deadline (24 hours, passed 3 days ago).
    const reference = referenceOf(leads.ic!.id);
    expect(portal.body).toContain(`data-testid="portal-lead-link" aria-label="申请编号 ${reference}">${reference}</a>`);
    expect(portal.body).toContain('href="tel:13800138000" data-testid="portal-call">拨打 13800138000</a>');
    expect(portal.body).toContain('>已超时 72 小时 0 分</strong></p>');
    expect(portal.body).not.toContain('<table');
    const energy = await energyPartner.get('/admin/portal');
    expect(energy.body).toContain('href="mailto:lilei@example.com" data-testid="portal-mail"');
    // Acknowledged by its link earlier in this file: no countdown.
    expect(energy.body).toMatch(/data-testid="portal-deadline">已于 2026-03-0\d \d\d:\d\d 确认接收/);
    expect(energy.body).not.toContain('portal-countdown');
  });

  it('answers a guessed id of another partner exactly like a missing one, for every portal URL, and changes nothing', async () => {
    const other = leads.energy!.id;
    const missing = await icPartner.get('/admin/portal/leads/00000000-0000-0000-0000-000000000000');
    for (const [method, url] of [
      ['GET', `/admin/portal/leads/${other}`],
      ['POST', `/admin/portal/leads/${other}/ack`],
      ['POST', `/admin/portal/leads/${other}/status`],
    ] as const) {
      const response = method === 'GET' ? await icPartner.get(url) : await icPartner.post(url, { status: 'declined', note: 'taken' });
      expect(response.statusCode, url).toBe(404);
      const page = (body: string) => body.replace(/href="[^"]*" data-testid="console-language"/, '');
      expect(page(response.body)).toBe(page(missing.body));
    }
    for (const url of [`/admin/leads/${other}`, '/admin/leads', '/admin/leads.csv', '/admin/funnel']) expect((await icPartner.get(url)).statusCode, url).toBe(403);
    const stored = readLead((await t.store.leads.getLead(other))!);
    expect(stored.status).toBe('acknowledged');
    expect(stored.partnerNote).toBeUndefined();
  });

  it('lets the partner acknowledge and record a status with a note; staff see it', async () => {
    const id = leads.ic!.id;
    const page = await icPartner.get(`/admin/portal/leads/${id}`);
    expect(page.body).toContain('data-testid="acknowledge"');
    expect((await icPartner.post(`/admin/portal/leads/${id}/ack`)).statusCode).toBe(303);
    let lead = readLead((await t.store.leads.getLead(id))!);
    expect(lead).toMatchObject({ status: 'acknowledged', acknowledgedAt: t.clock.now() });
    expect(lead.history.at(-1)).toMatchObject({ event: 'acknowledged', partnerId: 'ic-partner', detail: 'via portal' });

    expect((await icPartner.post(`/admin/portal/leads/${id}/status`, { status: 'landed', note: '已签约落户武进' })).statusCode).toBe(303);
    lead = readLead((await t.store.leads.getLead(id))!);
    expect(lead).toMatchObject({ status: 'landed', partnerNote: '已签约落户武进' });
    expect(lead.history.at(-1)).toMatchObject({ event: 'status:landed', detail: '已签约落户武进' });
    expect((await icPartner.post(`/admin/portal/leads/${id}/status`, { status: 'erased' })).statusCode).toBe(400);

    const staff = await editor.get(`/admin/leads/${id}`);
    const card = await icPartner.get('/admin/portal');
    expect(card.body).toMatch(/data-testid="portal-deadline">已于 2026-03-05 \d\d:\d\d 确认接收/);
    expect(card.body).toContain('data-testid="portal-lead-status">已落地');
    const detail = await icPartner.get(`/admin/portal/leads/${id}`);
    expect(detail.body).toContain(`<title>线索详情 ${referenceOf(id)}`);
    const history = detail.body.slice(detail.body.indexOf('data-testid="lead-history"'));
    expect(history).toContain('状态改为“已落地” — <span class="note">已签约落户武进</span>');
    expect(history).not.toContain('status:landed');

    expect(staff.body).toContain('data-testid="lead-detail-status">已落地');
    expect(staff.body).toContain('已签约落户武进');
    expect(staff.body).toContain('状态改为“已落地”');
    expect(staff.body).not.toContain('status:landed');
    expect((await editor.get('/admin/leads?status=landed')).body).toContain(id);
    const audit = await t.admin.services.audit.list({ actionPrefix: 'lead.' });
    expect(audit.map((e) => [e.action, e.actor, e.target])).toEqual([
      ['lead.status', 'ic', id],
      ['lead.acknowledged', 'ic', id],
    ]);
  });

  it('shows an escalated lead to the partner it was escalated to', async () => {
    await t.store.leads.updateLead(leads.energy!.id, (current) => ({ lead: { ...current, escalatedTo: 'talent-office' } }));
    expect((await office.get('/admin/portal')).body).toContain(leads.energy!.id);
    expect((await energyPartner.get('/admin/portal')).body).toContain(leads.energy!.id);
    expect((await office.get(`/admin/portal/leads/${leads.ic!.id}`)).statusCode).toBe(404);
  });
});

describe('funnel', () => {
  it("weeks start on Monday in the district's time zone", () => {
    expect(weekOf(Date.parse('2026-03-01T15:59:00Z'), 'Asia/Shanghai')).toBe('2026-02-23');
    expect(weekOf(Date.parse('2026-03-01T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-03-02');
    // Berlin is on winter time (UTC+1) in March before the last Sunday.
    expect(weekOf(Date.parse('2026-03-01T22:59:00Z'), 'Europe/Berlin')).toBe('2026-02-23');
    expect(weekOf(Date.parse('2026-03-01T23:00:00Z'), 'Europe/Berlin')).toBe('2026-03-02');
  });

  it('counts the engine stages and reads the lead stages from the leads, per week', async () => {
    const counter = createFunnelCounter(t.store, t.clock, 'Asia/Shanghai');
    for (let i = 0; i < 5; i++) await counter.count('conversations');
    await counter.count('eligibility_started');
    await counter.count('eligibility_started');
    await counter.count('eligibility_completed');
    await counter.count('conversations', Date.parse('2026-02-20T02:00:00Z'));
    const all = (await t.store.leads.listLeads()).map((l) => readLead(l));
    const report = await buildFunnelReport(t.store, all, t.clock.now(), 'Asia/Shanghai', 4);
    expect(report.weeks.map((w) => w.week)).toEqual(['2026-02-09', '2026-02-16', '2026-02-23', '2026-03-02']);
    expect(report.weeks[1]!.counts.conversations).toBe(1);
    expect(report.weeks[3]!.counts).toMatchObject({ conversations: 5, eligibility_started: 2, eligibility_completed: 1, landed: 1 });
    expect(report.totals).toMatchObject({ conversations: 6, qualified: 2, acknowledged: 2, landed: 1 });

    const page = await editor.get('/admin/funnel');
    expect(page.body).toContain('<svg class="chart"');
    expect(page.body).toContain('data-testid="funnel"');
    expect(page.body).toMatch(/<td>合计<\/td><td>6<\/td>/);
    // Conversion from each stage to the next, and no row for a week in which nothing happened.
    expect(page.body).toMatch(/<td>转化率<\/td><td>—<\/td><td>33%<\/td><td>50%<\/td>/);
    expect(page.body).toContain('<td>2026-03-02</td><td>5</td><td>2 (40%)</td><td>1 (50%)</td>');
    expect(page.body).toContain('<td>2026-02-16</td>');
    expect(page.body).not.toContain('<td>2026-02-09</td>');
    expect(page.body).not.toContain('<td>2025-12-15</td>');
  });

  it('leaves out empty weeks and gives no rate where the stage before counted nobody', () => {
    const zero = Object.fromEntries(FUNNEL_STAGES.map((stage) => [stage, 0])) as Record<FunnelStage, number>;
    const report = { weeks: [{ week: '2026-02-16', counts: zero }, { week: '2026-02-23', counts: { ...zero, conversations: 4, eligibility_started: 1 } }], totals: { ...zero, conversations: 4, eligibility_started: 1 } };
    expect(withoutEmptyWeeks(report).weeks.map((w) => w.week)).toEqual(['2026-02-23']);
    expect(withoutEmptyWeeks(report).totals).toEqual(report.totals);
    expect(conversionRates(report.totals)).toMatchObject({ conversations: undefined, eligibility_started: 0.25, eligibility_completed: 0, qualified: undefined });
  });
});
