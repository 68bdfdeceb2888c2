/**
 * `npm run kb:reload [-- <knowledge dir>] [--pid <pid>]`: validates the knowledge folder
 * (the checks of `kb:check`, plus the flows' topics; the district profile is checked but is
 * read only at start), then tells the running bots to reload
 * it. With REDIS_URL it publishes the reload signal on REDIS_PREFIX, which every process
 * sharing that Redis receives; with `--pid` it sends SIGHUP to that process (the way to
 * reload a single process without Redis). Broken content is never signalled: the problems
 * are listed and the command exits with 1.
 *
 * Exit codes: 0 done (or valid with nothing to signal), 1 invalid content, 2 the signal
 * could not be sent.
 */
import { hostname } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { InputError } from '../shared/errors.js';
import { loadFlows } from '../flows/loadFlows.js';
import { loadDistrictProfile } from '../knowledge/districtProfile.js';
import { buildKnowledgeBase } from '../knowledge/knowledgeBase.js';
import { loadKnowledge } from '../knowledge/loadKnowledge.js';
import { KNOWLEDGE_RELOAD_CHANNEL } from '../knowledge/reloadingKnowledge.js';
import { createRedisSignal } from '../store/redis/index.js';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { pid: { type: 'string' } } });
  const config = loadConfig(process.env);
  const dir = positionals[0] ? path.resolve(positionals[0]) : config.knowledgeDir;

  try {
    const content = await loadKnowledge(dir);
    buildKnowledgeBase(content);
    await loadFlows(config.flowsDir, new Set(content.topics.map((t) => t.id)));
    // The profile is read at start only: it is checked here, and a change takes effect at the next start.
    await loadDistrictProfile(dir);
    console.log(`knowledge OK: ${content.entries.length} entries in ${dir}`);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    console.error(`knowledge has ${error.issues.length} problem(s); nothing was reloaded:`);
    for (const issue of error.issues) console.error(`  ${issue.where}: ${issue.problem}`);
    return 1;
  }

  if (values.pid !== undefined) {
    const pid = Number(values.pid);
    if (!Number.isInteger(pid) || pid <= 0) {
      console.error(`--pid expects a process id, got ${JSON.stringify(values.pid)}`);
      return 2;
    }
    try {
      process.kill(pid, 'SIGHUP');
    } catch (error) {
      console.error(`could not send SIGHUP to process ${pid}: ${(error as Error).message}`);
      return 2;
    }
    console.log(`sent SIGHUP to process ${pid}; it reloads and logs "knowledge reloaded" (or why it refused)`);
  }

  if (!config.redisUrl) {
    if (values.pid === undefined) {
      console.log('REDIS_URL is not set, so nothing was published. Reload a process without Redis with: kill -HUP <pid> (or --pid <pid>)');
    }
    return 0;
  }
  const signal = createRedisSignal({ url: config.redisUrl, prefix: config.redisPrefix });
  try {
    const message = JSON.stringify({ from: `${hostname()}:${process.pid}` });
    const receivers = await signal.publish(KNOWLEDGE_RELOAD_CHANNEL, message);
    console.log(`reload signal published on ${config.redisPrefix}signal:${KNOWLEDGE_RELOAD_CHANNEL}: ${receivers} process(es) listening`);
    if (receivers === 0) console.log('no process is listening: are the bots running with this REDIS_URL and REDIS_PREFIX?');
    return 0;
  } catch (error) {
    console.error(`could not publish the reload signal: ${(error as Error).message}`);
    return 2;
  } finally {
    await signal.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof InputError ? `kb:reload cannot run:\n${error.message}` : error);
    process.exit(2);
  },
);
