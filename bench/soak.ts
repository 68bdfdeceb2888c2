/**
 * `npm run soak`: 1,000 simulated users for 60 s against two bot processes sharing one
 * Redis, like two instances behind a load balancer without session affinity — each turn goes
 * to either process at random. Users think 1–3 s between messages and hold the conversations
 * of `chatMix.ts` (questions, and the eligibility check to a confirmed lead); each user
 * starts over as a new person when a conversation ends. A partner webhook receiver (Standard
 * Webhooks, verified) takes every lead, failing a share of attempts on purpose so retries
 * happen.
 *
 * It reports errors (non-200 answers, network errors, replies that do not follow the
 * conversation: must all be 0) and, after letting the outboxes drain, whether every lead
 * routed to a partner was delivered exactly once: one webhook id accepted per delivery, one
 * `lead.qualified` delivery per lead. Exits 1 when either fails.
 *
 * Not part of `npm test`. Options (after `--`): `--users 1000`, `--duration 60` (s),
 * `--think 1000-3000` (ms), `--flaky 0.05` (share of webhook attempts answered 500),
 * `--processes 2`. Redis: REDIS_URL, else 127.0.0.1:6379, else a redis-server started for
 * the run; keys under a fresh prefix, deleted after.
 */
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { systemClock } from '../src/shared/clock.js';
import { createRedisStore } from '../src/store/redis/index.js';
import type { Store } from '../src/store/contract.js';
import { deleteKeysByPrefix, findRedisForTests, releaseRedisForTests } from '../test/helpers/redisForTests.js';
import { conversationFor, ELIGIBILITY_EVERY, loadQuestions, seededRandom, type ChatTurn } from './chatMix.js';
import { percentile } from './retrievalBench.js';
import { BENCH_DIR, removeBenchDir, startBenchProcess, type BenchProcess } from './processes.js';

const SECRET = `whsec_${Buffer.from('talentbot-soak-webhook-secret-32b').toString('base64')}`;
const INDUSTRIES = ['new_energy', 'new_materials', 'high_end_equipment', 'electronic_information', 'synthetic_biology', 'integrated_circuits'];

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000' },
    duration: { type: 'string', default: '60' },
    think: { type: 'string', default: '1000-3000' },
    flaky: { type: 'string', default: '0.05' },
    processes: { type: 'string', default: '2' },
  },
});
const USERS = Number(values.users);
const DURATION_MS = Number(values.duration) * 1000;
const [THINK_MIN, THINK_MAX] = (values.think ?? '').split('-').map(Number) as [number, number];
const FLAKY = Number(values.flaky);
const PROCESSES = Number(values.processes);
/** How long the outboxes get to deliver what is still pending when the load stops. */
const DRAIN_MS = 90_000;

/** What the partner saw. */
interface Receiver {
  server: Server;
  url: string;
  attempts: number;
  failedOnPurpose: number;
  /** Accepted deliveries by webhook id: how often each id was accepted, and what it carried. */
  accepted: Map<string, { count: number; leadId: string; type: string }>;
}

async function startReceiver(random: () => number): Promise<Receiver> {
  const verifier = new Webhook(SECRET);
  const receiver: Receiver = { server: createServer(), url: '', attempts: 0, failedOnPurpose: 0, accepted: new Map() };
  const read = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = '';
      request.on('data', (c: Buffer) => (body += c.toString()));
      request.on('end', () => resolve(body));
    });
  receiver.server.on('request', (request: IncomingMessage, response) => {
    void read(request).then((body) => {
      receiver.attempts++;
      let payload: { id: string; type: string };
      try {
        payload = verifier.verify(body, request.headers as Record<string, string>) as { id: string; type: string };
      } catch {
        response.statusCode = 401;
        return response.end();
      }
      if (random() < FLAKY) {
        receiver.failedOnPurpose++;
        response.statusCode = 500;
        return response.end();
      }
      const id = String(request.headers['webhook-id']);
      const seen = receiver.accepted.get(id);
      if (seen) seen.count++;
      else receiver.accepted.set(id, { count: 1, leadId: payload.id, type: payload.type });
      response.statusCode = 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  const address = receiver.server.address();
  receiver.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/leads`;
  return receiver;
}

/** Partners for every industry, and the office, all by webhook to the receiver. */
function partnersYaml(url: string): string {
  const lines = ['partners:'];
  lines.push(`  - { id: talent-office, name: 人才办, industries: [], fallback: true, ackWithinHours: 24, delivery: [{ type: webhook, url: "${url}", secretEnv: SOAK_SECRET }] }`);
  for (const industry of INDUSTRIES) {
    lines.push(
      `  - { id: ${industry.replace(/_/g, '-')}-partner, name: ${industry}, industries: [${industry}], fallback: false, ackWithinHours: 24, delivery: [{ type: webhook, url: "${url}", secretEnv: SOAK_SECRET }] }`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** What the simulated users saw. */
interface Traffic {
  turns: number;
  conversations: number;
  confirmed: number;
  errors: Map<string, number>;
  examples: string[];
  latencies: number[];
}

function countError(traffic: Traffic, kind: string, example: string): void {
  traffic.errors.set(kind, (traffic.errors.get(kind) ?? 0) + 1);
  if (traffic.examples.length < 8) traffic.examples.push(`${kind}: ${example.slice(0, 300)}`);
}

/** One simulated user: conversation after conversation until `until`, each turn to a random process. */
async function simulateUser(index: number, servers: readonly BenchProcess[], until: number, traffic: Traffic, questions: ReturnType<typeof loadQuestions>): Promise<void> {
  const random = seededRandom(index + 17);
  const runId = Date.now().toString(36);
  // Users start spread over the first think time, not all at once.
  await sleep(random() * THINK_MAX);
  for (let round = 0; Date.now() < until; round++) {
    const n = round * USERS + index;
    const user = `soak-${runId}-${n}`;
    const conversation: ChatTurn[] = conversationFor(n, questions, 3, n % ELIGIBILITY_EVERY === 0);
    traffic.conversations++;
    for (const turn of conversation) {
      if (Date.now() >= until) return;
      const server = servers[Math.floor(random() * servers.length)]!;
      const body = { user, lang: turn.lang, ...(turn.text !== undefined ? { text: turn.text } : { action: turn.action }) };
      const started = performance.now();
      let status = 0;
      let text = '';
      try {
        const response = await fetch(`${server.url}/api/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(30_000),
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        countError(traffic, 'network', `${server.name}: ${(error as Error).message}`);
        break;
      }
      traffic.latencies.push(performance.now() - started);
      traffic.turns++;
      if (status !== 200) {
        countError(traffic, `HTTP ${status}`, `${server.name} after ${turn.action ?? turn.text}: ${text}`);
        break;
      }
      if (turn.expect && !turn.expect.some((want) => text.includes(want))) {
        countError(traffic, 'unexpected reply', `${server.name} after ${turn.action ?? turn.text}: ${text}`);
        break;
      }
      if (turn.confirms) traffic.confirmed++;
      await sleep(THINK_MIN + random() * (THINK_MAX - THINK_MIN));
    }
  }
}

