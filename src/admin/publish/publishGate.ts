/**
 * Publishing is gated by evaluation. The draft and the published revision are both scored
 * against the regression set with the real engine (each question in a fresh conversation,
 * as `npm run eval` does). Publishing is blocked when
 *
 * - the draft passes fewer questions than the published revision (a drop in accuracy), or
 * - any answer of the draft matches a question's `forbid` pattern (a forbidden figure, such
 *   as an amount for the start-up grant that the source lost), or
 * - a topic the flows rely on is gone.
 *
 * The result lists the questions that broke (passed before, fail now) and every failing one.
 * Figures that appear in the draft but nowhere in the published content are listed as a
 * warning for the reviewer (a new amount must come from a source), without blocking.
 */
import type { Clock } from '../../shared/clock.js';
import { createEngine } from '../../core/engine.js';
import { evaluate, type EvalCase, type EvalReport, type EvalResult } from '../../eval/evaluate.js';
import { extractFigures } from '../../knowledge/extractFigures.js';
import type { DistrictProfile } from '../../knowledge/districtProfile.js';
import { fixedKnowledge, type KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import type { KnowledgeContent } from '../../knowledge/loadKnowledge.js';
import { createMemoryStore } from '../../store/memoryStore.js';

/** Why publishing is blocked. */
export type GateBlock = { kind: 'accuracy'; draft: number; published: number } | { kind: 'forbidden'; count: number } | { kind: 'topics'; missing: string[] };

/** The verdict on a draft. */
export interface GateResult {
  blocked: boolean;
  blocks: GateBlock[];
  draft: EvalReport;
  published: EvalReport;
  /** Questions the published revision passes and the draft fails. */
  broken: EvalResult[];
  /** Every question the draft fails. */
  failing: EvalResult[];
  /** Questions whose draft answer matches a forbidden pattern. */
  forbidden: EvalResult[];
  /** Figures stated in the draft and nowhere in the published content, by where they are. */
  newFigures: Array<{ where: string; figures: number[] }>;
}

/**
 * Scores a knowledge base with the real engine.
 *
 * @param knowledge - the base to score
 * @param cases - the questions
 * @param clock - the time calendar answers are given at
 * @param profile - the district profile the engine runs with
 */
export async function evaluateKnowledge(knowledge: KnowledgeBase, cases: readonly EvalCase[], clock: Clock, profile: DistrictProfile): Promise<EvalReport> {
  const engine = createEngine({ clock, store: createMemoryStore(clock), knowledge: fixedKnowledge(knowledge), profile });
  return evaluate(cases, (c) => engine.handle({ channel: 'eval', userId: `eval-${c.id}`, messageId: c.id, text: c.q, languageHint: c.lang }));
}

/** Checks drafts; remembers the published revision's score per revision and question set. */
export interface PublishGate {
  check(input: { draft: KnowledgeBase; published: KnowledgeBase; publishedRevision: number; cases: readonly EvalCase[] }): Promise<GateResult>;
}

/**
 * Creates the gate.
 *
 * @param clock - the time evaluations run at
 * @param requiredTopics - topics every revision must keep
 */
export function createPublishGate(clock: Clock, profile: DistrictProfile, requiredTopics: ReadonlySet<string> = new Set()): PublishGate {
  const cache = new Map<string, Promise<EvalReport>>();
  return {
    async check({ draft, published, publishedRevision, cases }) {
      const key = `${publishedRevision}\0${JSON.stringify(cases)}`;
      let publishedReport = cache.get(key);
      if (!publishedReport) {
        cache.clear();
        publishedReport = evaluateKnowledge(published, cases, clock, profile);
        cache.set(key, publishedReport);
        publishedReport.catch(() => cache.delete(key));
      }
      const [before, after] = await Promise.all([publishedReport, evaluateKnowledge(draft, cases, clock, profile)]);
      const passedBefore = new Set(before.results.filter((r) => r.pass).map((r) => r.id));
      const broken = after.results.filter((r) => !r.pass && passedBefore.has(r.id));
      const failing = after.results.filter((r) => !r.pass);
      const forbidden = after.results.filter((r) => r.reasons.some((reason) => reason.includes('forbidden')));
      const topics = new Set(draft.content.topics.map((t) => t.id));
      const missing = [...requiredTopics].filter((t) => !topics.has(t));
      const blocks: GateBlock[] = [];
      if (after.overall.passed < before.overall.passed) blocks.push({ kind: 'accuracy', draft: after.overall.accuracy, published: before.overall.accuracy });
      if (forbidden.length) blocks.push({ kind: 'forbidden', count: forbidden.length });
      if (missing.length) blocks.push({ kind: 'topics', missing });
      return { blocked: blocks.length > 0, blocks, draft: after, published: before, broken, failing, forbidden, newFigures: newFigures(published.content, draft.content) };
    },
  };
}

function contentTexts(content: KnowledgeContent): Array<[string, string]> {
  return [
    ...content.entries.map((e): [string, string] => [e.id, `${e.title}\n${e.body}`]),
    ...content.calendar.events.map((e): [string, string] => [`calendar: ${e.id}`, JSON.stringify([e.name, e.region, e.note ?? '', e.year ?? ''])]),
    ['calendar: howToHear', JSON.stringify(content.calendar.howToHear)],
  ];
}

function newFigures(before: KnowledgeContent, after: KnowledgeContent): Array<{ where: string; figures: number[] }> {
  const known = new Set(contentTexts(before).flatMap(([, text]) => extractFigures(text)));
  return contentTexts(after)
    .map(([where, text]) => ({ where, figures: [...new Set(extractFigures(text).filter((f) => !known.has(f)))] }))
    .filter((x) => x.figures.length > 0);
}
