/**
 * Shared fakes and builders for tests: the real app and engine on the shipped knowledge,
 * with a manual clock and a fresh in-process store. Nothing of ours is mocked.
 */
import path from 'node:path';
import { createAnswerFeedbackRecorder } from '../../src/admin/feedback/answerFeedbackLog.js';
import type { App } from '../../src/app.js';
import { buildWebApp } from './webApp.js';
import { PROJECT_ROOT } from '../../src/config/projectRoot.js';
import { createManualClock } from '../../src/shared/clock.js';
import { createEngine, type Engine } from '../../src/core/engine.js';
import { loadDistrictProfile, type DistrictProfile } from '../../src/knowledge/districtProfile.js';
import { buildKnowledgeBase, fixedKnowledge, type KnowledgeBase } from '../../src/knowledge/knowledgeBase.js';
import { loadKnowledge } from '../../src/knowledge/loadKnowledge.js';
import type { Clock } from '../../src/shared/clock.js';
import { loadFlows, type Flows } from '../../src/flows/loadFlows.js';
import { createLeadService } from '../../src/leads/createLeadService.js';
import type { LeadService } from '../../src/leads/leadService.js';
import { parsePartners } from '../../src/leads/partners.js';
import type { Store } from '../../src/store/contract.js';
import { createMemoryStore } from '../../src/store/memoryStore.js';

/** The shipped knowledge folder. */
export const KNOWLEDGE_DIR = path.join(PROJECT_ROOT, 'knowledge');
/** The shared folder beside the project: its public evaluation set, which the eval tests are about (other fixtures are copied to test/fixtures). */
export const SHARED_DIR = path.join(PROJECT_ROOT, '..', 'shared');
/**
 * A small knowledge folder (`test/fixtures/small-knowledge`): eight of the shipped topics, the
 * flows' among them, with their entries, and the shipped profile, calendar, lexicon and dialogue
 * acts. For tests of loading, checking and reloading content, whose counts must not change
 * whenever the shipped content does.
 */
export const SMALL_KNOWLEDGE_DIR = path.join(PROJECT_ROOT, 'test', 'fixtures', 'small-knowledge');
/** What `npm run kb:check` reports for {@link SMALL_KNOWLEDGE_DIR}. */
export const SMALL_KNOWLEDGE_SUMMARY = 'knowledge OK: 16 entries in 8 topics, 5 calendar events, 110 synonym groups; profile of Wujin District (Asia/Shanghai)';
/** A fixed "now" for tests: 2026-03-01 09:00 in the shipped district's time zone. */
export const TEST_NOW = '2026-03-01T01:00:00Z';

let shippedKnowledge: Promise<KnowledgeBase> | undefined;
/** The shipped knowledge base, loaded once per test file. */
export function shippedKnowledgeBase(): Promise<KnowledgeBase> {
  shippedKnowledge ??= loadKnowledge(KNOWLEDGE_DIR).then((content) => buildKnowledgeBase(content));
  return shippedKnowledge;
}

let shippedProfileLoad: Promise<DistrictProfile> | undefined;
/** The shipped district profile (`knowledge/profile.yaml`), loaded once per test file. */
export function shippedProfile(): Promise<DistrictProfile> {
  shippedProfileLoad ??= loadDistrictProfile(KNOWLEDGE_DIR);
  return shippedProfileLoad;
}

/** Everything a test needs to drive the bot. */
export interface TestBot {
  clock: ReturnType<typeof createManualClock>;
  store: Store;
  knowledge: KnowledgeBase;
  profile: DistrictProfile;
}

/** A fresh store and manual clock over the shipped knowledge and profile. */
export async function createTestBot(now: string = TEST_NOW): Promise<TestBot> {
  const clock = createManualClock(now);
  return { clock, store: createMemoryStore(clock), knowledge: await shippedKnowledgeBase(), profile: await shippedProfile() };
}

/** The real engine over {@link createTestBot}'s parts. */
export async function createTestEngine(now?: string): Promise<TestBot & { engine: Engine }> {
  const bot = await createTestBot(now);
  return { ...bot, engine: createEngine({ clock: bot.clock, store: bot.store, knowledge: fixedKnowledge(bot.knowledge), profile: bot.profile }) };
}

/**
 * Partners for tests: an integrated-circuits partner with a webhook (never called here: no
 * outbox worker runs in these tests; deliveries are tested in test/leads), a new-energy pair
 * (for even spread) and the office.
 */
