/**
 * How every console route is declared and guarded. A route names who may open it —
 * `public` (login page, assets), `any` signed-in account, or a list of roles — and the
 * wrapper enforces it on the server before the handler runs:
 *
 * 1. the session cookie is read and the account re-checked (disabled accounts and sessions
 *    from before a password change are refused);
 * 2. anonymous: GET → 303 to the login page, anything else → 401;
 * 3. wrong role → 403;
 * 4. every POST needs the session's CSRF token (`_csrf` form field or `x-csrf-token`
 *    header), compared in constant time → 403 otherwise.
 *
 * The list of declared routes is kept, so a test can walk every one of them.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Language } from '../../shared/language.js';
import { renderPage, type Viewer } from './consolePage.js';
import { consoleTexts, type ConsoleTexts, type FlashKey } from './texts/consoleTexts.js';
import { html, type HtmlValue } from './html.js';
import { parseMultipart, type MultipartPart } from './parseMultipart.js';
import { LANGUAGE_COOKIE, parseCookies, sameSecret, serializeCookie, SESSION_COOKIE, type Session, type Sessions } from '../accounts/sessions.js';
import type { Role, UserAccounts, UserRecord } from '../accounts/userAccounts.js';
import { queryOf } from './requestParts.js';

/** Who may open a route. */
export type Access = 'public' | 'any' | readonly Role[];

/** A declared route. */
export interface RouteInfo {
  method: 'GET' | 'POST';
  url: string;
  access: Access;
}

/** One request as handlers see it. */
export interface AdminRequest {
  request: FastifyRequest;
  reply: FastifyReply;
  lang: Language;
  t: ConsoleTexts;
  /** The posted form (urlencoded, or the text fields of a multipart form); empty for GET. */
  form: URLSearchParams;
  /** The files of a multipart form. */
  files?: MultipartPart[];
  /** The client's address (the proxy's last hop when proxies are trusted). */
  ip: string;
  /** True when the request came over TLS (cookies get `Secure`). */
  secure: boolean;
  /** The message named by `?done=` after a redirect. */
  flash?: { kind: 'ok' | 'error'; text: string };
  user?: UserRecord;
  session?: Session;
  /** The raw session token (to log out). */
  token?: string;
  viewer?: Viewer;
}

/** A request of a signed-in account. */
export interface SignedInRequest extends AdminRequest {
  user: UserRecord;
  session: Session;
  viewer: Viewer;
}

type Handler<R> = (ctx: R) => Promise<unknown>;

/** Declares routes. */
export interface AdminRouter {
  get(url: string, access: 'public', handler: Handler<AdminRequest>): void;
  get(url: string, access: 'any' | readonly Role[], handler: Handler<SignedInRequest>): void;
  post(url: string, access: 'public', handler: Handler<AdminRequest>, options?: { bodyLimit?: number }): void;
  post(url: string, access: 'any' | readonly Role[], handler: Handler<SignedInRequest>, options?: { bodyLimit?: number }): void;
}

/** What the guard needs. */
export interface GuardDependencies {
  accounts: UserAccounts;
  sessions: Sessions;
  /** The partner's display name for a partner account. */
  partnerName(id: string | undefined): string | undefined;
  /** True when PUBLIC_BASE_URL is https. */
  httpsBaseUrl: boolean;
  /** Trust X-Forwarded-Proto / X-Forwarded-For from a reverse proxy. */
  trustProxy: boolean;
}

/**
 * Creates the router on a Fastify instance (the console's encapsulated plugin).
 *
 * @param app - the plugin's instance
 * @param deps - see {@link GuardDependencies}
 * @param routes - receives every declared route
 */
export function createAdminRouter(app: FastifyInstance, deps: GuardDependencies, routes: RouteInfo[]): AdminRouter {
  const declare = (method: 'GET' | 'POST', url: string, access: Access, handler: Handler<never>, options: { bodyLimit?: number } = {}) => {
    routes.push({ method, url, access });
    app.route({
      method,
      url,
      ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
      handler: async (request, reply) => {
        const ctx = await describeRequest(request, reply, deps);
        if (access !== 'public') {
          if (!ctx.user || !ctx.session || !ctx.viewer) {
            if (method === 'GET') return reply.redirect(`/admin/login?next=${encodeURIComponent(request.url.split('?')[0] ?? '/admin')}`, 303);
            return sendPage(ctx, { title: ctx.t.login.title, status: 401, body: html`<p>${ctx.t.errors.loginRequired} <a href="/admin/login">${ctx.t.login.title}</a></p>` });
          }
          if (access !== 'any' && !access.includes(ctx.user.role)) return sendError(ctx, 403, ctx.t.errors.forbidden);
          if (method === 'POST') {
            const header = request.headers['x-csrf-token'];
            const token = ctx.form.get('_csrf') ?? (typeof header === 'string' ? header : undefined);
            if (!sameSecret(token, ctx.session.csrf)) return sendError(ctx, 403, ctx.t.errors.csrf);
          }
        }
        return (handler as Handler<AdminRequest>)(ctx);
      },
    });
  };
  return {
    get: (url: string, access: Access, handler: Handler<never>) => declare('GET', url, access, handler),
    post: (url: string, access: Access, handler: Handler<never>, options?: { bodyLimit?: number }) => declare('POST', url, access, handler, options),
  } as AdminRouter;
}

