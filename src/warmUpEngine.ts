/**
 * Warms the engine before the server takes requests, so that the first burst of a cold
 * process does not stall the event loop (issue 14): the readers built on first use of a
 * content revision (dialogue acts, follow-ups: ≈ 110 ms in one piece), and the first runs
 * of the turn's code (retrieval, flow readers, texts), which V8 compiles as they go.
 *
 * It talks to an engine of its own over an in-process store, so nothing of it is stored,
 * counted, logged or delivered: the warm-up engine has no leads, inbox, funnel, logs or
 * subscriptions. What it leaves behind is what the served engine would have built on its
 * first turns anyway: the per-revision readers and the memos keyed by text (the content's
 * own questions), whose results do not depend on who asked first.
 */
import { createEngine } from './core/engine.js';
import type { InboundMessage, Reply } from './core/messages.js';
import type { Flows } from './flows/loadFlows.js';
import type { DistrictProfile } from './knowledge/districtProfile.js';
import type { KnowledgeSource } from './knowledge/knowledgeBase.js';
import type { Clock } from './shared/clock.js';
import type { Language } from './shared/language.js';
import { createMemoryStore } from './store/memoryStore.js';

/** What the warm-up needs: the served engine's knowledge, profile and flows. */
export interface WarmUpDependencies {
  clock: Clock;
  knowledge: KnowledgeSource;
  profile: DistrictProfile;
  flows: Flows;
}

/** How many steps of each flow are walked by pressing its first answer button. */
const FLOW_STEPS = 8;

/**
 * Runs a few dozen turns: each entry's first question in its language (for every fourth entry a
 * second one in the same conversation, so follow-ups are read), a greeting and a thank-you per language, and
 * the first steps of every flow. Returns the number of turns run.
 */
export async function warmUpEngine(deps: WarmUpDependencies): Promise<number> {
  const engine = createEngine({ clock: deps.clock, store: createMemoryStore(deps.clock), knowledge: deps.knowledge, profile: deps.profile, flows: deps.flows });
  let turns = 0;
  const send = async (user: string, language: Language, input: { text: string } | { action: string }): Promise<Reply[]> => {
    const message: InboundMessage = { channel: 'warm-up', userId: user, messageId: `warm-up-${turns}`, deduplicate: false, languageHint: language, ...input };
    turns++;
    return engine.handle(message);
  };
  const { entries } = deps.knowledge.current().content;
  for (const [i, entry] of entries.entries()) {
    const user = `entry-${i}`;
    for (const question of entry.questions.slice(0, i % 4 === 0 ? 2 : 1)) await send(user, entry.language, { text: question });
  }
  for (const language of ['zh', 'en'] as const) {
    const user = `acts-${language}`;
    for (const text of language === 'zh' ? ['你好', 'rencai butie', '谢谢'] : ['hello', 'housing subsidy', 'thanks']) await send(user, language, { text });
    for (const flow of deps.flows.values()) {
      let replies = await send(`flow-${flow.id}-${language}`, language, { action: `flow:start:${flow.id}` });
      for (let step = 0; step < FLOW_STEPS; step++) {
        const next = replies.flatMap((r) => r.buttons).find((b) => b.action.startsWith('answer:'));
        if (!next) break;
        replies = await send(`flow-${flow.id}-${language}`, language, { action: next.action });
      }
    }
  }
  return turns;
}
