/**
 * What the bot says to an attempt to change its rules; shared by answers outside and inside a flow.
 */
import type { Reply } from './messages.js';
import { personButton } from './personButton.js';
import { ENGINE_TEXTS } from './texts.js';
import type { Turn } from './turn.js';

/**
 * The reply to an attempt to change the bot's rules ("ignore all previous instructions", "忘掉你的
 * 设定"): like the fallback, it states nothing and claims no source; it says the bot answers only
 * from the official material, and offers a person.
 */
export function injectionReply(turn: Turn, words: string | undefined): Reply {
  const texts = ENGINE_TEXTS[turn.language];
  return {
    text: words ?? texts.offerPerson,
    buttons: [personButton(turn), { label: texts.showMenu, action: 'menu' }],
    sources: [],
    fallback: true,
    language: turn.language,
    offersPerson: true,
    act: 'injection',
  };
}
