/**
 * Plays dialogues against the real engine and looks behind its replies: the flow state is
 * read from the engine's store (`conversationKey` + `readConversationState`), and a
 * submission is a lead of this conversation in the store's leads that was not there before
 * the turn.
 */
import type { Clock } from '../shared/clock.js';
import { readConversationState } from '../core/conversationState.js';
import { conversationKey, type Engine } from '../core/engine.js';
import type { Store } from '../store/contract.js';
import type { DialoguePlayer } from './evaluateDialogues.js';

/** What {@link createEngineDialoguePlayer} drives and reads. */
export interface EngineDialoguePlayerOptions {
  engine: Engine;
  /** The store the engine keeps its conversations and leads in. */
  store: Store;
  clock: Clock;
  /** The channel name of the conversations; default `eval`. */
  channel?: string;
  /** The id dialogues use for the consent step in `answered`; default `consent`, as in the shipped flows. */
  consentStep?: string;
}

/** Ids of the leads saved for one conversation. */
async function leadIdsOf(store: Store, channel: string, userId: string): Promise<Set<string>> {
  const leads = await store.leads.listLeads();
  return new Set(leads.filter((lead) => lead.channel === channel && lead.userId === userId).map((lead) => lead.id));
}

/**
 * Creates a player over the engine.
 *
 * @param options - the engine, its store and clock
 */
export function createEngineDialoguePlayer(options: EngineDialoguePlayerOptions): DialoguePlayer {
  const { engine, store, clock } = options;
  const channel = options.channel ?? 'eval';
  const consentStep = options.consentStep ?? 'consent';
  return {
    start(dialogue, conversationId) {
      const userId = `eval-${conversationId}`.slice(0, 128);
      let messages = 0;
      return {
        async send(message) {
          messages += 1;
          const before = await leadIdsOf(store, channel, userId);
          const replies = await engine.handle({ channel, userId, messageId: `${userId}-${messages}`.slice(-128), deduplicate: false, languageHint: dialogue.lang, ...message });
          const after = await leadIdsOf(store, channel, userId);
          const state = readConversationState(await store.state.get(conversationKey(channel, userId)), clock.now());
          return {
            replies,
            submitted: [...after].some((id) => !before.has(id)),
            // Consent is kept beside the answers; given, it is the consent step's answer. What the
            // applicant said before the check is held to fill it in once they consent: those steps hold an answer too.
            ...(state.flow ? { flowAnswers: { ...(state.flow.consent ? {} : state.prefill), ...state.flow.answers, ...(state.flow.consent ? { [consentStep]: true } : {}) } } : {}),
          };
        },
      };
    },
  };
}
