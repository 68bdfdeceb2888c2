/**
 * Console sessions and the cookies that carry them.
 *
 * A session is a random 256-bit token in an `HttpOnly; SameSite=Strict; Path=/admin` cookie
 * (plus `Secure` when the console is served over TLS). The store keeps only the token's
 * SHA-256 (`admin:session:<hash>`), with the user name, the CSRF token of the session and
 * an expiry (ADMIN_SESSION_HOURS from login, not extended by use). Logging out deletes it;
 * changing a password or disabling an account ends the account's other sessions (checked
 * on every request against the account).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../shared/clock.js';
import type { StateStore } from '../../store/contract.js';
import type { UserRecord } from './userAccounts.js';

/** The session cookie. */
export const SESSION_COOKIE = 'tb_admin';
/** The cookie carrying the login form's CSRF token before there is a session. */
export const LOGIN_CSRF_COOKIE = 'tb_admin_login';
/** The cookie remembering the console language. */
export const LANGUAGE_COOKIE = 'tb_admin_lang';
/** Default session lifetime: 12 hours. */
export const DEFAULT_SESSION_TTL_MS = 12 * 3600_000;

/** A logged-in session. */
export interface Session {
  username: string;
  /** The CSRF token every form of this session carries (`_csrf` field or `x-csrf-token` header). */
  csrf: string;
  createdAt: number;
  expiresAt: number;
  /** The account's password generation at login; a later password change ends the session. */
  passwordGeneration: number;
}

/** Creates, reads and ends sessions. */
export interface Sessions {
  create(user: UserRecord): Promise<{ token: string; session: Session }>;
  read(token: string | undefined): Promise<Session | undefined>;
  destroy(token: string | undefined): Promise<void>;
}

const sessionKey = (token: string) => `admin:session:${createHash('sha256').update(token).digest('hex')}`;

/** A new random token, URL-safe. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares two secrets in constant time (different lengths never match). */
export function sameSecret(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Creates the session store.
 *
 * @param state - the store's state part
 * @param clock - decides expiry
 * @param ttlMs - session lifetime; default {@link DEFAULT_SESSION_TTL_MS}
 */
export function createSessions(state: StateStore, clock: Clock, ttlMs: number = DEFAULT_SESSION_TTL_MS): Sessions {
  return {
    async create(user) {
      const token = randomToken();
      const now = clock.now();
      const session: Session = { username: user.username, csrf: randomToken(), createdAt: now, expiresAt: now + ttlMs, passwordGeneration: user.passwordGeneration };
      await state.set(sessionKey(token), session, { ttlMs });
      return { token, session };
    },
    async read(token) {
      if (!token || token.length > 100) return undefined;
      const session = (await state.get(sessionKey(token))) as Session | undefined;
      return session && session.expiresAt > clock.now() ? session : undefined;
    },
    async destroy(token) {
      if (token && token.length <= 100) await state.delete(sessionKey(token));
    },
  };
}

/** Reads the cookies of a `cookie` header. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      cookies[name] ??= decodeURIComponent(raw);
    } catch {
      // a malformed value is ignored
    }
  }
  return cookies;
}

/** Options of a console cookie. */
export interface CookieOptions {
  /** Seconds; 0 deletes the cookie; omitted: a browser-session cookie. */
  maxAgeSeconds?: number;
  secure: boolean;
  /** Default true. */
  httpOnly?: boolean;
}

/** A `set-cookie` value for a console cookie: `Path=/admin; SameSite=Strict`, HttpOnly unless told otherwise. */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/admin', 'SameSite=Strict'];
  if (options.httpOnly !== false) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`);
  return parts.join('; ');
}
