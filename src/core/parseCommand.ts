/**
 * Recognises the commands every channel understands, typed or as button actions:
 * start/help/menu, the language switch, privacy ("my data", "forget me"), starting a flow,
 * and the words that steer a flow in progress (cancel, back, continue).
 */
import type { Language } from '../shared/language.js';

/** A recognised command. */
export type Command =
  | { kind: 'menu' }
  | { kind: 'language'; language: Language | 'toggle' }
  | { kind: 'topic'; topic: string }
  | { kind: 'myData' }
  | { kind: 'forget' }
  | { kind: 'forgetConfirmed' }
  | { kind: 'forgetCancelled' }
  | { kind: 'startFlow'; flowId: string }
  | { kind: 'flowButton'; action: string }
  | { kind: 'flowCancel' }
  | { kind: 'flowBack' }
  | { kind: 'flowResume' }
  | { kind: 'keepInformed' }
  | { kind: 'calendar'; action: string };

const TYPED: Record<string, Command> = {};
const add = (command: Command, ...words: string[]) => words.forEach((w) => (TYPED[w] = command));
add({ kind: 'menu' }, '/start', '/help', '/menu', 'start', 'help', 'menu', '菜单', '帮助', '开始', '主菜单');
add({ kind: 'language', language: 'toggle' }, '/lang', 'language', '语言');
add({ kind: 'language', language: 'en' }, '/lang en', 'english', '英文', '英语', 'switch to english', '切换英文');
add({ kind: 'language', language: 'zh' }, '/lang zh', '中文', 'chinese', '切换中文');
add({ kind: 'myData' }, '/mydata', 'my data', '我的信息', '我的数据', '查看我的信息', 'show my data');
add({ kind: 'forget' }, '/forget', 'forget me', '删除我的信息', '删除我的数据', 'delete my data', 'erase my data');
add({ kind: 'startFlow', flowId: 'eligibility' }, '/apply');
add({ kind: 'flowCancel' }, '/cancel', 'cancel', '取消', '退出', 'quit', 'stop');
add({ kind: 'flowBack' }, '/back', 'back', '修改', '返回', '上一步', '返回上一步', 'go back');
add({ kind: 'flowResume' }, '/continue', 'continue', '继续', 'resume');

/**
 * A request to erase one's data said in a sentence ("Please delete all my data", "forget me,
 * delete whatever you've stored", "把我的信息都删了吧"): erasing still asks for a confirmation.
 */
const FORGET_SENTENCE = [
  /\bforget (?:me|about me|everything (?:i|about me)|all (?:my|about me))\b/u,
  /\b(?:delete|erase|remove|wipe|clear)\b[^.?!]{0,24}?\b(?:my (?:data|details|information|info|answers)|all (?:my|of my)\b|everything (?:i|you|about me)|whatever (?:i|you)|what (?:i|you) (?:told|said|stored|saved|have))/u,
  /(?:删除|删掉|删了|清除|清空)(?:一下)?(?:我的)?(?:所有|全部)?(?:的)?(?:信息|数据|资料|记录)|把我[^，。？?！!]{0,8}?(?:信息|数据|资料|记录|内容)(?:都|全部|全都|全)?(?:删|清)|把我(?:刚才|之前|前面)?(?:说|填|讲|写|留)的(?:东西|内容)?(?:都|全部|全都|全)?(?:删|清)|忘掉我|忘了我/u,
];

/**
 * The command in a typed text, if the whole text is one (surrounding spaces and a
 * trailing punctuation mark are ignored; a `@botname` suffix on a slash command too), or a
 * request to erase one's data in a sentence.
 */
export function parseTextCommand(text: string): Command | undefined {
  const words = text
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/^(\/[a-z]+)@\w+/, '$1')
    .replace(/[。.!！?？]+$/, '')
    .trim();
  return TYPED[words] ?? (FORGET_SENTENCE.some((re) => re.test(words)) ? { kind: 'forget' } : undefined);
}

/** The command behind a button action, or undefined for an action this engine does not know. */
export function parseActionCommand(action: string): Command | undefined {
  if (action === 'menu') return { kind: 'menu' };
  if (action === 'lead:keep_informed') return { kind: 'keepInformed' };
  if (action === 'privacy:forget') return { kind: 'forget' };
  if (action === 'privacy:erase') return { kind: 'forgetConfirmed' };
  if (action === 'privacy:keep') return { kind: 'forgetCancelled' };
  if (action === 'privacy:mydata') return { kind: 'myData' };
  if (action.startsWith('calendar:')) return { kind: 'calendar', action };
  const [kind, value, rest] = action.split(':', 3);
  if (kind === 'lang' && (value === 'zh' || value === 'en')) return { kind: 'language', language: value };
  if (kind === 'topic' && value) return { kind: 'topic', topic: value };
  if (kind === 'flow' && value === 'start' && rest) return { kind: 'startFlow', flowId: rest };
  if (kind === 'flow' || kind === 'answer') return { kind: 'flowButton', action };
  return undefined;
}
