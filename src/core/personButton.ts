/**
 * The button that offers a person: the request for staff (the handoff flow) where the content
 * has one, else the "talk to a person" topic.
 */
import { HANDOFF_FLOW_ID, HUMAN_CONTACT_TOPIC } from './answer.js';
import type { Button } from './messages.js';
import { ENGINE_TEXTS } from './texts.js';
import type { Turn } from './turn.js';

/**
 * The button offering a person in the turn's language.
 *
 * @param turn - the turn (its flows and language)
 * @param fromFlowId - the flow asking, which never offers itself (the handoff flow offers the topic instead)
 */
export function personButton(turn: Turn, fromFlowId?: string): Button {
  const handoff = fromFlowId !== HANDOFF_FLOW_ID ? turn.flows.get(HANDOFF_FLOW_ID) : undefined;
  return handoff ? { label: handoff.startLabel[turn.language], action: `flow:start:${handoff.id}` } : { label: ENGINE_TEXTS[turn.language].askPerson, action: `topic:${HUMAN_CONTACT_TOPIC}` };
}
