/**
 * Shared parts of the console tests: the real app with the console mounted over a fresh
 * in-process store and the store-backed knowledge source (revision 0 = the shipped
 * knowledge folder), test partners and a lead service; a small HTTP client that logs in
 * through the real login form and carries the session cookie and CSRF token; and leads
 * made through the real lead service. Nothing of ours is mocked.
 */
import { createAnswerFeedbackRecorder } from '../../src/admin/feedback/answerFeedbackLog.js';
import { createConversationLogRecorder } from '../../src/admin/logs/conversationLog.js';
import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../../src/app.js';
import { buildWebApp } from '../helpers/webApp.js';
import { registerAdminRoutes, type AdminConsole, type AdminDependencies } from '../../src/admin/registerAdminRoutes.js';
import { createStoreKnowledgeSource, type StoreKnowledgeSource } from '../../src/admin/content/storeKnowledgeSource.js';
import { createManualClock } from '../../src/shared/clock.js';
import { createLeadService } from '../../src/leads/createLeadService.js';
import type { LeadRecord } from '../../src/leads/leadRecord.js';
import type { LeadService, LeadSubmission } from '../../src/leads/leadService.js';
import { parsePartners, type LoadedPartners } from '../../src/leads/partners.js';
import type { Store } from '../../src/store/contract.js';
import { createMemoryStore } from '../../src/store/memoryStore.js';
import { KNOWLEDGE_DIR, shippedFlows, TEST_NOW, TEST_PARTNER_ENV, TEST_PARTNERS_YAML, shippedProfile } from '../helpers/testApp.js';

/** The bootstrap admin of the tests. */
export const ADMIN = { username: 'chief', password: 'chief-password-123' };
/** A cheap scrypt cost for tests (production uses 2^17). */
export const TEST_SCRYPT_COST = 2 ** 10;

/** Everything a console test drives. */
export interface AdminTestApp {
  app: App;
  admin: AdminConsole;
  store: Store;
  clock: ReturnType<typeof createManualClock>;
  knowledge: StoreKnowledgeSource;
  partners: LoadedPartners;
  leads: LeadService;
}

/**
 * The real app with the console, on a fresh store.
 *
 * @param options.store - a store to share (another "process" of the same deployment)
 * @param options.clock - the clock to share with it
 * @param options.conversationLogMs - turn the conversation logs on, keeping turns this long (as `CONVERSATION_LOG_DAYS` does); default off
 */
export async function createAdminTestApp(
  options: { store?: Store; clock?: ReturnType<typeof createManualClock>; console?: Partial<AdminDependencies>; knowledge?: StoreKnowledgeSource; conversationLogMs?: number } = {},
): Promise<AdminTestApp> {
  const clock = options.clock ?? createManualClock(TEST_NOW);
  const store = options.store ?? createMemoryStore(clock);
  const knowledge = options.knowledge ?? (await createStoreKnowledgeSource({ store, clock, knowledgeDir: KNOWLEDGE_DIR, pollMs: 0 }));
  const partners = parsePartners(TEST_PARTNERS_YAML, 'test-partners.yaml', TEST_PARTNER_ENV);
  const leads = createLeadService({ store, clock, partners });
  const profile = await shippedProfile();
  const flows = await shippedFlows();
  let admin: AdminConsole | undefined;
  const app = buildWebApp({
    clock,
    store,
    knowledge,
    profile,
    flows,
    leads,
    feedback: createAnswerFeedbackRecorder(store, clock),
    ...(options.conversationLogMs ? { conversationLog: createConversationLogRecorder(store, clock, { retentionMs: options.conversationLogMs }) } : {}),
    promptValues: { unqualifiedRetentionDays: 90 },
    registerRoutes: (http) => {
      admin = registerAdminRoutes(http, {
        store,
        clock,
        knowledge,
        profile,
        partners,
        flows,
        adminUser: ADMIN.username,
        adminPassword: ADMIN.password,
        scryptCost: TEST_SCRYPT_COST,
        ...(options.conversationLogMs ? { conversationLogMs: options.conversationLogMs } : {}),
        ...options.console,
      });
    },
  });
  await app.http.ready();
  await admin!.ready;
  return { app, admin: admin!, store, clock, knowledge, partners, leads };
}

/** A browser-like client of the console over `inject`: cookies and the CSRF token. */
export interface ConsoleClient {
  cookie: string;
  csrf: string;
  get(url: string): Promise<LightMyRequestResponse>;
  /** Posts a form; the session's CSRF token is added unless `_csrf` is given. */
  post(url: string, fields?: Record<string, string | string[]>): Promise<LightMyRequestResponse>;
}

/** The value of the first hidden `_csrf` field of a page. */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no _csrf field on the page');
  return match[1]!;
}

/** The cookies a response sets, as a `cookie` header (name=value pairs). */
export function cookiesOf(response: LightMyRequestResponse): string {
  const set = response.headers['set-cookie'];
  const list = Array.isArray(set) ? set : set ? [set] : [];
  return list.map((c) => c.split(';')[0]!).join('; ');
}

