/**
 * Slow and greedy clients: a body trickling in is cut off by the request timeout, many such
 * connections do not hold up other requests, and the chat rate limit answers 429 with
 * Retry-After per client address. Real sockets on loopback; margins are generous because
 * CI machines are loaded — the assertions are about behaviour, not speed.
 */
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { buildWebApp } from '../helpers/webApp.js';
import { loadConfig } from '../../src/config/config.js';
import { fixedKnowledge } from '../../src/knowledge/knowledgeBase.js';
import type { HttpLimits } from '../../src/http/httpLimits.js';
import { createTestBot } from '../helpers/testApp.js';

let app: App | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await app?.http.close();
  app = undefined;
});

async function serve(limits: Partial<HttpLimits>): Promise<string> {
  const bot = await createTestBot();
  app = buildWebApp({ clock: bot.clock, store: bot.store, knowledge: fixedKnowledge(bot.knowledge), profile: bot.profile, httpLimits: limits });
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}`;
}

/** Opens a connection that announces a 100-byte chat body and sends one byte every `everyMs`; resolves `closed` when the server ends it. */
function trickle(base: string, everyMs: number): { closed: Promise<string> } {
  const url = new URL(base);
  const socket = connect(Number(url.port), url.hostname);
  sockets.push(socket);
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString()));
  socket.write('POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
  const timer = setInterval(() => socket.writable && socket.write(' '), everyMs);
  const closed = new Promise<string>((resolve) => {
    const done = () => {
      clearInterval(timer);
      resolve(received);
    };
    socket.once('close', done);
    socket.once('error', done);
  });
  return { closed };
}

describe('request timeouts', () => {
  it('cuts off a body that trickles in, within the configured time', async () => {
    const base = await serve({ requestTimeoutMs: 1000, headersTimeoutMs: 1000 });
    const slow = trickle(base, 200);
    const outcome = await Promise.race([slow.closed.then((text) => ({ closed: true, text })), new Promise<{ closed: false }>((r) => setTimeout(() => r({ closed: false }), 20_000))]);
    expect(outcome.closed).toBe(true);
    if (outcome.closed && outcome.text) expect(outcome.text).toMatch(/^HTTP\/1\.1 408/);
  }, 30_000);

  it('keeps answering other requests while 200 connections trickle', async () => {
    const base = await serve({ requestTimeoutMs: 20_000, headersTimeoutMs: 20_000, chatRateLimit: { perMinute: 0, trustProxy: false } });
    const slow = Array.from({ length: 200 }, () => trickle(base, 500));
    let stillOpen = 0;
    for (const s of slow) void s.closed.then(() => undefined);
    const answers = [];
    for (let i = 0; i < 10; i++) {
      const response = await fetch(`${base}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: `u${i}`, text: '买房有补贴吗' }) });
      answers.push(response.status);
    }
    const health = await fetch(`${base}/healthz`);
    stillOpen = sockets.filter((s) => !s.destroyed).length;
    expect(answers).toEqual(Array(10).fill(200));
    expect(health.status).toBe(200);
    // The trickling connections were still being held while the others were answered.
    expect(stillOpen).toBeGreaterThan(150);
  }, 60_000);
});

describe('chat rate limit', () => {
  it('answers 429 with Retry-After per address, and other addresses go on', async () => {
    const bot = await createTestBot();
    app = buildWebApp({ clock: bot.clock, store: bot.store, knowledge: fixedKnowledge(bot.knowledge), profile: bot.profile, httpLimits: { chatRateLimit: { perMinute: 3, trustProxy: false } } });
    const ask = (remoteAddress: string) => app!.http.inject({ method: 'POST', url: '/api/chat', remoteAddress, payload: { user: 'u', text: '人才贷是什么' } });
    for (let i = 0; i < 3; i++) expect((await ask('10.0.0.1')).statusCode).toBe(200);
    const limited = await ask('10.0.0.1');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().error.code).toBe('rate_limited');
    expect((await ask('10.0.0.2')).statusCode).toBe(200);
    expect((await app.http.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.0.0.1' })).statusCode).toBe(200);
  });

  it('behind a trusted proxy, counts by the address the proxy added', async () => {
    const bot = await createTestBot();
    app = buildWebApp({ clock: bot.clock, store: bot.store, knowledge: fixedKnowledge(bot.knowledge), profile: bot.profile, httpLimits: { chatRateLimit: { perMinute: 1, trustProxy: true } } });
    const ask = (forwarded: string) =>
      app!.http.inject({ method: 'POST', url: '/api/chat', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': forwarded }, payload: { user: 'u', text: '人才贷是什么' } });
    expect((await ask('1.1.1.1, 203.0.113.5')).statusCode).toBe(200);
    expect((await ask('9.9.9.9, 203.0.113.5')).statusCode).toBe(429);
    expect((await ask('203.0.113.6')).statusCode).toBe(200);
  });

  it('is configured from the environment, with 30-second defaults', () => {
    expect(loadConfig({}).http).toEqual({
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 30_000,
      keepAliveTimeoutMs: 30_000,
      connectionTimeoutMs: 30_000,
      chatRateLimit: { perMinute: 120, trustProxy: false },
    });
    const config = loadConfig({ REQUEST_TIMEOUT_SECONDS: '10', HEADERS_TIMEOUT_SECONDS: '20', KEEP_ALIVE_TIMEOUT_SECONDS: '5', CONNECTION_TIMEOUT_SECONDS: '15', CHAT_RATE_LIMIT_PER_MINUTE: '0', TRUST_PROXY: 'true' });
    expect(config.http).toEqual({ requestTimeoutMs: 10_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5000, connectionTimeoutMs: 15_000, chatRateLimit: { perMinute: 0, trustProxy: true } });
  });
});