export const TEST_PARTNERS_YAML = `
partners:
  - { id: ic-partner, name: 集成电路引才合伙人, industries: [integrated_circuits, electronic_information], fallback: false, ackWithinHours: 24, delivery: [{ type: webhook, url: 'http://127.0.0.1:9/never-called', secretEnv: TEST_IC_SECRET }] }
  - { id: energy-a, name: 新能源引才合伙人甲, industries: [new_energy], fallback: false, ackWithinHours: 24, delivery: [] }
  - { id: energy-b, name: 新能源引才合伙人乙, industries: [new_energy], fallback: false, ackWithinHours: 24, delivery: [] }
  - { id: talent-office, name: 武进区人才工作部门, industries: [], fallback: true, ackWithinHours: 24, delivery: [] }
`;

/** The environment the test partners' secrets are read from. */
export const TEST_PARTNER_ENV = { TEST_IC_SECRET: `whsec_${Buffer.from('talentbot-test-secret-32-bytes!!').toString('base64')}` };

/** A lead service over a test bot's store and clock, routing to {@link TEST_PARTNERS_YAML}. */
export function createTestLeadService(bot: Pick<TestBot, 'store' | 'clock'>): LeadService {
  return createLeadService({ store: bot.store, clock: bot.clock, partners: parsePartners(TEST_PARTNERS_YAML, 'test-partners.yaml', TEST_PARTNER_ENV) });
}

/** The shipped flows. */
export function shippedFlows(): Promise<Flows> {
  return loadFlows(path.join(PROJECT_ROOT, 'flows'));
}

/**
 * The real app with the shipped flows and a lead service over the same store.
 *
 * @param now - the start time of the manual clock
 * @param store - a store to use instead of a fresh in-process one
 */
export async function createTestAppWithFlows(now?: string, store?: (clock: Clock) => Store, options: { feedback?: boolean } = {}): Promise<TestBot & { app: App; leads: LeadService }> {
  const clock = createManualClock(now ?? TEST_NOW);
  const bot: TestBot = { clock, store: store ? store(clock) : createMemoryStore(clock), knowledge: await shippedKnowledgeBase(), profile: await shippedProfile() };
  const leads = createTestLeadService(bot);
  const app = buildWebApp({
    clock: bot.clock,
    store: bot.store,
    knowledge: fixedKnowledge(bot.knowledge),
    profile: bot.profile,
    flows: await shippedFlows(),
    leads,
    promptValues: { unqualifiedRetentionDays: 90 },
    ...(options.feedback ? { feedback: createAnswerFeedbackRecorder(bot.store, bot.clock) } : {}),
  });
  return { ...bot, app, leads };
}

/** The real HTTP app over {@link createTestBot}'s parts, recording ratings of answers in its store; call `app.http.close()` after. */
export async function createTestApp(now?: string): Promise<TestBot & { app: App }> {
  const bot = await createTestBot(now);
  const feedback = createAnswerFeedbackRecorder(bot.store, bot.clock);
  return { ...bot, app: buildWebApp({ clock: bot.clock, store: bot.store, knowledge: fixedKnowledge(bot.knowledge), profile: bot.profile, feedback }) };
}

/** A district's own folders: content (with its `profile.yaml`) and flows. */
export interface DistrictFolders {
  knowledgeDir: string;
  flowsDir: string;
}

/** The fixture district B (`test/fixtures/district-b`): Lindenau, Europe/Berlin, English by default. */
export const DISTRICT_B: DistrictFolders = {
  knowledgeDir: path.join(PROJECT_ROOT, 'test', 'fixtures', 'district-b', 'knowledge'),
  flowsDir: path.join(PROJECT_ROOT, 'test', 'fixtures', 'district-b', 'flows'),
};

/**
 * The real app and engine of another district, loaded from its folders exactly as
 * `startServer` loads them, over a fresh in-process store, a manual clock and a lead service
 * routing to `partnersYaml`.
 *
 * @param district - the district's folders
 * @param partnersYaml - the district's partners file
 * @param now - the start time of the manual clock
 */
export async function createDistrictTestApp(district: DistrictFolders, partnersYaml: string, now: string = TEST_NOW): Promise<TestBot & { app: App; leads: LeadService; flows: Flows }> {
  const clock = createManualClock(now);
  const content = await loadKnowledge(district.knowledgeDir);
  const profile = await loadDistrictProfile(district.knowledgeDir);
  const flows = await loadFlows(district.flowsDir, new Set(content.topics.map((t) => t.id)));
  const bot: TestBot = { clock, store: createMemoryStore(clock), knowledge: buildKnowledgeBase(content), profile };
  const leads = createLeadService({ store: bot.store, clock, partners: parsePartners(partnersYaml, 'district-partners.yaml', TEST_PARTNER_ENV) });
  const app = buildWebApp({ clock, store: bot.store, knowledge: fixedKnowledge(bot.knowledge), profile, flows, leads, promptValues: { unqualifiedRetentionDays: 90 } });
  return { ...bot, app, leads, flows };
}
