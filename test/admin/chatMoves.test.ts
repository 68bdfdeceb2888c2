/**
 * Partners' Telegram groups that moved, on the console's leads page: partner, old id, new id,
 * when, and what to change in the partners file until it names the new id; the home page
 * counts those still to change. Read from the same
 * store records the lead deliveries keep; partners do not see it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parsePartners } from '../../src/leads/partners.js';
import { createTelegramChatMoves } from '../../src/leads/telegramChatMoves.js';
import { ADMIN, createAdminTestApp, login, unescapeHtml, type AdminTestApp } from './adminTestKit.js';

const PARTNERS = parsePartners(
  `
partners:
  - id: talent-office
    name: 人才办
    fallback: true
    delivery: [{ type: telegram, chatId: -1009999 }]
  - id: ic-partner
    name: 集成电路引才合伙人
    industries: [integrated_circuits]
    delivery: [{ type: telegram, chatId: -4001 }]
  - id: energy-a
    name: 新能源合伙人
    industries: [new_energy]
    delivery: [{ type: telegram, chatId: -1005002 }]
`,
  'partners.yaml',
  {},
);

let t: AdminTestApp | undefined;
afterEach(async () => {
  await t?.app.http.close();
  t = undefined;
});

describe('moved Telegram groups in the console', () => {
  it('lists each move, newest first, and says what to change until the partners file names the new id', async () => {
    t = await createAdminTestApp({ console: { partners: PARTNERS } });
    const moves = createTelegramChatMoves(t.store.state);
    await moves.report({ partnerId: 'energy-a', configured: -5002, from: -5002, to: -1005002, at: t.clock.now() - 3600_000 });
    await moves.report({ partnerId: 'ic-partner', configured: -4001, from: -4001, to: -1004001, at: t.clock.now() });
    // A second report of the same chat (another process, another lead) changes nothing.
    expect(await moves.report({ partnerId: 'ic-partner', configured: -4001, from: -4001, to: -1004001, at: t.clock.now() + 1 })).toBe(false);

    const admin = await login(t.app, ADMIN.username, ADMIN.password);
    const page = await admin.get('/admin/leads?lang=en');
    expect(page.statusCode).toBe(200);
    const section = unescapeHtml(/<table data-testid="chat-moves-table">([\s\S]*?)<\/table>/.exec(page.body)?.[1] ?? '');
    const rows = [...section.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1).map((r) => [...r[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => c[1]));
    expect(rows).toHaveLength(2);
    expect(rows[0]!.slice(0, 3)).toEqual(['集成电路引才合伙人 (ic-partner)', '-4001', '-1004001']);
    expect(rows[0]![4]).toContain('change telegram chatId from -4001 to -1004001');
    expect(rows[1]!.slice(0, 3)).toEqual(['新能源合伙人 (energy-a)', '-5002', '-1005002']);
    expect(rows[1]![4]).toBe('the partners file names the new id');

    // The home page counts the moves the partners file does not follow yet.
    const home = await admin.get('/admin?lang=en');
    expect(/data-testid="dashboard-chat-moves"[\s\S]*?\((\d+)\)/.exec(home.body)?.[1]).toBe('1');

    await t.admin.services.accounts.create({ username: 'ic', role: 'partner', partnerId: 'ic-partner', password: 'ic-password-123', createdBy: 'test' });
    const partner = await login(t.app, 'ic', 'ic-password-123');
    expect((await partner.get('/admin/leads')).statusCode).toBe(403);
  });

  it('shows nothing when no group moved', async () => {
    t = await createAdminTestApp();
    const admin = await login(t.app, ADMIN.username, ADMIN.password);
    expect((await admin.get('/admin/leads')).body).not.toContain('data-testid="chat-moves"');
    expect((await admin.get('/admin')).body).not.toContain('data-testid="dashboard-chat-moves"');
  });
});
