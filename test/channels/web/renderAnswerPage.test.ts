/**
 * The chat without JavaScript: `POST /chat` form posts against the real app, answered with a
 * server-rendered page (escaped text, source, buttons as forms, the conversation so far).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { buildWebApp } from '../../helpers/webApp.js';
import { fixedKnowledge } from '../../../src/knowledge/knowledgeBase.js';
import { readPageTitle, renderReplyText } from '../../../src/channels/web/renderAnswerPage.js';
import { createTestApp, createTestBot } from '../../helpers/testApp.js';

let app: App | undefined;
afterEach(async () => {
  await app?.http.close();
  app = undefined;
});

async function postForm(fields: Record<string, string>) {
  app ??= (await createTestApp()).app;
  return app.http.inject({ method: 'POST', url: '/chat', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
}

/** The value of the first hidden `user` field of a page. */
const userOf = (body: string) => /name="user" value="([^"]+)"/.exec(body)?.[1];

describe('POST /chat (no JavaScript)', () => {
  it('answers a question with a page: the answer, its source, the question form carrying a new user id', async () => {
    const response = await postForm({ text: '买房有补贴吗' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("form-action 'self'");
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toContain('<div class="message user">买房有补贴吗</div>');
    expect(response.body).toContain('50万');
    expect(response.body).toMatch(/data-testid="source">来源：购房补贴.*2024-10-23/);
    expect(userOf(response.body)).toMatch(/^web-[0-9a-f-]{36}$/);
    expect(response.body).toContain('<form id="composer" method="post" action="/chat"');
    // Named like the chat page: its title comes from the district profile.
    const page = await app!.http.inject({ method: 'GET', url: '/' });
    expect(response.body).toContain(`<title>${readPageTitle(page.body)}</title>`);
    expect(readPageTitle(page.body)).not.toContain('{{');
    expect(readPageTitle('<html><title> 以赛聚才 </title>')).toBe('以赛聚才');
  });

  it('goes on with the same user: buttons are forms, earlier ones disabled, the conversation shown', async () => {
    const first = await postForm({ text: '你好' });
    const user = userOf(first.body)!;
    const action = /name="action" value="(topic:calendar)"/.exec(first.body)?.[1];
    expect(action).toBe('topic:calendar');
    const second = await postForm({ user, action: action! });
    expect(second.body).toContain('长三角邀请赛');
    expect(second.body).toContain('<div class="message user">你好</div>');
    expect(second.body).toMatch(/<button type="button" disabled class="used">赛事日历<\/button>/);
    expect(userOf(second.body)).toBe(user);
    const third = await postForm({ user, text: 'Which industries do you focus on?' });
    expect(third.body).toContain('<html lang="en">');
    expect(third.body).toContain('长三角邀请赛');
    expect(third.body).toMatch(/new energy/i);
  });

  it('counts towards the chat rate limit like POST /api/chat', async () => {
    const bot = await createTestBot();
    app = buildWebApp({ clock: bot.clock, store: bot.store, knowledge: fixedKnowledge(bot.knowledge), profile: bot.profile, httpLimits: { chatRateLimit: { perMinute: 2, trustProxy: false } } });
    expect((await postForm({ text: '你好' })).statusCode).toBe(200);
    expect((await app.http.inject({ method: 'POST', url: '/api/chat', payload: { user: 'u1', text: '你好' } })).statusCode).toBe(200);
    const limited = await postForm({ text: '你好' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('escapes what it shows and refuses an empty question', async () => {
    const response = await postForm({ text: '<script>alert(1)</script>买房有补贴吗' });
    expect(response.body).not.toContain('<script>alert(1)</script>');
    expect(response.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect((await postForm({ text: '   ' })).statusCode).toBe(400);
    expect(renderReplyText('**a** <b>\n- x\n- y\n\nz')).toBe('<p><strong>a</strong> &lt;b&gt;</p><ul><li>x</li><li>y</li></ul><p>z</p>');
  });
});
