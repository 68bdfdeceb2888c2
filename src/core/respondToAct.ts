/**
 * What the bot does for a dialogue act outside a check: a greeting or "what can you do"
 * gets the welcome with the menu, "我要报名" starts the eligibility check, asking for a person
 * starts the request for one, frustration gets an apology and the offer of a person, yes
 * and no answer the last offer, thanks and goodbye get a short answer. The words come from
 * `knowledge/dialogue-acts.yaml`; the acts inside a check are handled in `runFlowTurn.ts`.
 */
import { personButton } from './personButton.js';
import type { DialogueActId } from '../knowledge/dialogueActSchema.js';
import { answerTopic, HUMAN_CONTACT_TOPIC } from './answer.js';
import { readApplicantFacts } from './answerSelfDescription.js';
import type { Reply } from './messages.js';
import { injectionReply } from './injectionReply.js';
import { HANDOFF_FLOW_ID, resumePausedFlow, startFlowTurn, withFlowButtons } from './runFlowTurn.js';
import { ENGINE_TEXTS } from './texts.js';
import type { Turn } from './turn.js';

/** Keeps the topic of a sourced answer given with an act, for follow-ups. */
function remember(turn: Turn, topic: string, answer: Reply | undefined): void {
  if (!answer) return;
  turn.state.lastTopic = topic;
  turn.state.lastEntryId = answer.sources[0]?.id;
}

/** The topic answered with "I want to apply": who can take part and how. */
const ELIGIBILITY_TOPIC = 'eligibility';

/**
 * Responds to `act`.
 *
 * @param turn - the turn
 * @param act - the recognised act
 * @param menu - the menu reply of this turn
 * @param text - what the applicant wrote ("我是博士，想看看能不能参加": what it says about them pre-fills the check)
 * @returns false when the act needs no special response here (the text is then answered as a question)
 */
export function respondToAct(turn: Turn, act: DialogueActId, menu: () => Reply, text = ''): boolean {
  const words = turn.knowledge.content.dialogueActs?.acts[act]?.reply?.[turn.language];
  const texts = ENGINE_TEXTS[turn.language];
  const offer = turn.state.offer;
  turn.state.offer = undefined;
  const push = (reply: Reply) => turn.replies.push({ ...reply, act });
  const startFlow = (flowId: string, before?: string) => {
    if (before) push({ text: before, buttons: [], sources: [], fallback: false, language: turn.language, ...(act === 'human' ? { offersPerson: true } : {}) });
    startFlowTurn(turn, flowId);
    const last = turn.replies.at(-1);
    if (last) last.act = act;
  };
  switch (act) {
    case 'greeting':
    case 'help':
    case 'restart':
    case 'menu': {
      const m = menu();
      push({ ...m, text: words ? `${words}\n\n${m.text}` : m.text });
      return true;
    }
    case 'thanks':
    case 'goodbye':
      push({ text: words ?? texts.stored, buttons: [], sources: [], fallback: false, language: turn.language });
      return true;
    case 'human': {
      // How to reach the office (sourced), then the request for staff to call back.
      const contact = answerTopic(turn.knowledge, HUMAN_CONTACT_TOPIC, turn.language, turn.now, turn.profile.timeZone);
      if (contact) push({ ...contact, offersPerson: true });
      if (turn.flows.has(HANDOFF_FLOW_ID)) startFlow(HANDOFF_FLOW_ID, words);
      else if (!contact) push(menu());
      remember(turn, HUMAN_CONTACT_TOPIC, contact);
      return true;
    }
    case 'apply': {
      // Who can take part (sourced), then the check itself.
      const flow = [...turn.flows.values()].find((f) => f.onConfirm === 'qualify_and_submit');
      const answer = answerTopic(turn.knowledge, ELIGIBILITY_TOPIC, turn.language, turn.now, turn.profile.timeZone);
      if (!flow && !answer) return false;
      const facts = readApplicantFacts(turn, text);
      if (flow && Object.keys(facts).length) turn.state.prefill = { ...turn.state.prefill, ...facts };
      if (answer) push(flow ? answer : withFlowButtons(turn, answer));
      if (flow) startFlow(flow.id);
      remember(turn, ELIGIBILITY_TOPIC, answer);
      return true;
    }
    case 'resume':
    case 'back':
      if (resumePausedFlow(turn)) {
        const last = turn.replies.at(-1);
        if (last) last.act = act;
        return true;
      }
      // Nothing to continue or go back in: the menu.
      push({ ...menu(), text: `${texts.flowGone}\n\n${menu().text}` });
      return true;
    case 'privacy':
      push({ text: words ?? texts.myDataEmpty, buttons: [{ label: texts.myDataButton, action: 'privacy:mydata' }, { label: texts.askForgetButton, action: 'privacy:forget' }], sources: [], fallback: false, language: turn.language });
      return true;
    case 'injection':
      push(injectionReply(turn, words));
      return true;
    case 'frustration': {
      const handoff = turn.flows.get(HANDOFF_FLOW_ID);
      push({
        text: words ?? texts.offerPerson,
        buttons: [
          personButton(turn),
          { label: texts.showMenu, action: 'menu' },
        ],
        sources: [],
        fallback: false,
        language: turn.language,
        offersPerson: true,
      });
      turn.state.offer = handoff ? { kind: 'flow', flowId: handoff.id } : undefined;
      return true;
    }
    case 'yes':
      if (offer?.kind === 'flow' && turn.flows.has(offer.flowId)) {
        startFlow(offer.flowId);
        return true;
      }
      if (offer?.kind === 'topic') {
        const answer = answerTopic(turn.knowledge, offer.topic, turn.language, turn.now, turn.profile.timeZone);
        if (answer) {
          push(withFlowButtons(turn, answer));
          remember(turn, offer.topic, answer);
          return true;
        }
      }
      push({ text: turn.knowledge.content.dialogueActs?.acts.no?.reply?.[turn.language] ?? texts.stored, buttons: [], sources: [], fallback: false, language: turn.language });
      return true;
    case 'no':
      if (offer) turn.state.prefill = undefined;
      push({ text: words ?? texts.forgetKept, buttons: [], sources: [], fallback: false, language: turn.language });
      return true;
    case 'subscribe':
    case 'unsubscribe':
      // Calendar subscriptions (`src/calendar/subscriptionTurn.ts`); without them, the words are a question.
      return false;
  }
}
