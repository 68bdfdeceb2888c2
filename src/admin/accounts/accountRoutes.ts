/**
 * Logging in and out, the overview page, one's own password, and (admins) accounts and the
 * audit log.
 *
 * The login form is protected against cross-site submission like every other form: its
 * token sits in a short-lived `HttpOnly; SameSite=Strict` cookie and in the form, and both
 * must match. Failed logins are rate-limited per name and address and audited; a
 * successful one starts a fresh session (no fixation).
 */
import { redirectTo, sendError, sendPage, type AdminRequest, type AdminRouter, type SignedInRequest } from '../shared/adminRouter.js';
import { csrfField, field, formatTime, table } from '../shared/consolePage.js';
import { html, type SafeHtml } from '../shared/html.js';
import { findStaleEntries, type StaleEntry } from '../content/staleEntries.js';
import { checkNewPassword, verifyPassword } from './passwords.js';
import type { AdminServices } from '../shared/adminServices.js';
import { LOGIN_CSRF_COOKIE, parseCookies, randomToken, sameSecret, serializeCookie, SESSION_COOKIE } from './sessions.js';
import { roleSchema, usernameSchema } from './userAccounts.js';
import { countPendingChatMoves } from '../leads/chatMoves.js';
import { routeParam, queryOf } from '../shared/requestParts.js';

/** Registers the account routes. */
export function registerAccountRoutes(router: AdminRouter, s: AdminServices): void {
  const loginPage = (ctx: AdminRequest, status: number, username: string, error?: string) => {
    const token = randomToken();
    void ctx.reply.header('set-cookie', serializeCookie(LOGIN_CSRF_COOKIE, token, { secure: ctx.secure, maxAgeSeconds: 3600 }));
    const asked = queryOf(ctx.request).next;
    const next = typeof asked === 'string' ? asked : ctx.form.get('next') ?? '';
    return sendPage(ctx, {
      title: ctx.t.login.title,
      status,
      ...(error ? { flash: { kind: 'error' as const, text: error } } : {}),
      body: html`<form method="post" action="/admin/login" class="card narrow" data-testid="login-form">
        <input type="hidden" name="_csrf" value="${token}"><input type="hidden" name="next" value="${next}">
        ${field({ name: 'username', label: ctx.t.login.username, value: username, autocomplete: 'username', required: true })}
        ${field({ name: 'password', label: ctx.t.login.password, value: '', type: 'password', autocomplete: 'current-password', required: true })}
        <button type="submit" data-testid="login-submit">${ctx.t.login.submit}</button></form>`,
    });
  };

  router.get('/login', 'public', async (ctx) => {
    if (ctx.user) return ctx.reply.redirect('/admin', 303);
    return loginPage(ctx, 200, '');
  });

  router.post('/login', 'public', async (ctx) => {
    const username = (ctx.form.get('username') ?? '').trim().toLowerCase().slice(0, 64);
    const password = ctx.form.get('password') ?? '';
    if (!sameSecret(ctx.form.get('_csrf') ?? undefined, parseCookies(ctx.request.headers.cookie)[LOGIN_CSRF_COOKIE])) {
      return loginPage(ctx, 403, username, ctx.t.errors.csrf);
    }
    const wait = await s.limiter.blockedFor(username, ctx.ip);
    if (wait > 0) {
      await s.audit.record({ actor: null, action: 'login.blocked', target: username, ip: ctx.ip });
      void ctx.reply.header('retry-after', String(Math.ceil(wait / 1000)));
      return loginPage(ctx, 429, username, ctx.t.login.blocked(Math.ceil(wait / 1000)));
    }
    const user = await s.accounts.authenticate(username, password);
    if (!user) {
      await s.limiter.failed(username, ctx.ip);
      await s.audit.record({ actor: null, action: 'login.failure', target: username, ip: ctx.ip });
      return loginPage(ctx, 401, username, ctx.t.login.failed);
    }
    await s.limiter.succeeded(username, ctx.ip);
    await s.sessions.destroy(parseCookies(ctx.request.headers.cookie)[SESSION_COOKIE]);
    const { token } = await s.sessions.create(user);
    await s.audit.record({ actor: user.username, action: 'login.success', target: user.role, ip: ctx.ip });
    const next = ctx.form.get('next') ?? '';
    const target = /^\/admin(?:\/[\w\-./%]*)?$/.test(next) && !next.includes('..') ? next : '/admin';
    void ctx.reply.header('set-cookie', [
      serializeCookie(SESSION_COOKIE, token, { secure: ctx.secure }),
      serializeCookie(LOGIN_CSRF_COOKIE, '', { secure: ctx.secure, maxAgeSeconds: 0 }),
    ]);
    return ctx.reply.redirect(target, 303);
  });

  router.post('/logout', 'any', async (ctx) => {
    await s.sessions.destroy(ctx.token);
    await s.record(ctx, 'logout');
    void ctx.reply.header('set-cookie', serializeCookie(SESSION_COOKIE, '', { secure: ctx.secure, maxAgeSeconds: 0 }));
    return redirectTo(ctx, '/admin/login', 'loggedOut');
  });

  router.get('/', 'any', async (ctx) => {
    if (ctx.user.role === 'partner') return ctx.reply.redirect('/admin/portal', 303);
    const t = ctx.t.dashboard;
    const [working, inbox, leads] = await Promise.all([s.content.working(), s.inbox.list(), s.store.leads.listLeads()]);
    const draft = working.draft;
    const openGroups = inbox.filter((g) => g.status === 'open').length;
    const recent = leads.filter((l) => l.createdAt > s.clock.now() - 7 * 24 * 3600_000).length;
    const stale = findStaleEntries(s.buildCached(working.files).content.entries, s.clock.now(), s.profile.timeZone, s.contentStaleDays);
    const movedChats = await countPendingChatMoves(s);
    return sendPage(ctx, {
      title: t.title,
      body: html`<ul class="cards">
        <li><a href="/admin/content/history">${t.published(s.knowledge.revision)}</a></li>
        <li><a href="/admin/content/draft">${draft ? t.draft : t.noDraft}</a></li>
        <li><a href="/admin/inbox">${t.openInbox(openGroups)}</a></li>
        <li><a href="/admin/leads">${t.recentLeads(recent)}</a></li>
        ${movedChats > 0 && html`<li data-testid="dashboard-chat-moves"><a href="/admin/leads"><strong>${ctx.t.leadWords.chatMoves.title} (${movedChats})</strong></a></li>`}</ul>
        ${staleList(ctx, stale, s.contentStaleDays)}`,
    });
  });

  const accountPage = (ctx: SignedInRequest, status = 200, errors: Record<string, string[]> = {}) =>
    sendPage(ctx, {
      title: ctx.t.account.title,
      status,
      body: html`<form method="post" action="/admin/account" class="card narrow">${csrfField(ctx.viewer.csrf)}
        ${field({ name: 'current', label: ctx.t.account.current, value: '', type: 'password', errors, autocomplete: 'current-password' })}
        ${field({ name: 'next', label: ctx.t.account.next, value: '', type: 'password', errors, autocomplete: 'new-password' })}
        <button type="submit">${ctx.t.account.save}</button></form>`,
    });
  router.get('/account', 'any', async (ctx) => accountPage(ctx));
  router.post('/account', 'any', async (ctx) => {
    if (!(await verifyPassword(ctx.form.get('current') ?? '', ctx.user.passwordHash))) return accountPage(ctx, 400, { current: [ctx.t.account.wrong] });
    const next = ctx.form.get('next') ?? '';
    if (checkNewPassword(next)) return accountPage(ctx, 400, { next: [ctx.t.users.tooShort] });
    await s.accounts.setPassword(ctx.user.username, next);
    await s.record(ctx, 'account.password_changed', ctx.user.username);
    // The password change ended this session too; start a new one.
    const user = await s.accounts.get(ctx.user.username);
    if (user) {
      const { token } = await s.sessions.create(user);
      await s.sessions.destroy(ctx.token);
      void ctx.reply.header('set-cookie', serializeCookie(SESSION_COOKIE, token, { secure: ctx.secure }));
    }
    return redirectTo(ctx, '/admin/account', 'passwordChanged');
  });

  registerUserAdministration(router, s);
}

