/**
 * Access control of the console, walked over every declared route: anonymous users are sent
 * to the login page (GET) or refused (other methods), wrong roles get 403, every POST needs
 * the session's CSRF token; login is rate-limited and audited; sessions end on logout,
 * expiry, password change and disabling; cookies and headers are what the design says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteInfo } from '../../src/admin/shared/adminRouter.js';
import { ADMIN, createAccount, createAdminTestApp, csrfOf, formBody, login, makeLead, type AdminTestApp, type ConsoleClient } from './adminTestKit.js';

let t: AdminTestApp;
let admin: ConsoleClient;
let editor: ConsoleClient;
let partner: ConsoleClient;
let leadId = '';

beforeAll(async () => {
  t = await createAdminTestApp();
  admin = await login(t.app, ADMIN.username, ADMIN.password);
  editor = await createAccount(t, admin, { username: 'ed', role: 'editor' });
  partner = await createAccount(t, admin, { username: 'icp', role: 'partner', partnerId: 'ic-partner' });
  leadId = (await makeLead(t)).id;
});
afterAll(async () => {
  await t.app.http.close();
});

/** A concrete URL for a route pattern. */
function urlOf(route: RouteInfo): string {
  return route.url
    .replace(':slug', 'housing-subsidy')
    .replace(':number', '0')
    .replace(':username', 'ed')
    .replace(':id', route.url.includes('/leads/') ? leadId : 'xian-station-2024');
}

const protectedRoutes = () => t.admin.routes.filter((r) => r.access !== 'public');

