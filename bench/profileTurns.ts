/**
 * The cost of one chat turn inside the bot, without the network and the load generator:
 * the real app (as `src/startServer.ts` builds it, or with the in-process store) answers the
 * chat mix through Fastify's `inject()`, and the CPU time of this process per turn is
 * measured in batches. The smallest batch is the figure to compare: it is the one least
 * disturbed by other work on the machine, which the load benchmark's requests/s cannot
 * escape on a shared machine. Run it under `node --cpu-prof` to see where the time goes.
 *
 * `npx tsx bench/profileTurns.ts [--store memory|sqlite|redis] [--turns 2000] [--batches 5]
 * [--concurrency 8] [--mix faq|eligibility] [--log-level info]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import type { App } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { systemClock } from '../src/shared/clock.js';
import { startServer } from '../src/startServer.js';
import { deleteKeysByPrefix, findRedisForTests, releaseRedisForTests } from '../test/helpers/redisForTests.js';
import { buildMemoryBot } from './buildMemoryBot.js';
import { blockFor, loadQuestions, type BlockTurn, type ChatMix } from './chatMix.js';
import { percentile } from './retrievalBench.js';

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'memory' },
    turns: { type: 'string', default: '2000' },
    batches: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '8' },
    mix: { type: 'string', default: 'faq' },
    'log-level': { type: 'string', default: 'info' },
  },
});
const TURNS = Number(values.turns);
const BATCHES = Number(values.batches);
const CONCURRENCY = Number(values.concurrency);
if (values.mix !== 'faq' && values.mix !== 'eligibility') throw new Error(`--mix is faq or eligibility, not ${values.mix}`);
const MIX: ChatMix = values.mix;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'talentbot-profile-'));
  const env: Record<string, string | undefined> = { ...process.env, LOG_LEVEL: values['log-level'], DATA_DIR: path.join(dir, 'data'), PORT: '0', HOST: '127.0.0.1', REDIS_URL: '', CHAT_RATE_LIMIT_PER_MINUTE: '0' };
  let cleanup = async (): Promise<unknown> => undefined;
  if (values.store === 'redis') {
    const { url } = await findRedisForTests();
    const prefix = `talentbot-profile:${Date.now().toString(36)}:`;
    Object.assign(env, { REDIS_URL: url, REDIS_PREFIX: prefix });
    cleanup = async () => {
      await deleteKeysByPrefix(url, prefix);
      await releaseRedisForTests();
    };
  }
  const config = loadConfig(env);
  const logFile = path.join(dir, 'bot.log');
  const logger = pino({ level: config.logLevel }, pino.destination({ dest: logFile, sync: true }));
  let app: App;
  let close = async (): Promise<unknown> => undefined;
  if (values.store === 'memory') {
    app = await buildMemoryBot(config, logger);
  } else {
    const server = await startServer(config, env, systemClock, logger);
    app = server.app;
    close = () => server.close();
  }

  const questions = loadQuestions();
  let nextBlock = 0;
  const runId = `profile-${Date.now().toString(36)}`;
  const lane = async (count: { left: number }) => {
    let block: BlockTurn[] = [];
    while (count.left > 0) {
      count.left--;
      if (block.length === 0) block = blockFor(nextBlock++, runId, questions, 1, MIX);
      const { user, turn } = block.shift()!;
      const payload = { user, lang: turn.lang, ...(turn.text !== undefined ? { text: turn.text } : { action: turn.action }) };
      const response = await app.http.inject({ method: 'POST', url: '/api/chat', payload });
      if (response.statusCode !== 200) throw new Error(`turn answered ${response.statusCode}: ${response.body}`);
    }
  };
  const run = async (turns: number) => {
    const count = { left: turns };
    await Promise.all(Array.from({ length: CONCURRENCY }, () => lane(count)));
  };

  await run(Math.min(TURNS, 1000));
  const perTurn: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await run(TURNS);
    const used = process.cpuUsage(cpu);
    const us = (used.user + used.system) / TURNS;
    perTurn.push(us);
    console.log(`  batch ${b + 1}: ${us.toFixed(0)} µs CPU per turn, ${(TURNS / ((performance.now() - started) / 1000)).toFixed(0)} turns/s`);
  }
  const sorted = [...perTurn].sort((a, b) => a - b);
  console.log(`${values.store} store, ${MIX} mix, LOG_LEVEL=${config.logLevel}, concurrency ${CONCURRENCY}: min ${sorted[0]!.toFixed(0)} µs, median ${percentile(sorted, 50).toFixed(0)} µs CPU per turn`);
  await close();
  await cleanup();
  rmSync(dir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
