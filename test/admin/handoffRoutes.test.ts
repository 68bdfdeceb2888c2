/**
 * The 微信客服 hand-overs page: staff see the customers waiting in the servicer queue and
 * for how long (read from the same store records the WeCom channel keeps); partners do not
 * reach it; without the WeCom channel it says so.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { listWaitingHandoffs, markServedByPerson } from '../../src/channels/wecom/kfSession.js';
import { createManualClock } from '../../src/shared/clock.js';
import { createMemoryStore } from '../../src/store/memoryStore.js';
import { TEST_NOW } from '../helpers/testApp.js';
import { ADMIN, createAdminTestApp, login, type AdminTestApp } from './adminTestKit.js';

let t: AdminTestApp | undefined;
afterEach(async () => {
  await t?.app.http.close();
  t = undefined;
});

describe('微信客服 hand-overs in the console', () => {
  it('lists the customers waiting for a person, longest waiting first, with their wait', async () => {
    const clock = createManualClock(TEST_NOW);
    const store = createMemoryStore(clock);
    t = await createAdminTestApp({ store, clock, console: { handoffs: { list: () => listWaitingHandoffs(store.state), timeoutMs: 15 * 60_000 } } });
    await markServedByPerson(store.state, 'wkAccount', 'wmSecond', clock.now() + 60_000, 'queue');
    await markServedByPerson(store.state, 'wkAccount', 'wmFirst', clock.now(), 'queue');
    await markServedByPerson(store.state, 'wkAccount', 'wmServed', clock.now(), 'staff');
    clock.advance(7 * 60_000);
    await t.admin.services.accounts.create({ username: 'partner1', role: 'partner', partnerId: 'ic-partner', password: 'partner1-password-123', createdBy: 'test' });

    const admin = await login(t.app, ADMIN.username, ADMIN.password);
    const page = await admin.get('/admin/handoffs?lang=en');
    expect(page.statusCode).toBe(200);
    const table = /<table data-testid="handoffs">([\s\S]*?)<\/table>/.exec(page.body)?.[1] ?? '';
    expect([...table.matchAll(/<td>(wm[A-Za-z]+)<\/td>/g)].map((m) => m[1])).toEqual(['wmFirst', 'wmSecond']);
    expect(table).toContain('7 min');
    expect(page.body).toContain('within 15 minutes');

    const partner = await login(t.app, 'partner1', 'partner1-password-123');
    expect((await partner.get('/admin/handoffs')).statusCode).toBe(403);
  });

  it('says when the WeCom channel is off', async () => {
    t = await createAdminTestApp();
    const admin = await login(t.app, ADMIN.username, ADMIN.password);
    const page = await admin.get('/admin/handoffs');
    expect(page.body).toContain('data-testid="handoffs-off"');
  });
});
