/**
 * Yes or no in the applicant's own words, for the privacy notice, the summary and the flow's
 * yes/no questions: the dialogue acts first ("行 同意", "nah"), then the words below, with
 * "no problem" and its kin read as a yes.
 */
import { plainText } from '../flows/plainText.js';
import type { Turn } from './turn.js';

/** Acts that are never an answer to a free-text question (and agree to nothing). */
export const SOCIAL_ACTS: ReadonlySet<string> = new Set(['thanks', 'goodbye', 'greeting']);

/** Yes or no in the applicant's words ("行 同意", "sure, go ahead", "没问题提交吧", "不同意"). */
export function readYesNo(turn: Turn, text: string): 'yes' | 'no' | undefined {
  const act = turn.understanding.acts(text)?.act;
  if (act === 'yes') return 'yes';
  if (act === 'no') return 'no';
  const plain = plainText(text);
  // "好的，非常感谢" closes the conversation; it does not agree to anything ("no thanks" still declines).
  // "没问题 就这样" agrees and closes at once.
  if (act !== undefined && SOCIAL_ACTS.has(act)) return YES_DESPITE_NO.test(plain) ? 'yes' : NO_WORDS.test(plain) ? 'no' : undefined;
  if (YES_DESPITE_NO.test(plain)) return 'yes';
  if (NO_WORDS.test(plain)) return 'no';
  if (YES_WORDS.test(plain)) return 'yes';
  return undefined;
}
/** A short reply that asks nothing ("of course", "nah, never"), which a yes or no may answer. */
export function isPlainReply(text: string): boolean {
  const plain = plainText(text);
  return [...plain].length <= PLAIN_REPLY_CHARS && !ASKS.test(plain);
}
const PLAIN_REPLY_CHARS = 40;
/** Longer than this, a message that asks something is a question, not a confirmation ("确认提交吗?" still confirms). */
const SHORT_CONFIRMATION_CHARS = 8;

/**
 * True when the message asks a question rather than answering one ("before I confirm — what
 * happens after I submit?", "提交后多久有人联系？"): the summary is not confirmed by its words.
 */
export function asksBeforeAnswering(text: string): boolean {
  const plain = plainText(text);
  return [...plain].length > SHORT_CONFIRMATION_CHARS && ASKS.test(plain);
}
const ASKS = /[?？吗呢]|什么|怎么|多少|哪|\b(?:what|how|which|why|when|where|who|is there|are there|can i|do i|does)\b/u;
/** "No problem" and its kin are a yes. */
const YES_DESPITE_NO = /\bno (?:problem|issue|issues|worries|objection|wahala|prob)s?\b|没问题|不成问题|不介意|没意见/u;
const NO_WORDS = /不同意|不行|不要|不愿意|不想|不太想|拒绝|不对|不是|有误|错了|\bno\b|\bnot\b|\bnah\b|\bnope\b|don'?t|do not|rather not|disagree|decline|refuse|wrong|change/u;
const YES_WORDS = /同意|可以|没问题|冇问题|确认|提交|送出|发送|发吧|都对|好的|行|对的|是的|就这样|没错|正确|\bsend\b|\bok\b|okay|\bsure\b|\byes\b|\byep\b|\byup\b|yeah|agree|go ahead|\bfine\b|alright|looks good|looks right|correct|submit|confirm|that's right|all good|permission|\bi consent\b|\bconsent given\b|\bmhm+\b|^\s*(?:嗯+|en+|ok+)\s*[。.!！~]*\s*$|嗯嗯|可以的|好嘞|行吧|没事|记吧|记下吧|没毛病|好滴|好哒|嗯呐|嗯哪|^中\b|\bsure thing\b|\byup\b|\bok na\b|\bsim\b|\boui\b|\bja\b|\bsí\b/u;
