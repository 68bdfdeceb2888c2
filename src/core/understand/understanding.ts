/**
 * What the engine understands besides policy questions, built once per content revision:
 * dialogue acts and follow-ups, from `knowledge/dialogue-acts.yaml`.
 */
import { NO_DIALOGUE_ACTS } from '../../knowledge/dialogueActSchema.js';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import { createActRecogniser, type ActRecogniser } from './recogniseAct.js';
import { createFollowUpReader, type FollowUpReader } from './readFollowUp.js';

/** Readers of one content revision. */
export interface Understanding {
  acts: ActRecogniser;
  followUps: FollowUpReader;
}

const built = new WeakMap<KnowledgeBase, Understanding>();

/** The readers for a knowledge base, built on first use and kept while it is in force. */
export function understandingOf(knowledge: KnowledgeBase): Understanding {
  let understanding = built.get(knowledge);
  if (!understanding) {
    const acts = knowledge.content.dialogueActs ?? NO_DIALOGUE_ACTS;
    understanding = { acts: createActRecogniser(acts), followUps: createFollowUpReader(acts) };
    built.set(knowledge, understanding);
  }
  return understanding;
}
