/**
 * The commands every channel understands, registered into the turn's handler table: the
 * menu, the language switch, a topic button, privacy ("my data", "forget me"), keeping an
 * applicant informed, starting a flow and steering the one in progress (cancel, back,
 * continue, its buttons).
 */
import { answerTopic, fallbackReply } from './answer.js';
import { offerFeedback } from './answerFeedback.js';
import { confirmForget, describeMyData, forgetConfirmed, keepApplicantInformed } from './handlePrivacy.js';
import { FLOW_ACTIONS } from '../flows/runFlow.js';
import { menuReply, unknownActionReply } from './menuReply.js';
import type { Reply } from './messages.js';
import { pressButtonInFlow, startFlowTurn, withFlowButtons } from './runFlowTurn.js';
import { ENGINE_TEXTS } from './texts.js';
import type { TurnHandlers } from './turnHandlers.js';
import { say, type Turn } from './turn.js';

/**
 * Registers the built-in commands.
 *
 * @param handlers - the table to register into
 * @param decorate - what the engine adds to a topic's answer (e.g. the calendar's "notify me" button)
 */
export function registerCoreCommands(handlers: TurnHandlers, decorate: (turn: Turn, reply: Reply) => Reply = (_, r) => r): TurnHandlers {
  const texts = (turn: Turn) => ENGINE_TEXTS[turn.language];
  return handlers
    .command('menu', (turn) => {
      turn.replies.push({ ...menuReply(turn), act: 'menu' });
      return true;
    })
    .command('language', (turn, command) => {
      const chosen = command.language === 'toggle' ? (turn.previousLanguage === 'en' ? 'zh' : 'en') : command.language;
      turn.language = chosen;
      turn.state.language = chosen;
      const menu = menuReply(turn);
      turn.replies.push({ ...menu, text: `${ENGINE_TEXTS[chosen].languageSwitched}\n\n${menu.text}` });
      return true;
    })
    .command('topic', (turn, command) => {
      const reply = answerTopic(turn.knowledge, command.topic, turn.language, turn.now, turn.profile.timeZone);
      turn.state.lastTopic = reply ? command.topic : undefined;
      const shown = decorate(turn, withFlowButtons(turn, reply ?? fallbackReply(turn.language)));
      offerFeedback(turn.state, shown, turn.inbound.action ?? `topic:${command.topic}`);
      turn.replies.push(shown);
      return true;
    })
    // "My data" describes what is kept; features with data of their own register after it and add theirs.
    .command('myData', async (turn) => {
      await describeMyData(turn);
      return false;
    })
    .command('forget', (turn) => (confirmForget(turn), true))
    .command('forgetConfirmed', async (turn) => (await forgetConfirmed(turn), true))
    // Kept, a check stopped by the request waits for "continue", and the applicant is told so.
    .command('forgetCancelled', (turn) => (turn.state.pausedFlow ? say(turn, `${texts(turn).forgetKept}\n${texts(turn).flowPaused}`, [{ label: texts(turn).continueFlow, action: FLOW_ACTIONS.resume }]) : say(turn, texts(turn).forgetKept), true))
    .command('keepInformed', async (turn) => (await keepApplicantInformed(turn), true))
    .command('startFlow', (turn, command) => (startFlowTurn(turn, command.flowId), true))
    .command('flowButton', async (turn, command) => {
      if (turn.state.flow) await pressButtonInFlow(turn, command.action);
      else say(turn, texts(turn).flowGone, menuReply(turn).buttons);
      return true;
    })
    .command('flowCancel', steer('flowCancel'))
    .command('flowBack', steer('flowBack'))
    .command('flowResume', steer('flowResume'));
}

/** A steering word: pressed in the check in progress; without one, the words are read as a message. */
function steer(action: 'flowCancel' | 'flowBack' | 'flowResume') {
  return async (turn: Turn): Promise<boolean> => {
    if (!turn.state.flow) return false;
    const before = turn.replies.length;
    await pressButtonInFlow(turn, action);
    // "继续" typed in the check goes on with its question: the reply says it was heard as such.
    const asked = turn.replies[before];
    if (action === 'flowResume' && asked && !asked.act) asked.act = 'resume';
    return true;
  };
}

/** The reply to a button this engine does not know (or no handler answered): the menu, saying the button no longer works. */
export function answerUnknownAction(turn: Turn): true {
  turn.replies.push(unknownActionReply(turn));
  return true;
}
