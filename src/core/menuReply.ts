/**
 * The welcome with the menu: the profile's greeting and example questions, the notice of the
 * conversation logs when they are kept, the topic buttons this district's content has, the
 * flows shown in the menu, "continue" when a check is in progress, and the language switch.
 */
import { HUMAN_CONTACT_TOPIC } from './answer.js';
import type { Reply } from './messages.js';
import { ENGINE_TEXTS } from './texts.js';
import type { Turn } from './turn.js';

/** The profile's greeting and example questions in the turn's language, and the notice of the logs when they are kept. */
export function menuWording(turn: Turn): { greeting: string; examples: readonly string[]; notice?: string } {
  const notice = turn.logRetentionDays !== undefined ? ENGINE_TEXTS[turn.language].logNotice(turn.logRetentionDays) : undefined;
  return { greeting: turn.profile.greeting[turn.language], examples: turn.profile.examples[turn.language], ...(notice ? { notice } : {}) };
}

/** The menu reply of this turn. */
export function menuReply(turn: Turn): Reply {
  const texts = ENGINE_TEXTS[turn.language];
  const flowButtons = [...turn.flows.values()].filter((f) => f.inMenu).map((f) => ({ label: f.startLabel[turn.language], action: `flow:start:${f.id}` }));
  const resume = turn.state.flow ? [{ label: texts.continueFlow, action: 'flow:resume' }] : [];
  // Topic buttons only for topics this district's content has.
  const topics = new Set(turn.knowledge.content.topics.map((t) => t.id));
  const topicButtons = texts.menuButtons.filter((b) => !b.action.startsWith('topic:') || topics.has(b.action.slice('topic:'.length)));
  return {
    text: texts.menu(menuWording(turn)),
    buttons: [...resume, ...topicButtons, ...flowButtons, texts.switchLanguageButton],
    sources: [],
    fallback: false,
    language: turn.language,
    ...(topicButtons.some((b) => b.action === `topic:${HUMAN_CONTACT_TOPIC}`) ? { offersPerson: true } : {}),
  };
}

/** The menu after "that button no longer works". */
export function unknownActionReply(turn: Turn): Reply {
  const texts = ENGINE_TEXTS[turn.language];
  return { ...menuReply(turn), text: `${texts.unknownAction}\n\n${texts.menu(menuWording(turn))}` };
}
