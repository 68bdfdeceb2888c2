/**
 * Two real server processes on different ports share one Redis, as they would behind a load
 * balancer: one `npm run kb:reload` makes both reload the content; one web user's turns
 * alternate between them and the eligibility conversation goes on as if there were one; one
 * message id posted to both at once is handled once; and the process that is delivering the
 * lead when it is SIGKILLed loses nothing — the other one delivers it once its lease runs
 * out, exactly once by `webhook-id`.
 *
 * Each run keeps its keys under its own prefix and deletes them at the end.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { WEB_CHANNEL, type ChatResponse } from '../../src/channels/web/convertChatRequest.js';
import { readConversationState } from '../../src/core/conversationState.js';
import { conversationKey } from '../../src/core/engine.js';
import type { Store } from '../../src/store/contract.js';
import { sharedRedisRun, type SharedRedisRun } from '../helpers/sharedRedisRun.js';
import { releaseRedisForTests } from '../helpers/redisForTests.js';
import { runCli } from '../helpers/runCli.js';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess.js';
import { KNOWLEDGE_DIR } from '../helpers/testApp.js';

const SECRET = `whsec_${Buffer.from('multi-process-test-secret-32-by!').toString('base64')}`;
const USER = 'multi-process-user';
/** Short enough for the test, long enough that no attempt of a live process outlasts it here. */
const LEASE_SECONDS = 3;

/** Added to an answer on disk before `kb:reload`. */
const RELOADED_MARKER = '（本条内容已由 kb:reload 重新加载。）';

/** A partner's webhook endpoint that holds the first request open (the sender is "mid-attempt") and accepts the rest. */
interface Receiver {
  url: string;
  server: Server;
  attempts: Array<{ id: string; type: string; outcome: 'held' | 'accepted'; at: number }>;
  accepted: Map<string, { id: string; type: string }>;
  held: ServerResponse[];
}

async function startReceiver(): Promise<Receiver> {
  const verifier = new Webhook(SECRET);
  const receiver: Receiver = { url: '', server: createServer(), attempts: [], accepted: new Map(), held: [] };
  const read = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = '';
      request.on('data', (c: Buffer) => (body += c.toString()));
      request.on('end', () => resolve(body));
    });
  receiver.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void read(request).then((body) => {
      const id = String(request.headers['webhook-id']);
      const payload = verifier.verify(body, request.headers as Record<string, string>) as { id: string; type: string };
      if (receiver.attempts.length === 0) {
        receiver.attempts.push({ id, type: payload.type, outcome: 'held', at: Date.now() });
        receiver.held.push(response);
        return;
      }
      receiver.attempts.push({ id, type: payload.type, outcome: 'accepted', at: Date.now() });
      if (!receiver.accepted.has(id)) receiver.accepted.set(id, payload);
      response.statusCode = 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  const address = receiver.server.address();
  receiver.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/leads`;
  return receiver;
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function chat(server: ServerProcess, body: object): Promise<ChatResponse> {
  const response = await fetch(`${server.url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: USER, ...body }),
  });
  if (response.status !== 200) throw new Error(`${server.url} answered ${response.status}: ${await response.text()}\n${server.output()}`);
  return (await response.json()) as ChatResponse;
}

/** The text of the last reply. */
const lastText = (response: ChatResponse) => response.replies.at(-1)?.text ?? '';

let servers: ServerProcess[] = [];
let receiver: Receiver | undefined;
let inspector: Store | undefined;
let run: SharedRedisRun | undefined;
afterAll(async () => {
  await Promise.all(servers.map((s) => s.kill('SIGKILL')));
  for (const response of receiver?.held ?? []) response.destroy();
  await new Promise((r) => (receiver ? receiver.server.close(r) : r(undefined)));
  await run?.close();
  await releaseRedisForTests();
});

