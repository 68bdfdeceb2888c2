/**
 * Plays dialogues against the naive baseline: every typed turn is a standalone question
 * (no context, no flows, no dialogue acts, no buttons), and a raw action gets the fallback.
 * Expectations the baseline cannot meet simply fail.
 */
import type { Baseline } from './baseline.js';
import type { DialoguePlayer } from './evaluateDialogues.js';

/**
 * Creates a player over the baseline.
 *
 * @param baseline - the baseline bot (`createBaseline`)
 */
export function createBaselineDialoguePlayer(baseline: Baseline): DialoguePlayer {
  return {
    start(dialogue) {
      return {
        send: async (message) => ({ replies: baseline.ask('text' in message ? message.text : '', dialogue.lang), submitted: false }),
      };
    },
  };
}
