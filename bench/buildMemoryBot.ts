/**
 * The bot with the in-process store, for the benchmarks only: the same app, knowledge, flows
 * and lead service as `src/startServer.ts`, but `createMemoryStore` instead of SQLite or
 * Redis, the web chat alone, and none of the optional parts (outbox worker, other channels, console, model, metrics).
 * Production cannot select this store (it forgets everything on exit); the benchmarks run it
 * to show what the store itself costs.
 */
import type { FastifyBaseLogger } from 'fastify';
import { buildApp, type App } from '../src/app.js';
import { createWebChannel } from '../src/channels/web/createWebChannel.js';
import type { Config } from '../src/config/config.js';
import { loadDistrictProfile } from '../src/knowledge/districtProfile.js';
import { systemClock } from '../src/shared/clock.js';
import { loadFlows } from '../src/flows/loadFlows.js';
import { buildKnowledgeBase, fixedKnowledge } from '../src/knowledge/knowledgeBase.js';
import { loadKnowledge } from '../src/knowledge/loadKnowledge.js';
import { createLeadService } from '../src/leads/createLeadService.js';
import { loadPartners } from '../src/leads/partners.js';
import { createMemoryStore } from '../src/store/memoryStore.js';

/**
 * Builds the app over a fresh in-process store (not listening yet).
 *
 * @param config - parsed configuration (knowledge folder, TTLs, partners file)
 * @param logger - a pino logger
 */
export async function buildMemoryBot(config: Config, logger: FastifyBaseLogger): Promise<App> {
  const content = await loadKnowledge(config.knowledgeDir);
  const profile = await loadDistrictProfile(config.knowledgeDir);
  const flows = await loadFlows(config.flowsDir, new Set(content.topics.map((t) => t.id)));
  const partners = await loadPartners(config.partnersFile, process.env, profile.office);
  const store = createMemoryStore(systemClock);
  const app = buildApp({
    clock: systemClock,
    store,
    knowledge: fixedKnowledge(buildKnowledgeBase(content)),
    profile,
    logger,
    conversationTtlMs: config.conversationTtlMs,
    flows,
    leads: createLeadService({ store, clock: systemClock, partners, logger, reapplyWindowMs: config.reapplyWindowMs }),
    flowExpiryMs: config.flowExpiryMs,
    promptValues: { unqualifiedRetentionDays: Math.round(config.unqualifiedRetentionMs / (24 * 3600_000)) },
  });
  createWebChannel({ engine: app.engine, profile }).registerRoutes(app.http);
  return app;
}
