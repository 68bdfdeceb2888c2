/**
 * A confirmed lead survives a SIGKILL of the server between confirmation and delivery:
 * the restarted server delivers it, and the partner sees it exactly once by idempotency key.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../src/channels/web/convertChatRequest.js';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess.js';

const SECRET = `whsec_${Buffer.from('crash-test-secret-of-32-bytes!!!').toString('base64')}`;

interface Receiver {
  url: string;
  server: Server;
  mode: 'fail' | 'accept';
  attempts: Array<{ id: string; status: number }>;
  accepted: Map<string, { type: string; id: string }>;
}

async function startReceiver(): Promise<Receiver> {
  const verifier = new Webhook(SECRET);
  const receiver: Receiver = { url: '', server: undefined as unknown as Server, mode: 'fail', attempts: [], accepted: new Map() };
  const read = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = '';
      request.on('data', (c: Buffer) => (body += c.toString()));
      request.on('end', () => resolve(body));
    });
  receiver.server = createServer(async (request, response) => {
    const body = await read(request);
    const id = String(request.headers['webhook-id']);
    const payload = verifier.verify(body, request.headers as Record<string, string>) as { type: string; id: string };
    const status = receiver.mode === 'fail' ? 500 : 204;
    receiver.attempts.push({ id, status });
    if (status < 300 && !receiver.accepted.has(id)) receiver.accepted.set(id, payload);
    response.statusCode = status;
    response.end();
  });
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  const address = receiver.server.address();
  receiver.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/leads`;
  return receiver;
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function chat(server: ServerProcess, body: object): Promise<ChatResponse> {
  const response = await fetch(`${server.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'crash-user', ...body }) });
  expect(response.status).toBe(200);
  return (await response.json()) as ChatResponse;
}

let server: ServerProcess | undefined;
let receiver: Receiver | undefined;
afterAll(async () => {
  await server?.kill('SIGKILL');
  await new Promise((r) => receiver?.server.close(r));
});

describe('a confirmed lead and a crash', () => {
  it('is delivered after SIGKILL and restart, exactly once by idempotency key', async () => {
    receiver = await startReceiver();
    const dir = await mkdtemp(path.join(tmpdir(), 'talentbot-crash-'));
    const partnersFile = path.join(dir, 'partners.yaml');
    await writeFile(
      partnersFile,
      `partners:
  - { id: ic-partner, name: 集成电路引才合伙人, industries: [integrated_circuits], fallback: false, ackWithinHours: 24,
      delivery: [{ type: webhook, url: "${receiver.url}", secretEnv: CRASH_PARTNER_SECRET }] }
  - { id: talent-office, name: 人才办, industries: [], fallback: true, ackWithinHours: 24, delivery: [] }
`,
    );
    const env = { DATA_DIR: path.join(dir, 'data'), PARTNERS_FILE: partnersFile, CRASH_PARTNER_SECRET: SECRET, DELIVERY_RETRY_BASE_SECONDS: '1' };
    server = await startServerProcess(env);

    await chat(server, { action: 'flow:start:eligibility' });
    for (const action of ['answer:consent:accept', 'answer:industry:integrated_circuits', 'answer:degree:phd', 'answer:role:founder', 'answer:stage:revenue', 'answer:core_tech:patents']) {
      await chat(server, { action });
    }
    for (const text of ['6', '没有']) await chat(server, { text });
    await chat(server, { action: 'answer:intention:within_1y' });
    await chat(server, { text: '2027' });
    await chat(server, { action: 'answer:event:any' });
    await chat(server, { text: '王五' });
    const summary = await chat(server, { text: '13912345678' });
    expect(summary.replies.at(-1)?.text).toContain('请核对');
    const done = await chat(server, { action: 'flow:confirm' });
    expect(done.replies.at(-1)?.text).toContain('方向相符');

    // The partner is down: the first attempt fails; the server dies before delivering.
    await waitFor('a first failed attempt', () => receiver!.attempts.length >= 1);
    await new Promise((r) => setTimeout(r, 150));
    await server.kill('SIGKILL');
    expect(receiver.accepted.size).toBe(0);

    receiver.mode = 'accept';
    server = await startServerProcess(env);
    await waitFor('the delivery after the restart', () => receiver!.accepted.size >= 1, 30_000);
    await new Promise((r) => setTimeout(r, 2_500));

    const qualified = [...receiver.accepted.values()].filter((p) => p.type === 'lead.qualified');
    expect(qualified).toHaveLength(1);
    const deliveryIds = new Set(receiver.attempts.map((a) => a.id));
    expect(deliveryIds.size).toBe(1);
    expect(receiver.attempts.filter((a) => a.status < 300)).toHaveLength(1);
  }, 90_000);
});
