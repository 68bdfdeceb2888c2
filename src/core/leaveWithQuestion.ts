/**
 * Leaving a check in progress in words ("不填了", "forget it, stop"), and the question that may
 * come in the same message ("算了，先不报了，你们都有哪些比赛", "never mind, what events do you have?"):
 * the check is left (or paused) and the question answered in the same turn.
 */
import { plainText } from '../flows/plainText.js';

/** Words that leave a check in progress ("不填了", "forget it, stop"). */
export const LEAVING = /不填了|不想填|不弄了|不测了|不做了|不想做了|不报了|先不报|不申请了|算了不用|不用了|退出|取消|^算了|下次再说|改天再|以后再说|还没准备好|forget it|never ?mind|\b(?:stop|quit|cancel)\b(?=\s*(?:$|[,.!;，。！]|(?:it|this|that|now|please|pls|asking|here|everything)\b|the (?:check|form|application|assessment|test|questions)\b))|don'?t want to continue|do not want to continue|not ready yet|some other time|another time/u;

/** A question, or the start of one, in what is left after the leaving words. */
const ASKS = /[?？]|[吗呢么嘛]\s*$|什么|怎么|多少|哪些|哪里|哪个|哪儿|几个|是否|能否|有没有|可不可以|想问|问问|问一下|了解一下|介绍一下|\b(?:what|how|when|where|which|who|why|is there|are there|can i|could you|do you|tell me)\b/iu;
/** What a leaving clause may end with before the question begins ("算了吧", "先不报了"). */
const TAIL = /^[了吧啊呀哈啦嘛\s]+/u;
/** Fewer characters than this left after the leaving words are no question. */
const MIN_QUESTION_CHARS = 4;

/**
 * The question after the leaving words of `text`, or undefined when the message only leaves
 * (or does not leave at all).
 */
export function questionAfterLeaving(text: string): string | undefined {
  if (!LEAVING.test(plainText(text)) || [...text].length > 80) return undefined;
  const clauses = text.split(/[，,。.;；!！、\n]+/u).map((c) => c.trim()).filter(Boolean);
  let i = 0;
  let head = '';
  for (; i < clauses.length; i++) {
    const match = LEAVING.exec(plainText(clauses[i]!));
    if (!match) break;
    // "不填了你们有哪些比赛": the leaving words and the question in one clause.
    const after = plainText(clauses[i]!).slice(match.index + match[0].length).replace(TAIL, '');
    if ([...after].length >= MIN_QUESTION_CHARS) {
      head = after;
      i += 1;
      break;
    }
  }
  if (i === 0) return undefined;
  const rest = [head, ...clauses.slice(i)].filter(Boolean).join('，');
  return [...rest].length >= MIN_QUESTION_CHARS && ASKS.test(rest) ? rest : undefined;
}
