import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { buildWebApp } from '../../helpers/webApp.js';
import { fixedKnowledge } from '../../../src/knowledge/knowledgeBase.js';
import { createTestBot } from '../../helpers/testApp.js';

const ALLOWED = 'https://www.wujin.gov.cn';
const OTHER = 'https://evil.example';

let app: App | undefined;
afterEach(async () => {
  await app?.http.close();
  app = undefined;
});

/** The real app with these allowed origins (undefined: the option left out) and an optional chat rate limit. */
async function appWith(webAllowedOrigins?: string[], perMinute?: number): Promise<App> {
  const bot = await createTestBot();
  app = buildWebApp({
    clock: bot.clock,
    store: bot.store,
    knowledge: fixedKnowledge(bot.knowledge), profile: bot.profile,
    ...(webAllowedOrigins ? { webAllowedOrigins } : {}),
    ...(perMinute ? { httpLimits: { chatRateLimit: { perMinute, trustProxy: false } } } : {}),
  });
  return app;
}

function chat(target: App, origin?: string) {
  return target.http.inject({
    method: 'POST',
    url: '/api/chat',
    headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
    payload: JSON.stringify({ user: 'embed-1', text: '你好' }),
  });
}

function preflight(target: App, origin: string) {
  return target.http.inject({
    method: 'OPTIONS',
    url: '/api/chat',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
}

describe('CORS on POST /api/chat (WEB_ALLOWED_ORIGINS)', () => {
  it('echoes an allowed origin, with Vary: Origin, and answers its preflight', async () => {
    const target = await appWith([ALLOWED, 'http://127.0.0.1:8080']);
    const response = await chat(target, ALLOWED);
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(response.headers['vary']).toMatch(/\bOrigin\b/);
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    expect(response.json().replies.length).toBeGreaterThan(0);

    const pre = await preflight(target, ALLOWED);
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(pre.headers['access-control-allow-methods']).toBe('POST');
    expect(pre.headers['access-control-allow-headers']).toBe('content-type');
    expect(Number(pre.headers['access-control-max-age'])).toBeGreaterThan(0);
    expect(pre.headers['vary']).toMatch(/\bOrigin\b/);
  });

  it('gives another origin no CORS header: its preflight is refused and its answers stay unreadable', async () => {
    const target = await appWith([ALLOWED]);
    for (const origin of [OTHER, 'https://www.wujin.gov.cn.evil.example', 'http://www.wujin.gov.cn', 'null']) {
      const pre = await preflight(target, origin);
      expect(pre.statusCode, origin).toBe(403);
      expect(pre.json().error.code).toBe('origin_not_allowed');
      expect(Object.keys(pre.headers).filter((h) => h.startsWith('access-control-')), origin).toEqual([]);
      const response = await chat(target, origin);
      expect(Object.keys(response.headers).filter((h) => h.startsWith('access-control-')), origin).toEqual([]);
      expect(response.headers['vary']).toMatch(/\bOrigin\b/);
    }
  });

  it('by default allows no other origin at all; same-origin and origin-less requests work as before', async () => {
    const target = await appWith();
    const pre = await preflight(target, ALLOWED);
    expect(pre.statusCode).toBe(403);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    expect((await chat(target, ALLOWED)).headers['access-control-allow-origin']).toBeUndefined();
    const plain = await chat(target);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('keeps the header on errors and on 429, so the widget can tell the applicant', async () => {
    const target = await appWith([ALLOWED], 1);
    expect((await chat(target, ALLOWED)).statusCode).toBe(200);
    const limited = await chat(target, ALLOWED);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['access-control-allow-origin']).toBe(ALLOWED);
    const bad = await target.http.inject({ method: 'POST', url: '/api/chat', headers: { 'content-type': 'application/json', origin: ALLOWED }, payload: '{' });
    expect(bad.headers['access-control-allow-origin']).toBe(ALLOWED);
    // Preflights are not counted against the chat rate limit.
    expect((await preflight(target, ALLOWED)).statusCode).toBe(204);
  });

  it('adds no CORS headers to other routes', async () => {
    const target = await appWith([ALLOWED]);
    const response = await target.http.inject({ method: 'GET', url: '/healthz', headers: { origin: ALLOWED } });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('frame-ancestors of the chat page', () => {
  it("is 'self' by default and 'self' plus the allowed origins when set", async () => {
    const csp = (response: { headers: Record<string, unknown> }) => String(response.headers['content-security-policy']);
    const plain = await appWith();
    expect(csp(await plain.http.inject({ method: 'GET', url: '/' }))).toMatch(/frame-ancestors 'self';/);
    await plain.http.close();

    const embedded = await appWith([ALLOWED, 'http://127.0.0.1:8080']);
    const page = await embedded.http.inject({ method: 'GET', url: '/' });
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(csp(page)).toContain(`frame-ancestors 'self' ${ALLOWED} http://127.0.0.1:8080;`);
    expect(csp(page)).toContain("default-src 'self'");
    expect(page.headers['x-frame-options']).toBeUndefined();
  });
});

describe('GET /widget.js', () => {
  it('is served as JavaScript, cacheable, and revalidated with its ETag', async () => {
    const target = await appWith();
    const response = await target.http.inject({ method: 'GET', url: '/widget.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toMatch(/^public, max-age=3600\b/);
    expect(response.body).toContain('api/chat');
    expect(response.body.length).toBeLessThan(16 * 1024);
    const etag = String(response.headers['etag']);
    expect(etag).toMatch(/^"[\w-]+"$/);

    const again = await target.http.inject({ method: 'GET', url: '/widget.js', headers: { 'if-none-match': `W/${etag}` } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers['etag']).toBe(etag);
    const changed = await target.http.inject({ method: 'GET', url: '/widget.js', headers: { 'if-none-match': '"old"' } });
    expect(changed.statusCode).toBe(200);
  });
});
