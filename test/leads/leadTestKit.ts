/**
 * Shared parts for the leads tests: real partners parsed from YAML, submissions, a local
 * HTTP server that records requests, and a logger that keeps what it is told. Nothing of
 * ours is mocked.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createManualClock } from '../../src/shared/clock.js';
import type { Logger } from '../../src/shared/logger.js';
import { createAckLink, type AckLink } from '../../src/leads/ackLink.js';
import type { LeadSubmission } from '../../src/leads/leadService.js';
import { parsePartners, type LoadedPartners } from '../../src/leads/partners.js';
import type { Store } from '../../src/store/contract.js';
import { createMemoryStore } from '../../src/store/memoryStore.js';

/** A fresh Standard Webhooks secret. */
export function makeWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Partners from YAML text, with `env` for their secrets. */
export function partnersFrom(yaml: string, env: Record<string, string | undefined> = {}): LoadedPartners {
  return parsePartners(yaml, 'partners.yaml', env);
}

/** A confirmed eligibility application; override any field. */
export function submission(overrides: Partial<LeadSubmission> = {}): LeadSubmission {
  return {
    channel: 'web',
    userId: 'u1',
    language: 'zh',
    flowId: 'eligibility',
    answers: { industry: 'integrated_circuits', degree: 'phd', name: '王芳', contact: '13800138000' },
    contact: { name: '王芳', phone: '13800138000' },
    outcome: 'qualified',
    reasons: [{ code: 'strategic_industry', zh: '你的领域属于战略性产业。', en: 'Your field is a strategic industry.' }],
    consent: { noticeVersion: '2026-01', at: Date.parse('2026-03-01T00:00:00Z') },
    ...overrides,
  };
}

/** A fresh in-process store on a manual clock starting now (webhook receivers check timestamps against real time). */
export function createLeadsTestBed(start: number | string = Date.now()): { clock: ReturnType<typeof createManualClock>; store: Store; ackLink: AckLink } {
  const clock = createManualClock(start);
  return { clock, store: createMemoryStore(clock), ackLink: createAckLink({ secret: 'test-ack-secret-0123456789abcdef', publicBaseUrl: 'https://talent.example.gov.cn' }) };
}

/** A request the local server received. */
export interface RecordedRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP server on 127.0.0.1 and an ephemeral port. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * Starts a local server. `respond` answers each request (it may wait before answering).
 *
 * @param respond - writes the response; the request is already recorded
 */
export async function startLocalServer(respond: (request: RecordedRequest, response: ServerResponse) => void | Promise<void>): Promise<LocalServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      Promise.resolve(respond(recorded, res)).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends a JSON answer. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** A logger that keeps every call. */
export function recordingLogger(): Logger & { entries: Array<{ level: string; fields: object; message?: string }> } {
  const entries: Array<{ level: string; fields: object; message?: string }> = [];
  const at = (level: string) => (fields: object, message?: string) => void entries.push({ level, fields, ...(message !== undefined ? { message } : {}) });
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** The global fetch, as the worker takes it. */
export const realFetch = (url: string, init: RequestInit) => fetch(url, init);
