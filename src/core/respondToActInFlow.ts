/**
 * Dialogue acts heard in the middle of a check (`runFlowTurn.ts` decides when): each is
 * answered briefly and the check's question is asked again, or the request for a person
 * starts, or a goodbye keeps the answers for later.
 */
import type { Flow } from '../flows/flowSchema.js';
import { FLOW_ACTIONS, promptStep } from '../flows/runFlow.js';
import { HANDOFF_FLOW_ID } from './answer.js';
import { ask, contextOf, resumeFlow, startFlowTurn } from './flowTurnParts.js';
import { injectionReply } from './injectionReply.js';
import { personButton } from './personButton.js';
import { ENGINE_TEXTS } from './texts.js';
import type { Turn } from './turn.js';

/**
 * A dialogue act in the middle of a check: asking for a person starts the request for one,
 * frustration gets an apology and the offer of a person before the question, greetings, thanks, goodbyes and
 * "what can you do" get a short answer — and the same question again.
 *
 * @returns true when the message was an act and was answered
 */
export function respondToActInFlow(turn: Turn, flow: Flow, text: string): boolean {
  const match = turn.understanding.acts(text);
  if (!match || match.rest) return false;
  const texts = ENGINE_TEXTS[turn.language];
  const acts = turn.knowledge.content.dialogueActs?.acts ?? {};
  const words = acts[match.act]?.reply?.[turn.language];
  const state = turn.state.flow;
  if (!state) return false;
  const act = match.act;
  /** A short answer to the act, and the same question again. */
  const answerAndAskAgain = (): true => {
    ask(turn, promptStep(flow, state, contextOf(turn)), [words, texts.backToQuestion].filter(Boolean).join('\n'));
    turn.replies.at(-1)!.act = act;
    return true;
  };
  switch (match.act) {
    case 'human': {
      // Asked again while the request for a person is being taken: it is under way, and its question follows.
      if (flow.id === HANDOFF_FLOW_ID) {
        ask(turn, promptStep(flow, state, contextOf(turn)), texts.backToQuestion);
        Object.assign(turn.replies.at(-1)!, { act: 'human', offersPerson: true });
        return true;
      }
      const handoff = turn.flows.get(HANDOFF_FLOW_ID);
      if (!handoff) return false;
      if (words) turn.replies.push({ text: words, buttons: [], sources: [], fallback: false, language: turn.language, act: 'human', offersPerson: true });
      // The check's answers wait (after consent) while the request for a person is taken: "let's continue with the questions" goes back to them.
      const waiting = state.consent !== undefined ? state : undefined;
      startFlowTurn(turn, handoff.id);
      if (waiting) turn.state.pausedFlow = waiting;
      return true;
    }
    case 'frustration': {
      // An apology and the offer of a person, then the same question: whoever is annoyed by it can still answer it.
      turn.replies.push({ text: words ?? texts.offerPerson, buttons: [personButton(turn, flow.id)], sources: [], fallback: false, language: turn.language, act: 'frustration', offersPerson: true });
      ask(turn, promptStep(flow, state, contextOf(turn)), texts.backToQuestion);
      return true;
    }
    case 'resume': {
      // Going back to the check from the request for a person started in its middle.
      const paused = turn.state.pausedFlow;
      if (flow.id !== HANDOFF_FLOW_ID || !paused || !turn.flows.has(paused.flowId)) return answerAndAskAgain();
      turn.state.flow = { ...paused, updatedAt: turn.now };
      turn.state.pausedFlow = undefined;
      resumeFlow(turn);
      turn.replies.at(-1)!.act = 'resume';
      return true;
    }
    case 'greeting':
    case 'thanks':
    case 'help':
    case 'apply':
    case 'privacy':
      return answerAndAskAgain();
    case 'restart':
      // "Can we start over from the beginning?": every answer goes, and the check begins again with its privacy notice.
      startFlowTurn(turn, flow.id);
      turn.replies.at(-1)!.act = 'restart';
      return true;
    case 'injection':
      turn.replies.push(injectionReply(turn, words));
      ask(turn, promptStep(flow, state, contextOf(turn)), texts.backToQuestion);
      return true;
    case 'goodbye':
      turn.replies.push({ text: [words, texts.flowKept].filter(Boolean).join('\n'), buttons: [{ label: texts.continueFlow, action: FLOW_ACTIONS.resume }], sources: [], fallback: false, language: turn.language, act: 'goodbye' });
      return true;
    default:
      return false;
  }
}