async function describeRequest(request: FastifyRequest, reply: FastifyReply, deps: GuardDependencies): Promise<AdminRequest> {
  const cookies = parseCookies(request.headers.cookie);
  const query = queryOf(request);
  const forwardedProto = deps.trustProxy ? String(request.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim() : undefined;
  const secure = deps.httpsBaseUrl || forwardedProto === 'https';
  const forwardedFor = deps.trustProxy ? String(request.headers['x-forwarded-for'] ?? '').split(',').map((s) => s.trim()).filter(Boolean).pop() : undefined;
  const ip = forwardedFor ?? request.socket.remoteAddress ?? request.ip;
  let lang: Language = cookies[LANGUAGE_COOKIE] === 'en' ? 'en' : 'zh';
  if (request.method === 'GET' && (query.lang === 'en' || query.lang === 'zh')) {
    lang = query.lang;
    void reply.header('set-cookie', serializeCookie(LANGUAGE_COOKIE, lang, { secure, maxAgeSeconds: 365 * 24 * 3600 }));
  }
  const t = consoleTexts(lang);
  let form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
  let files: MultipartPart[] | undefined;
  const contentType = request.headers['content-type'] ?? '';
  if (Buffer.isBuffer(request.body) && /^multipart\/form-data/i.test(contentType)) {
    const parts = parseMultipart(request.body, contentType);
    form = new URLSearchParams();
    for (const part of parts) if (part.filename === undefined) form.append(part.name, part.data.toString('utf8'));
    files = parts.filter((part) => part.filename !== undefined);
  }
  const done = typeof query.done === 'string' ? query.done : undefined;
  const ctx: AdminRequest = { request, reply, lang, t, form, ip, secure, ...(files ? { files } : {}), ...(done && done in t.flash ? { flash: { kind: 'ok', text: t.flash[done as FlashKey] } } : {}) };

  const token = cookies[SESSION_COOKIE];
  const session = await deps.sessions.read(token);
  if (!session) return ctx;
  const user = await deps.accounts.get(session.username);
  if (!user || user.disabled || user.passwordGeneration !== session.passwordGeneration) {
    await deps.sessions.destroy(token);
    return ctx;
  }
  const partnerName = user.role === 'partner' ? deps.partnerName(user.partnerId) : undefined;
  return { ...ctx, user, session, token, viewer: { username: user.username, role: user.role, csrf: session.csrf, ...(partnerName ? { partnerName } : {}) } };
}

/** The URL of the current page in the other language (the console home after a POST). */
export function otherLanguageHref(ctx: AdminRequest): string {
  const other = ctx.lang === 'zh' ? 'en' : 'zh';
  if (ctx.request.method !== 'GET') return `/admin?lang=${other}`;
  const url = new URL(ctx.request.url, 'http://console.invalid');
  url.searchParams.set('lang', other);
  url.searchParams.delete('done');
  return `${url.pathname}${url.search}`;
}

/** Sends a console page. */
export function sendPage(ctx: AdminRequest, page: { title: string; body: HtmlValue; section?: string; status?: number; flash?: { kind: 'ok' | 'error'; text: string } }): FastifyReply {
  const flash = page.flash ?? ctx.flash;
  return ctx.reply
    .status(page.status ?? 200)
    .type('text/html; charset=utf-8')
    .send(
      renderPage({
        t: ctx.t,
        lang: ctx.lang,
        title: page.title,
        body: page.body,
        switchLanguageHref: otherLanguageHref(ctx),
        ...(ctx.viewer ? { viewer: ctx.viewer } : {}),
        ...(page.section ? { section: page.section } : {}),
        ...(flash ? { flash } : {}),
      }),
    );
}

/** Sends an error page. */
export function sendError(ctx: AdminRequest, status: number, message: string): FastifyReply {
  return sendPage(ctx, { title: String(status), status, body: html`<p class="error" data-testid="error">${message}</p><p><a href="/admin">${ctx.t.consoleName}</a></p>` });
}

/** Redirects after a POST (303), optionally with a flash message. */
export function redirectTo(ctx: AdminRequest, location: string, done?: FlashKey): FastifyReply {
  const target = done ? `${location}${location.includes('?') ? '&' : '?'}done=${done}` : location;
  return ctx.reply.redirect(target, 303);
}