/** Encodes form fields (repeated names for lists). */
export function formBody(fields: Record<string, string | string[]>): string {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
  return body.toString();
}

/**
 * Logs in through the login form and returns a client with the session.
 *
 * @throws when the login does not succeed
 */
export async function login(app: App, username: string, password: string, remoteAddress = '127.0.0.1'): Promise<ConsoleClient> {
  const page = await app.http.inject({ method: 'GET', url: '/admin/login', remoteAddress });
  const loginCookie = cookiesOf(page);
  const response = await app.http.inject({
    method: 'POST',
    url: '/admin/login',
    remoteAddress,
    headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: formBody({ _csrf: csrfOf(page.body), username, password }),
  });
  if (response.statusCode !== 303) throw new Error(`login of ${username} failed with ${response.statusCode}`);
  const cookie = cookiesOf(response).split('; ').filter((c) => c.startsWith('tb_admin=')).join('; ');
  const home = await app.http.inject({ method: 'GET', url: '/admin/account', headers: { cookie } });
  const client: ConsoleClient = {
    cookie,
    csrf: csrfOf(home.body),
    get: (url) => app.http.inject({ method: 'GET', url, headers: { cookie: client.cookie } }),
    post: (url, fields = {}) =>
      app.http.inject({
        method: 'POST',
        url,
        headers: { cookie: client.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ _csrf: client.csrf, ...fields }),
      }),
  };
  return client;
}

/** Creates an account as the admin and logs it in. */
export async function createAccount(
  t: AdminTestApp,
  adminClient: ConsoleClient,
  account: { username: string; role: 'admin' | 'editor' | 'partner'; partnerId?: string; password?: string },
): Promise<ConsoleClient> {
  const password = account.password ?? `${account.username}-password-123`;
  const response = await adminClient.post('/admin/users', { username: account.username, role: account.role, partnerId: account.partnerId ?? '', password });
  if (response.statusCode !== 303) throw new Error(`creating ${account.username} failed with ${response.statusCode}: ${response.body.slice(0, 500)}`);
  return login(t.app, account.username, password);
}

/** A confirmed eligibility application; override any field. */
export function submission(overrides: Partial<LeadSubmission> = {}): LeadSubmission {
  return {
    channel: 'web',
    userId: `u-${Math.random().toString(36).slice(2)}`,
    language: 'zh',
    flowId: 'eligibility',
    answers: { industry: 'integrated_circuits', degree: 'phd', name: '王芳', contact: '13800138000' },
    contact: { name: '王芳', phone: '13800138000' },
    outcome: 'qualified',
    reasons: [{ code: 'strategic_industry', zh: '你的领域属于战略性产业。', en: 'Your field is a strategic industry.' }],
    consent: { noticeVersion: '2026-01', at: Date.parse(TEST_NOW) },
    ...overrides,
  };
}

/** Submits a lead through the real lead service. */
export async function makeLead(t: AdminTestApp, overrides: Partial<LeadSubmission> = {}): Promise<LeadRecord> {
  return (await t.leads.submit(submission(overrides))).lead;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
/** Undoes the console's HTML escaping. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);
}

/**
 * The fields of the first form on a page whose `data-testid` is `testId`, as a browser would
 * post them: inputs with their values, textareas with their text, selects with the selected
 * option. Buttons are left out.
 */
export function formFieldsOf(html: string, testId: string): Record<string, string> {
  const start = html.indexOf(`data-testid="${testId}"`);
  if (start < 0) throw new Error(`no form ${testId} on the page`);
  const form = html.slice(html.lastIndexOf('<form', start), html.indexOf('</form>', start));
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input([^>]*)>/g)) {
    const name = /name="([^"]*)"/.exec(m[1]!)?.[1];
    if (name && !/type="(?:file|submit)"/.test(m[1]!)) fields[name] = unescapeHtml(/value="([^"]*)"/.exec(m[1]!)?.[1] ?? '');
  }
  for (const m of form.matchAll(/<textarea[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) fields[m[1]!] = unescapeHtml(m[2]!);
  for (const m of form.matchAll(/<select[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    fields[m[1]!] = unescapeHtml(/<option value="([^"]*)" selected>/.exec(m[2]!)?.[1] ?? /<option value="([^"]*)"/.exec(m[2]!)?.[1] ?? '');
  }
  return fields;
}

/** Asks the web chat one question as a new user; returns the first reply's text and source topic. */
export async function askChat(app: App, text: string, user = `web-${Math.random().toString(36).slice(2)}`): Promise<{ text: string; topic: string | undefined; fallback: boolean }> {
  const response = await app.http.inject({ method: 'POST', url: '/api/chat', payload: { user, text } });
  const body = response.json() as { replies: Array<{ text: string; sources: Array<{ topic: string }> }>; fallback: boolean };
  return { text: body.replies.map((r) => r.text).join('\n'), topic: body.replies[0]?.sources[0]?.topic, fallback: body.fallback };
}
