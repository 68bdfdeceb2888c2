/**
 * Builds an engine on the shipped knowledge and flows with an in-process store, for the
 * command-line tools (`npm run chat`, `npm run eval`). Confirmed applications go to a lead
 * service over the same store; no outbox worker runs, so nothing is delivered. Calendar
 * subscriptions are on as configured, so conversations go as they would when served.
 */
import { createSubscriptionBook } from '../calendar/subscriptionBook.js';
import { loadConfig } from '../config/config.js';
import type { Clock } from '../shared/clock.js';
import { createEngine, type Engine } from '../core/engine.js';
import { loadFlows } from '../flows/loadFlows.js';
import { loadDistrictProfile, type DistrictProfile } from '../knowledge/districtProfile.js';
import { buildKnowledgeBase, fixedKnowledge } from '../knowledge/knowledgeBase.js';
import { loadKnowledge, type KnowledgeContent } from '../knowledge/loadKnowledge.js';
import { createLeadService } from '../leads/createLeadService.js';
import type { LeadService } from '../leads/leadService.js';
import { loadPartners } from '../leads/partners.js';
import type { LlmAssistant } from '../llm/llmAssistant.js';
import type { Store } from '../store/contract.js';
import { createMemoryStore } from '../store/memoryStore.js';

/** Options of {@link createLocalEngine}. */
export interface LocalEngineOptions {
  /** The optional model (`createLlmAssistant`); default: none, answers from retrieval alone. */
  llm?: LlmAssistant;
  /**
   * A re-application by the same contact within this time updates the earlier lead; default
   * `REAPPLY_WINDOW_DAYS`. The evaluation sets 0, so that every confirmed application of a
   * dialogue creates its own lead even when two dialogues type the same phone number.
   */
  reapplyWindowMs?: number;
}

/** The local engine with the parts it runs on, for tools that look behind the replies. */
export interface LocalBot {
  engine: Engine;
  /** The in-process store holding conversation state (`conversationKey`) and leads. */
  store: Store;
  /** The lead service confirmed applications are submitted to. */
  leads: LeadService;
  /** The knowledge the engine answers from, as loaded from `KNOWLEDGE_DIR`. */
  content: KnowledgeContent;
  /** The district profile of `KNOWLEDGE_DIR`. */
  profile: DistrictProfile;
}

/**
 * Loads configuration, knowledge and flows and returns a ready engine with its store.
 *
 * @param clock - the clock the engine and its calendar answers use
 * @param options - the optional model, the re-application window
 */
export async function createLocalBot(clock: Clock, options: LocalEngineOptions = {}): Promise<LocalBot> {
  const config = loadConfig(process.env);
  const content = await loadKnowledge(config.knowledgeDir);
  const profile = await loadDistrictProfile(config.knowledgeDir);
  const flows = await loadFlows(config.flowsDir, new Set(content.topics.map((t) => t.id)));
  const store = createMemoryStore(clock);
  const partners = await loadPartners(undefined, {}, profile.office);
  const leads = createLeadService({ store, clock, partners, reapplyWindowMs: options.reapplyWindowMs ?? config.reapplyWindowMs });
  const engine = createEngine({
    clock,
    store,
    knowledge: fixedKnowledge(buildKnowledgeBase(content)),
    profile,
    conversationTtlMs: config.conversationTtlMs,
    flows,
    leads,
    flowExpiryMs: config.flowExpiryMs,
    promptValues: { unqualifiedRetentionDays: Math.round(config.unqualifiedRetentionMs / (24 * 3600_000)) },
    ...(options.llm ? { llm: options.llm } : {}),
    // As served: subscribing works in the terminal too (nothing is ever sent from here).
    ...(config.calendarSubscriptions
      ? { subscriptions: { book: createSubscriptionBook(store.state, clock, config.calendarSubscriptionDays * 24 * 3600_000), keepDays: config.calendarSubscriptionDays, publicBaseUrl: config.publicBaseUrl } }
      : {}),
  });
  return { engine, store, leads, content, profile };
}

/**
 * Like {@link createLocalBot}, returning the engine alone.
 *
 * @param clock - the clock the engine and its calendar answers use
 * @param options - the optional model, the re-application window
 */
export async function createLocalEngine(clock: Clock, options: LocalEngineOptions = {}): Promise<Engine> {
  return (await createLocalBot(clock, options)).engine;
}
