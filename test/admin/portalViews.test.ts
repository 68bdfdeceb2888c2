/**
 * The partner portal's reply deadline: the partner's `ackWithinHours` after the lead reached it
 * (delivered, or escalated to it), counted down on the card, overdue once passed, and replaced
 * by the acknowledgement time once acknowledged.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { formatCountdown, replyDeadline, telUrl } from '../../src/admin/portal/portalViews.js';
import { consoleTexts } from '../../src/admin/shared/texts/consoleTexts.js';
import { ADMIN, createAdminTestApp, login, makeLead, type AdminTestApp } from './adminTestKit.js';

const HOUR = 3600_000;
let t: AdminTestApp | undefined;
afterEach(async () => {
  await t?.app.http.close();
  t = undefined;
});

describe('reply deadline', () => {
  it('counts from delivery, or from the escalation for the partner it was escalated to; none once acknowledged', async () => {
    t = await createAdminTestApp();
    const lead = await makeLead(t);
    const created = lead.createdAt;
    expect(replyDeadline(lead, t.partners, 'ic-partner')).toBe(created + 24 * HOUR);
    expect(replyDeadline({ ...lead, deliveredAt: created + HOUR }, t.partners, 'ic-partner')).toBe(created + 25 * HOUR);
    const escalated = { ...lead, escalatedTo: 'talent-office', escalatedAt: created + 48 * HOUR };
    expect(replyDeadline(escalated, t.partners, 'talent-office')).toBe(created + 72 * HOUR);
    expect(replyDeadline(escalated, t.partners, 'ic-partner')).toBe(created + 24 * HOUR);
    expect(replyDeadline({ ...lead, acknowledgedAt: created + HOUR }, t.partners, 'ic-partner')).toBeUndefined();
    expect(replyDeadline(lead, t.partners, 'unknown-partner')).toBeUndefined();
  });

  it('words the countdown in hours and minutes, or minutes under an hour, left or overdue', () => {
    const zh = consoleTexts('zh').portalCards.countdown;
    expect([150, 60, 59, 0, -1, -61].map((m) => formatCountdown(zh, m))).toEqual(['还剩 2 小时 30 分', '还剩 1 小时 0 分', '还剩 59 分钟', '还剩 0 分钟', '已超时 1 分钟', '已超时 1 小时 1 分']);
    expect(formatCountdown(consoleTexts('en').portalCards.countdown, -95)).toBe('overdue by 1 h 35 min');
  });

  it('tap-to-call keeps only + and digits', () => {
    expect(telUrl('+86 138-0013 8000')).toBe('tel:+8613800138000');
  });

  it('the card counts down, then says how long it is overdue', async () => {
    t = await createAdminTestApp();
    await t.admin.services.accounts.create({ username: 'ic', role: 'partner', partnerId: 'ic-partner', password: 'ic-password-123', createdBy: ADMIN.username });
    await makeLead(t);
    t.clock.advance(20 * HOUR);
    const partner = await login(t.app, 'ic', 'ic-password-123');
    expect((await partner.get('/admin/portal')).body).toContain('>还剩 4 小时 0 分</strong></p>');
    t.clock.advance(3 * HOUR + 35 * 60_000);
    expect((await partner.get('/admin/portal')).body).toContain('还剩 25 分钟');
    t.clock.advance(2 * HOUR);
    const overdue = (await partner.get('/admin/portal?lang=en')).body;
    expect(overdue).toContain('class="deadline overdue"');
    expect(overdue).toContain('overdue by 1 h 35 min');
  });
});