describe('every console route checks who is asking', () => {
  it('declares the console routes, all under /admin', () => {
    expect(t.admin.routes.length).toBeGreaterThan(35);
    for (const route of t.admin.routes) expect(route.url.startsWith('/admin')).toBe(true);
    expect(t.admin.routes.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.url}`).sort()).toEqual(['GET /admin/login', 'POST /admin/login']);
  });

  it('sends anonymous GETs to the login page and refuses anonymous POSTs', async () => {
    for (const route of protectedRoutes()) {
      const response = await t.app.http.inject({ method: route.method, url: urlOf(route), ...(route.method === 'POST' ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=b' } : {}) });
      if (route.method === 'GET') {
        expect(response.statusCode, `${route.method} ${route.url}`).toBe(303);
        expect(response.headers.location, route.url).toMatch(/^\/admin\/login\?next=/);
      } else {
        expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      }
    }
  });

  it('refuses a forged or expired session cookie like no session', async () => {
    const response = await t.app.http.inject({ method: 'GET', url: '/admin/content', headers: { cookie: 'tb_admin=forged-token' } });
    expect(response.statusCode).toBe(303);
  });

  it('answers 403 to every role a route is not for', async () => {
    const clients = { admin: () => admin, editor: () => editor, partner: () => partner };
    let checked = 0;
    for (const route of protectedRoutes()) {
      if (route.access === 'any') continue;
      for (const role of ['admin', 'editor', 'partner'] as const) {
        if (route.access.includes(role)) continue;
        const client = clients[role]();
        const response = route.method === 'GET' ? await client.get(urlOf(route)) : await client.post(urlOf(route), { status: 'landed', note: 'x' });
        expect(response.statusCode, `${role} ${route.method} ${route.url}`).toBe(403);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('lets partners reach only the portal', async () => {
    const staffOnly = protectedRoutes().filter((r) => r.access !== 'any' && !r.access.includes('partner'));
    expect(staffOnly.length).toBeGreaterThan(30);
    expect((await partner.get('/admin')).headers.location).toBe('/admin/portal');
    expect((await partner.get('/admin/portal')).statusCode).toBe(200);
  });

  it('keeps accounts and the audit log to admins', async () => {
    expect((await editor.get('/admin/users')).statusCode).toBe(403);
    expect((await editor.get('/admin/audit')).statusCode).toBe(403);
    expect((await admin.get('/admin/users')).statusCode).toBe(200);
  });
});

describe('CSRF', () => {
  it('refuses every POST without the session token or with a wrong one, and changes nothing', async () => {
    const postRoutes = protectedRoutes().filter((r) => r.method === 'POST');
    expect(postRoutes.length).toBeGreaterThan(20);
    for (const route of postRoutes) {
      const client = route.access === 'any' ? editor : route.access.includes('editor') ? editor : route.access.includes('partner') ? partner : admin;
      for (const token of [undefined, 'not-the-token', `${client.csrf.slice(0, -1)}x`]) {
        const response = await t.app.http.inject({
          method: 'POST',
          url: urlOf(route),
          headers: { cookie: client.cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: formBody({ ...(token ? { _csrf: token } : {}), username: 'mallory', role: 'admin', password: 'mallory-password-1' }),
        });
        expect(response.statusCode, `${route.method} ${route.url} with ${token ?? 'no token'}`).toBe(403);
        expect(response.body).toContain('表单已过期');
      }
    }
    expect(await t.admin.services.accounts.get('mallory')).toBeUndefined();
    expect((await t.admin.services.content.draft())).toBeUndefined();
  });

  it('accepts the token in the x-csrf-token header too', async () => {
    const response = await t.app.http.inject({
      method: 'POST',
      url: '/admin/content/preview',
      headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': editor.csrf },
      payload: formBody({ previewQuestion: '买房有补贴吗', kind: 'none' }),
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('50万');
  });

  it('protects the login form with its own token', async () => {
    const response = await t.app.http.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ _csrf: 'guess', username: ADMIN.username, password: ADMIN.password }),
    });
    expect(response.statusCode).toBe(403);
    expect(response.headers['set-cookie']?.toString() ?? '').not.toContain('tb_admin=');
  });
});

describe('login and sessions', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie scoped to /admin, and security headers', async () => {
    const page = await t.app.http.inject({ method: 'GET', url: '/admin/login' });
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['cache-control']).toBe('no-store');
    const response = await t.app.http.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { cookie: String(page.headers['set-cookie']).split(';')[0]!, 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ _csrf: csrfOf(page.body), username: 'ED', password: 'ed-password-123', next: '/admin/inbox' }),
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/admin/inbox');
    const cookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((c) => c.startsWith('tb_admin='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/admin/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('never redirects a login to another site', async () => {
    const page = await t.app.http.inject({ method: 'GET', url: '/admin/login' });
    for (const next of ['//evil.example/admin', 'https://evil.example/', '/admin/../evil']) {
      const response = await t.app.http.inject({
        method: 'POST',
        url: '/admin/login',
        headers: { cookie: String(page.headers['set-cookie']).split(';')[0]!, 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ _csrf: csrfOf(page.body), username: 'ed', password: 'ed-password-123', next }),
      });
      expect(response.headers.location).toBe('/admin');
    }
  });

  it('marks cookies Secure behind TLS: an https PUBLIC_BASE_URL, or X-Forwarded-Proto from a trusted proxy', async () => {
    const https = await createAdminTestApp({ console: { publicBaseUrl: 'https://talent.example.gov.cn' } });
    const proxied = await createAdminTestApp({ console: { trustProxy: true } });
    try {
      const a = await https.app.http.inject({ method: 'GET', url: '/admin/login' });
      expect(String(a.headers['set-cookie'])).toMatch(/Secure/);
      const b = await proxied.app.http.inject({ method: 'GET', url: '/admin/login', headers: { 'x-forwarded-proto': 'https' } });
      expect(String(b.headers['set-cookie'])).toMatch(/Secure/);
      const c = await t.app.http.inject({ method: 'GET', url: '/admin/login', headers: { 'x-forwarded-proto': 'https' } });
      expect(String(c.headers['set-cookie'])).not.toMatch(/Secure/);
    } finally {
      await https.app.http.close();
      await proxied.app.http.close();
    }
  });

  it('rate-limits failed logins per user name, audits them, and lets the user in after the window', async () => {
    await createAccount(t, admin, { username: 'victim', role: 'editor' });
    for (let i = 0; i < 5; i++) await expect(login(t.app, 'victim', `wrong-password-${i}`)).rejects.toThrow(/401/);
    await expect(login(t.app, 'victim', 'victim-password-123')).rejects.toThrow(/429/);
    const failures = await t.admin.services.audit.list({ actionPrefix: 'login.' });
    expect(failures.filter((e) => e.action === 'login.failure' && e.target === 'victim')).toHaveLength(5);
    expect(failures.some((e) => e.action === 'login.blocked' && e.target === 'victim')).toBe(true);
    t.clock.advance(16 * 60_000);
    await expect(login(t.app, 'victim', 'victim-password-123')).resolves.toBeDefined();
  });

  it('throttles an attacker with growing delays without locking the account out for its owner elsewhere', async () => {
    await createAccount(t, admin, { username: 'owner', role: 'editor' });
    const attacker = '203.0.113.66';
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      await expect(login(t.app, 'owner', `wrong-password-${i}`, attacker)).rejects.toThrow(/401/);
      waits.push(await t.admin.services.limiter.blockedFor('owner', attacker));
      t.clock.advance(waits.at(-1)!);
    }
    expect(waits.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(waits.slice(4)).toEqual([1000, 2000, 4000, 8000]);
    await expect(login(t.app, 'owner', 'wrong-password-x', attacker)).rejects.toThrow(/401/);
    await expect(login(t.app, 'owner', 'owner-password-123', attacker)).rejects.toThrow(/429/);
    // The owner, from their own address, is not held up at all.
    await expect(login(t.app, 'owner', 'owner-password-123', '198.51.100.7')).resolves.toBeDefined();
  });

  it('ends the session on logout', async () => {
    const client = await login(t.app, 'ed', 'ed-password-123');
    expect((await client.post('/admin/logout')).statusCode).toBe(303);
    expect((await client.get('/admin/content')).statusCode).toBe(303);
  });

  it('ends sessions after ADMIN_SESSION_HOURS', async () => {
    const client = await login(t.app, 'ed', 'ed-password-123');
    t.clock.advance(12 * 3600_000 + 1000);
    expect((await client.get('/admin/content')).statusCode).toBe(303);
    // The shared sessions expired too.
    admin = await login(t.app, ADMIN.username, ADMIN.password);
    editor = await login(t.app, 'ed', 'ed-password-123');
  });

  it('ends other sessions when a password changes, and all sessions of a disabled account', async () => {
    const first = await createAccount(t, admin, { username: 'changer', role: 'editor' });
    const second = await login(t.app, 'changer', 'changer-password-123');
    const changed = await first.post('/admin/account', { current: 'changer-password-123', next: 'changer-new-password-1' });
    expect(changed.statusCode).toBe(303);
    first.cookie = String(changed.headers['set-cookie']).split(';')[0]!;
    expect((await first.get('/admin/content')).statusCode).toBe(200);
    expect((await second.get('/admin/content')).statusCode).toBe(303);
    expect((await admin.post('/admin/users/changer/disable')).statusCode).toBe(303);
    expect((await first.get('/admin/content')).statusCode).toBe(303);
    await expect(login(t.app, 'changer', 'changer-new-password-1')).rejects.toThrow(/401/);
  });

  it('keeps the bootstrap admin an enabled admin whose password is ADMIN_PASSWORD', async () => {
    await t.admin.services.accounts.setDisabled(ADMIN.username, true);
    await t.admin.services.accounts.bootstrap(ADMIN.username, ADMIN.password);
    expect(await t.admin.services.accounts.get(ADMIN.username)).toMatchObject({ role: 'admin', disabled: false });
    expect((await t.admin.services.accounts.get(ADMIN.username))!.passwordHash).toMatch(/^scrypt\$1024\$8\$1\$/);
  });

  it('audits logins with who and from where', async () => {
    const entries = await t.admin.services.audit.list({ actionPrefix: 'login.success' });
    expect(entries.some((e) => e.actor === 'ed' && e.ip)).toBe(true);
  });

  it('switches the console to English and remembers it', async () => {
    const en = await editor.get('/admin/content?lang=en');
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Entries');
    expect(String(en.headers['set-cookie'])).toContain('tb_admin_lang=en');
    expect((await t.app.http.inject({ method: 'GET', url: '/admin/login' })).body).toContain('登录');
  });
});
