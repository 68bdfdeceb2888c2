/**
 * Starts talentbot: configuration from the environment, knowledge from `knowledge/`, an
 * in-process store, the HTTP server. Stops gracefully on SIGTERM and SIGINT.
 */
import { pino } from 'pino';
import { buildApp } from './app.js';
import { loadConfig } from './config/config.js';
import { systemClock } from './core/clock.js';
import { InputError } from './core/errors.js';
import { buildKnowledgeBase, fixedKnowledge } from './knowledge/knowledgeBase.js';
import { loadKnowledge } from './knowledge/loadKnowledge.js';
import { createMemoryStore } from './store/memoryStore.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = pino({ level: config.logLevel });
  const content = await loadKnowledge(config.knowledgeDir);
  const knowledge = fixedKnowledge(buildKnowledgeBase(content));
  const store = createMemoryStore(systemClock);
  const app = buildApp({ clock: systemClock, store, knowledge, logger, conversationTtlMs: config.conversationTtlMs });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await app.http.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  await app.http.listen({ port: config.port, host: config.host });
  logger.info(
    { port: config.port, entries: content.entries.length, store: store.kind },
    `talentbot is ready: open http://localhost:${config.port}`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof InputError) {
    console.error(`talentbot cannot start:\n${error.message}`);
  } else {
    console.error('talentbot cannot start:', error);
  }
  process.exit(1);
});