/** Lead deliveries as the store sees them. */
interface DeliveryCheck {
  leads: number;
  notRouted: number;
  sends: number;
  delivered: number;
  pending: number;
  dead: number;
  /** Deliveries whose webhook id the partner never accepted although the store says delivered. */
  deliveredButUnseen: number;
  /** Webhook ids accepted more than once (a retry after a lost answer; harmless with idempotent receivers). */
  acceptedTwice: number;
  /** Leads with more than one accepted `lead.qualified` id for one partner: a real duplicate. */
  duplicateLeads: number;
}

async function checkDeliveries(store: Store, receiver: Receiver): Promise<DeliveryCheck> {
  const check: DeliveryCheck = { leads: 0, notRouted: 0, sends: 0, delivered: 0, pending: 0, dead: 0, deliveredButUnseen: 0, acceptedTwice: 0, duplicateLeads: 0 };
  const qualifiedIdsByLead = new Map<string, Set<string>>();
  for (const [id, seen] of receiver.accepted) {
    if (seen.count > 1) check.acceptedTwice++;
    if (seen.type !== 'lead.qualified') continue;
    const ids = qualifiedIdsByLead.get(seen.leadId) ?? new Set<string>();
    ids.add(id);
    qualifiedIdsByLead.set(seen.leadId, ids);
  }
  for (const lead of await store.leads.listLeads()) {
    check.leads++;
    const sends = (await store.leads.listDeliveries(lead.id)).filter((item) => item.kind === 'send');
    if (sends.length === 0) check.notRouted++;
    for (const item of sends) {
      check.sends++;
      if (item.status === 'delivered') {
        check.delivered++;
        if (!receiver.accepted.has(item.id)) check.deliveredButUnseen++;
      } else if (item.status === 'pending') check.pending++;
      else if (item.status === 'dead') check.dead++;
    }
    const qualifiedSends = sends.filter((item) => item.type === 'lead.qualified').length;
    if ((qualifiedIdsByLead.get(lead.id)?.size ?? 0) > qualifiedSends) check.duplicateLeads++;
  }
  return check;
}