function registerUserAdministration(router: AdminRouter, s: AdminServices): void {
  const usersPage = async (ctx: SignedInRequest, status = 200, errors: Record<string, string[]> = {}, values: Record<string, string> = {}) => {
    const t = ctx.t.users;
    const users = await s.accounts.list();
    const partnerChoices: Array<[string, string]> = [['', '—'], ...s.partners.partners.map((p): [string, string] => [p.id, `${p.name} (${p.id})`])];
    const roleChoices = roleSchema.options.map((r): [string, string] => [r, ctx.t.roles[r]]);
    const rows = users.map((u) => [
      u.username,
      ctx.t.roles[u.role],
      u.partnerId ? `${s.partners.get(u.partnerId)?.name ?? u.partnerId} (${u.partnerId})` : '',
      `${u.createdBy} · ${formatTime(u.createdAt, s.profile.timeZone)}`,
      u.disabled ? t.disabled : '',
      html`<form method="post" action="/admin/users/${encodeURIComponent(u.username)}/password" class="inline">${csrfField(ctx.viewer.csrf)}<input type="password" name="password" aria-label="${t.newPassword}" placeholder="${t.newPassword}" autocomplete="new-password"><button type="submit">${t.resetPassword}</button></form>
        <form method="post" action="/admin/users/${encodeURIComponent(u.username)}/${u.disabled ? 'enable' : 'disable'}" class="inline">${csrfField(ctx.viewer.csrf)}<button type="submit">${u.disabled ? t.enable : t.disable}</button></form>`,
    ]);
    return sendPage(ctx, {
      title: t.title,
      section: 'users',
      status,
      ...(errors._ ? { flash: { kind: 'error' as const, text: errors._.join(' ') } } : {}),
      body: html`${table([t.username, t.role, t.partner, t.createdBy, '', ''], rows, 'users')}
        <h2>${t.create}</h2>
        <form method="post" action="/admin/users" class="card">${csrfField(ctx.viewer.csrf)}
        ${field({ name: 'username', label: t.username, value: values.username ?? '', errors, autocomplete: 'off' })}
        ${field({ name: 'role', label: t.role, value: values.role ?? 'editor', choices: roleChoices, errors })}
        ${field({ name: 'partnerId', label: t.partner, value: values.partnerId ?? '', choices: partnerChoices, errors })}
        ${field({ name: 'password', label: t.password, value: '', type: 'password', errors, autocomplete: 'new-password' })}
        <button type="submit">${t.create}</button></form>`,
    });
  };
  router.get('/users', ['admin'], async (ctx) => usersPage(ctx));
  router.post('/users', ['admin'], async (ctx) => {
    const t = ctx.t.users;
    const values = { username: ctx.form.get('username') ?? '', role: ctx.form.get('role') ?? '', partnerId: ctx.form.get('partnerId') ?? '' };
    const errors: Record<string, string[]> = {};
    const name = usernameSchema.safeParse(values.username);
    if (!name.success) errors.username = name.error.issues.map((i) => i.message);
    const role = roleSchema.safeParse(values.role);
    if (!role.success) errors.role = [ctx.t.errors.badRequest];
    if (role.success && role.data === 'partner' && !s.partners.get(values.partnerId)) errors.partnerId = [t.partnerRequired];
    const password = ctx.form.get('password') ?? '';
    if (checkNewPassword(password)) errors.password = [t.tooShort];
    if (Object.keys(errors).length || !name.success || !role.success) return usersPage(ctx, 400, errors, values);
    const created = await s.accounts.create({ username: name.data, role: role.data, password, createdBy: ctx.user.username, ...(role.data === 'partner' ? { partnerId: values.partnerId } : {}) });
    if (!created) return usersPage(ctx, 409, { username: [t.taken] }, values);
    await s.record(ctx, 'user.created', name.data, role.data === 'partner' ? `partner ${values.partnerId}` : role.data);
    return redirectTo(ctx, '/admin/users', 'userCreated');
  });
  router.post('/users/:username/password', ['admin'], async (ctx) => {
    const username = routeParam(ctx.request, 'username');
    const password = ctx.form.get('password') ?? '';
    if (checkNewPassword(password)) return usersPage(ctx, 400, { _: [ctx.t.users.tooShort] });
    if (!(await s.accounts.setPassword(username, password))) return sendError(ctx, 404, ctx.t.errors.notFound);
    await s.record(ctx, 'user.password_reset', username);
    return redirectTo(ctx, '/admin/users', 'passwordChanged');
  });
  for (const action of ['disable', 'enable'] as const) {
    router.post(`/users/:username/${action}`, ['admin'], async (ctx) => {
      const username = routeParam(ctx.request, 'username');
      if (action === 'disable' && username === ctx.user.username) return usersPage(ctx, 400, { _: [ctx.t.users.self] });
      if (!(await s.accounts.setDisabled(username, action === 'disable'))) return sendError(ctx, 404, ctx.t.errors.notFound);
      await s.record(ctx, `user.${action}d`, username);
      return redirectTo(ctx, '/admin/users', action === 'disable' ? 'userDisabled' : 'userEnabled');
    });
  }

  router.get('/audit', ['admin'], async (ctx) => {
    const t = ctx.t.audit;
    const query = queryOf(ctx.request);
    const prefix = typeof query.action === 'string' ? query.action.slice(0, 64) : '';
    const entries = await s.audit.list({ limit: 500, ...(prefix ? { actionPrefix: prefix } : {}) });
    return sendPage(ctx, {
      title: t.title,
      section: 'audit',
      body: html`<form method="get" action="/admin/audit" class="filters">${field({ name: 'action', label: t.filter, value: prefix })}<button type="submit">${ctx.t.leads.apply}</button></form>
        ${table([t.at, t.actor, t.action, t.target, t.detail, t.ip], entries.map((e) => [formatTime(e.at, s.profile.timeZone), e.actor ?? '—', e.action, e.target ?? '', e.detail ?? '', e.ip ?? '']), 'audit')}`,
    });
  });
}

/** The home page's list of stale entries (at most ten, the oldest first), each linked to its edit page. */
function staleList(ctx: SignedInRequest, stale: readonly StaleEntry[], days: number): SafeHtml {
  const t = ctx.t.dashboard;
  if (stale.length === 0) return html`<p class="note" data-testid="stale-none">${t.staleNone(days)}</p>`;
  return html`<section class="flash warn" data-testid="stale-entries"><p>${t.stale(stale.length, days)}</p>
    <ul>${stale.slice(0, 10).map((e) => html`<li><a href="/admin/content/entries/${encodeURIComponent(e.slug)}">${e.title}</a> <small>(${e.id} · ${e.asOf})</small></li>`)}</ul>
    ${stale.length > 10 && html`<p><a href="/admin/content?stale=1">${t.staleAll}</a></p>`}</section>`;
}
