/**
 * The console's conversation log pages over the real app (in-process store): staff see the
 * turns with what the applicant typed shown as text, partners are refused, a conversation's
 * transcript lists its turns oldest first, an unknown one is 404, and with
 * `CONVERSATION_LOG_DAYS=0` the page says the logs are off and the welcome has no notice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINE_TEXTS } from '../../src/core/texts.js';
import { startConversation } from '../helpers/conversation.js';
import { ADMIN, createAccount, createAdminTestApp, login, type AdminTestApp } from './adminTestKit.js';

const DAY = 24 * 3600_000;
let t: AdminTestApp | undefined;
afterEach(async () => {
  await t?.app.http.close();
  t = undefined;
});

describe('conversation log pages', () => {
  it('show staff the turns as text and the transcript oldest first; partners may not', async () => {
    t = await createAdminTestApp({ conversationLogMs: 30 * DAY });
    const c = startConversation(t.app, 'web-log-routes-0001');
    await c.say('菜单');
    await c.say('<img src=x onerror=alert(1)>买房有补贴吗');
    t.clock.advance(60_000);
    await c.say('人才公寓怎么申请');
    const admin = await login(t.app, ADMIN.username, ADMIN.password);
    const list = await admin.get('/admin/logs');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('<img src=x');
    expect(list.body).toContain('&lt;img src=x onerror=alert(1)&gt;买房有补贴吗');
    expect(list.body.indexOf('人才公寓怎么申请')).toBeLessThan(list.body.indexOf('买房有补贴吗'));
    expect(list.body).toContain('<a href="/admin/content/entries/housing-subsidy" data-testid="log-entry">housing-subsidy.zh</a>');
    const ref = /href="\/admin\/logs\/([\w-]+)" data-testid="log-conversation"/.exec(list.body)![1]!;
    const transcript = await admin.get(`/admin/logs/${ref}`);
    expect(transcript.statusCode).toBe(200);
    expect(transcript.body.match(/data-testid="transcript-turn"/g)).toHaveLength(2);
    expect(transcript.body.indexOf('买房有补贴吗')).toBeLessThan(transcript.body.indexOf('人才公寓怎么申请'));
    expect((await admin.get('/admin/logs/no-such-conversation')).statusCode).toBe(404);
    expect((await admin.get('/admin/logs?fallback=yes')).body).toContain('data-testid="logs-empty"');

    const partner = await createAccount(t, admin, { username: 'ic-staff', role: 'partner', partnerId: 'ic-partner' });
    expect((await partner.get('/admin/logs')).statusCode).toBe(403);
    expect((await partner.get(`/admin/logs/${ref}`)).statusCode).toBe(403);
    expect((await partner.get('/admin/quality')).statusCode).toBe(403);
  });

  it('are off with CONVERSATION_LOG_DAYS=0: nothing logged, no notice in the welcome', async () => {
    t = await createAdminTestApp({ console: { conversationLogMs: 0 } });
    const c = startConversation(t.app, 'web-log-routes-0002');
    await c.say('菜单');
    expect(c.lastText()).not.toContain(ENGINE_TEXTS.zh.logNotice(30).slice(0, 8));
    await c.say('买房有补贴吗');
    expect(await t.store.logs.query({ limit: 10 })).toEqual([]);
    const admin = await login(t.app, ADMIN.username, ADMIN.password);
    expect((await admin.get('/admin/logs')).body).toContain('data-testid="logs-off"');
  });
});