async function main(): Promise<number> {
  const redis = await findRedisForTests();
  const prefix = `talentbot-soak:${Date.now().toString(36)}:`;
  const random = seededRandom(99);
  const receiver = await startReceiver(random);
  const partnersFile = path.join(BENCH_DIR, 'partners.yaml');
  await writeFile(partnersFile, partnersYaml(receiver.url));
  const env = {
    REDIS_URL: redis.url,
    REDIS_PREFIX: prefix,
    PARTNERS_FILE: partnersFile,
    SOAK_SECRET: SECRET,
    ACK_SIGNING_SECRET: 'talentbot-soak-ack-signing-secret-32-chars',
    DELIVERY_RETRY_BASE_SECONDS: '1',
    LOG_LEVEL: 'warn',
    DATA_DIR: path.join(BENCH_DIR, 'data'),
    // 1,000 simulated users from one loopback address: no chat rate limit.
    CHAT_RATE_LIMIT_PER_MINUTE: '0',
  };
  const servers: BenchProcess[] = [];
  const store = createRedisStore({ url: redis.url, prefix, clock: systemClock });
  try {
    for (let i = 0; i < PROCESSES; i++) servers.push(await startBenchProcess({ name: `soak-bot-${i + 1}`, script: 'src/main.ts', env }));
    console.log(
      `soak: ${USERS} users, ${DURATION_MS / 1000} s, think ${THINK_MIN}–${THINK_MAX} ms, ${servers.length} processes (${servers.map((s) => s.url).join(', ')}), ` +
        `Redis ${redis.source} prefix ${prefix}, webhook failures on purpose ${(FLAKY * 100).toFixed(0)} %; logs in ${BENCH_DIR}`,
    );

    const traffic: Traffic = { turns: 0, conversations: 0, confirmed: 0, errors: new Map(), examples: [], latencies: [] };
    const cpuBefore = servers.map((s) => s.cpuMs() ?? 0);
    const ownCpuBefore = process.cpuUsage();
    const started = Date.now();
    const until = started + DURATION_MS;
    const progress = setInterval(() => {
      const errors = [...traffic.errors.values()].reduce((a, b) => a + b, 0);
      console.log(`  ${Math.round((Date.now() - started) / 1000)} s: ${traffic.turns} turns, ${traffic.confirmed} leads confirmed, ${errors} errors, RSS ${servers.map((s) => s.rssMiB().toFixed(0)).join('/')} MiB`);
    }, 10_000);
    const questions = loadQuestions();
    await Promise.all(Array.from({ length: USERS }, (_, i) => simulateUser(i, servers, until, traffic, questions)));
    clearInterval(progress);
    const seconds = (Date.now() - started) / 1000;
    const busy = servers.map((s, i) => `${s.name} ${((((s.cpuMs() ?? 0) - cpuBefore[i]!) / 1000 / seconds) * 100).toFixed(0)} %`);
    const own = process.cpuUsage(ownCpuBefore);
    busy.push(`this load generator ${(((own.user + own.system) / 1e6 / seconds) * 100).toFixed(0)} %`);

    // Let the outboxes deliver what is still pending.
    let check = await checkDeliveries(store, receiver);
    const drainUntil = Date.now() + DRAIN_MS;
    while (check.pending > 0 && Date.now() < drainUntil) {
      await sleep(1000);
      check = await checkDeliveries(store, receiver);
    }
    await sleep(2000);
    check = await checkDeliveries(store, receiver);

    const latencies = traffic.latencies.sort((a, b) => a - b);
    const errors = [...traffic.errors.values()].reduce((a, b) => a + b, 0);
    console.log(`\ntraffic: ${traffic.turns} turns in ${seconds.toFixed(0)} s (${(traffic.turns / seconds).toFixed(0)}/s), ${traffic.conversations} conversations, latency p50 ${percentile(latencies, 50).toFixed(1)} ms p99 ${percentile(latencies, 99).toFixed(1)} ms max ${(latencies.at(-1) ?? 0).toFixed(0)} ms`);
    console.log(`CPU used (share of one core): ${busy.join(', ')}; machine load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`);
    console.log(`errors: ${errors}${errors ? ` (${[...traffic.errors].map(([k, v]) => `${k}: ${v}`).join(', ')})` : ''}`);
    for (const example of traffic.examples) console.log(`  e.g. ${example}`);
    console.log(
      `leads: ${traffic.confirmed} confirmed by users, ${check.leads} stored, ${check.notRouted} not routed to anyone (not a fit, by design); ` +
        `${check.sends} deliveries: ${check.delivered} delivered, ${check.pending} still pending, ${check.dead} dead`,
    );
    console.log(
      `partner: ${receiver.attempts} attempts, ${receiver.failedOnPurpose} failed on purpose, ${receiver.accepted.size} webhook ids accepted; ` +
        `accepted twice: ${check.acceptedTwice}; leads delivered more than once: ${check.duplicateLeads}; delivered but never seen: ${check.deliveredButUnseen}`,
    );
    if (check.leads === 0) console.log('no lead was created, so delivery was not tested: run longer (an eligibility conversation takes about 30 s of thinking)');
    const exactlyOnce =
      check.leads > 0 &&
      check.leads === traffic.confirmed &&
      check.pending === 0 &&
      check.dead === 0 &&
      check.delivered === check.sends &&
      check.duplicateLeads === 0 &&
      check.deliveredButUnseen === 0 &&
      check.acceptedTwice === 0;
    console.log(`\n${errors === 0 ? 'PASS' : 'FAIL'}: errors ${errors} (must be 0)`);
    console.log(`${exactlyOnce ? 'PASS' : 'FAIL'}: every lead created was delivered exactly once`);
    const passed = errors === 0 && exactlyOnce;
    if (passed) removeBenchDir();
    else console.log(`logs kept in ${BENCH_DIR}`);
    return passed ? 0 : 1;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await store.close();
    await new Promise((resolve) => receiver.server.close(resolve));
    await deleteKeysByPrefix(redis.url, prefix);
    await releaseRedisForTests();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