describe('two processes sharing one Redis', () => {
  it('reload content together, continue one conversation, answer a message id once, and deliver the lead of a killed process exactly once', async () => {
    run = await sharedRedisRun('talentbot-multi-');
    const { redisUrl, prefix, dir } = run;
    inspector = run.inspector;
    receiver = await startReceiver();
    const partnersFile = path.join(dir, 'partners.yaml');
    await writeFile(
      partnersFile,
      `partners:
  - { id: ic-partner, name: 集成电路引才合伙人, industries: [integrated_circuits], fallback: false, ackWithinHours: 24,
      delivery: [{ type: webhook, url: "${receiver.url}", secretEnv: MULTI_PARTNER_SECRET }] }
  - { id: talent-office, name: 人才办, industries: [], fallback: true, ackWithinHours: 24, delivery: [] }
`,
    );
    const knowledgeDir = path.join(dir, 'knowledge');
    await cp(KNOWLEDGE_DIR, knowledgeDir, { recursive: true });
    const env = {
      KNOWLEDGE_DIR: knowledgeDir,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix,
      DATA_DIR: path.join(dir, 'data'),
      PARTNERS_FILE: partnersFile,
      MULTI_PARTNER_SECRET: SECRET,
      ACK_SIGNING_SECRET: 'multi-process-ack-secret-of-32-characters',
      DELIVERY_LEASE_SECONDS: String(LEASE_SECONDS),
      DELIVERY_RETRY_BASE_SECONDS: '1',
    };
    servers = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    const [a, b] = servers as [ServerProcess, ServerProcess];
    expect(a.url).not.toBe(b.url);
    // One kb:reload reaches both processes, which read the edited content from disk.
    const entry = path.join(knowledgeDir, 'entries', 'housing-subsidy.zh.md');
    await writeFile(entry, `${(await readFile(entry, 'utf8')).trimEnd()}\n\n${RELOADED_MARKER}\n`);
    const reload = await runCli('kbReload', [], env);
    expect(reload.stdout).toContain('2 process(es) listening');
    for (const server of [a, b]) {
      await waitFor(`${server.url} to reload`, async () => {
        const response = await fetch(`${server.url}/api/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ user: `reload-check-${server.url}`, text: '买房有补贴吗？' }),
        });
        return ((await response.json()) as ChatResponse).replies.some((r) => r.text.includes(RELOADED_MARKER));
      }, 10_000);
    }

    const turnsStored = async () => readConversationState(await inspector!.state.get(conversationKey(WEB_CHANNEL, USER)), Date.now()).turns;

    // The eligibility conversation, its turns alternating between the two processes; each
    // reply is the next step, so each process saw what the other one stored.
    const steps: Array<[object, string]> = [
      [{ action: 'flow:start:eligibility' }, '隐私说明'],
      [{ action: 'answer:consent:accept' }, '您的项目属于哪个领域'],
      [{ action: 'answer:industry:integrated_circuits' }, '您的最高学历是'],
      [{ action: 'answer:degree:phd' }, '您目前的身份'],
      [{ action: 'answer:role:founder' }, '您的项目目前处于什么阶段'],
      [{ action: 'answer:stage:revenue' }, '您的团队掌握核心技术或专利吗'],
      [{ action: 'answer:core_tech:patents' }, '您的团队有多少人'],
    ];
    let sent = 0;
    for (const [body, expected] of steps) {
      const server = sent % 2 === 0 ? a : b;
      expect(lastText(await chat(server, body))).toContain(expected);
      sent++;
    }

    // One message id posted to both processes at once: handled once, both get the first replies.
    const [first, second] = await Promise.all([chat(a, { text: '6', messageId: 'same-message-1' }), chat(b, { text: '6', messageId: 'same-message-1' })]);
    sent++;
    expect(lastText(first)).toContain('您有海外学习或工作经历吗');
    expect(second).toEqual(first);
    expect(await turnsStored()).toBe(sent);
    // Posted again later, to either: still the first replies, and the conversation does not move.
    expect(await chat(b, { text: '6', messageId: 'same-message-1' })).toEqual(first);
    expect(await turnsStored()).toBe(sent);

    const rest: Array<[object, string]> = [
      [{ text: '没有' }, '您是否有意在武进落地项目'],
      [{ action: 'answer:intention:within_1y' }, '您计划在哪一年落地'],
      [{ text: '2027' }, '您对哪类赛事或活动感兴趣'],
      [{ action: 'answer:event:any' }, '怎么称呼您'],
      [{ text: '王五' }, '请留下您的手机号或邮箱'],
      [{ text: '13912345678' }, '请核对'],
      [{ action: 'flow:confirm' }, '方向相符'],
    ];
    for (const [body, expected] of rest) {
      const server = sent % 2 === 0 ? a : b;
      expect(lastText(await chat(server, body))).toContain(expected);
      sent++;
    }
    expect(await turnsStored()).toBe(sent);
    const leads = await inspector.leads.listLeads();
    expect(leads).toHaveLength(1);
    const leadId = leads[0]!.id;

    // One worker takes the delivery; the partner holds the request open, so that worker is
    // mid-attempt with the lease held. Kill the process that owns it.
    await waitFor('the first delivery attempt', () => receiver!.attempts.length >= 1);
    const held = receiver.attempts[0]!;
    expect(held.type).toBe('lead.qualified');
    const owned = (await inspector.leads.listDeliveries(leadId)).find((item) => item.id === held.id);
    const ownerPid = Number(owned?.leaseOwner?.split(':')[1]);
    const owner = servers.find((s) => s.child.pid === ownerPid);
    if (!owner) throw new Error(`no test process owns delivery ${held.id} (lease owner ${owned?.leaseOwner})`);
    const survivor = owner === a ? b : a;
    await owner.kill('SIGKILL');

    // The survivor still serves the user, then delivers once the dead worker's lease ran out.
    expect(lastText(await chat(survivor, { text: '菜单' }))).toBeTruthy();
    await waitFor('the delivery by the surviving process', () => receiver!.accepted.size >= 1, (LEASE_SECONDS + 10) * 1000);
    // Not taken over while the dead worker's lease ran.
    expect(receiver.attempts.find((attempt) => attempt.outcome === 'accepted')!.at).toBeGreaterThanOrEqual(owned!.leaseUntil!);
    // Settled as delivered, its lease released: no worker will claim it again.
    await waitFor('the delivery settled', async () => {
      const item = (await inspector!.leads.listDeliveries(leadId)).find((i) => i.id === held.id);
      return item?.status === 'delivered' && item.leaseOwner === undefined;
    });

    expect([...receiver.accepted.values()].filter((p) => p.type === 'lead.qualified')).toEqual([expect.objectContaining({ id: leadId })]);
    expect(new Set(receiver.attempts.map((attempt) => attempt.id))).toEqual(new Set([held.id]));
    expect(receiver.attempts.filter((attempt) => attempt.outcome === 'accepted')).toHaveLength(1);
    const delivered = (await inspector.leads.listDeliveries(leadId)).find((item) => item.id === held.id);
    expect(delivered).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(delivered?.leaseOwner).toBeUndefined();
    const lead = await inspector.leads.getLead(leadId);
    expect(lead).toMatchObject({ status: 'delivered' });
  }, 60_000);
});
