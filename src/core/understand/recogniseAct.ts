/**
 * Recognises dialogue acts — greeting, thanks, goodbye, help, asking for a person, wanting
 * to apply, continue, menu, frustration, yes, no — from the phrasings in
 * `knowledge/dialogue-acts.yaml`. A message is an act when, without fillers, punctuation
 * and emoji, it is one of the act's phrasings or a close typing variant of one, or when it
 * contains one of the act's unmistakable phrases. A greeting or thanks in front of a
 * question ("你好，请问人才公寓怎么申请") is recognised as such and the question is handed back.
 */
import type { DialogueActId, DialogueActs } from '../../knowledge/dialogueActSchema.js';
import { containsWord, plainText, soughtWord } from '../../flows/plainText.js';
import { firstContainedFinder } from './firstContained.js';

/** A recognised act. */
export interface ActMatch {
  act: DialogueActId;
  /** What follows a leading greeting or thanks, to be answered as a question. */
  rest?: string;
  /** True when only an act's pattern matched: a clear policy question in the message wins. */
  weak?: boolean;
}

/** Recognises acts in messages. Built once per content revision. */
export type ActRecogniser = (text: string) => ActMatch | undefined;

/** Acts recognised by a phrase inside a longer message, strongest first. */
const CONTAINED_ACTS: readonly DialogueActId[] = ['injection', 'human', 'frustration', 'back', 'privacy', 'restart', 'resume', 'unsubscribe', 'subscribe', 'apply'];
/** Acts that may open a message that goes on with a question. */
const OPENING_ACTS: readonly DialogueActId[] = ['greeting', 'thanks'];
/** Acts a leading "ok" / "好的" may precede ("ok bye", "好嘞谢谢", "ok let's continue"). */
const AFTER_ACKNOWLEDGEMENT: readonly DialogueActId[] = ['thanks', 'goodbye', 'help', 'human', 'apply', 'resume', 'menu', 'frustration'];
/** Longest message, in characters, in which an act's `short` phrases count. */
const SHORT_MESSAGE_CHARS = 60;
const QUESTION = /[?？]|什么|怎么|多少|哪|吗|啥|咋|几[个年月号天]|\b(?:what|how|which|why|when|where|who|is there|are there|can i|do i|does)\b/u;
/** A request with a polite thanks at its end ("麻烦给一个工作人员的联系方式…谢谢") is the request. */
const REQUEST = /麻烦(?!了)|请(?:给|发|告诉|提供|帮)|帮我|给我|我想(?!说)|我要|能否|可否|联系方式|\b(?:please (?:give|send|tell|share)|can you|could you|i need|i want|give me|send me)\b/u;
/** How similar a short message must be to a phrasing to count as it (Dice coefficient of character pairs). */
const MIN_SIMILARITY = 0.8;
const PUNCTUATION = /[\p{P}\p{S}]+/gu;
/** Where a clause ends, for the last one of a message. */
const CLAUSE_END = /[.!?。！？,，;；]+/u;
/** Messages whose act is kept per content revision before the memo starts again. */
const MAX_CACHED_TEXTS = 5000;

function bigrams(text: string): string[] {
  const chars = [...text.replace(/\s+/g, '')];
  const pairs: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) pairs.push(chars[i]! + chars[i + 1]!);
  return pairs;
}

/** The character pairs of a text, each with how often it occurs, and how many there are. */
interface PairCounts {
  counts: ReadonlyMap<string, number>;
  length: number;
}

function pairCounts(pairs: readonly string[]): PairCounts {
  const counts = new Map<string, number>();
  for (const p of pairs) counts.set(p, (counts.get(p) ?? 0) + 1);
  return { counts, length: pairs.length };
}

/**
 * What follows an opening phrase in the message as typed, punctuation and all ("Hello, I am…
 * What is…? I don't…" → "I am… What is…? I don't…"), so the question keeps its sentences.
 */
function afterOpening(text: string, phrase: string): string | undefined {
  const chars = [...text];
  for (let end = 1; end <= chars.length; end++) {
    const head = plainText(chars.slice(0, end).join('')).replace(PUNCTUATION, ' ').replace(/\s+/g, ' ').trim();
    if (head === phrase) {
      const rest = chars.slice(end).join('').replace(/^[\s\p{P}\p{S}]+/u, '').trim();
      return rest || undefined;
    }
    if (head.length > phrase.length + 1) return undefined;
  }
  return undefined;
}

/**
 * Builds the recogniser for the acts of one content revision.
 *
 * @param acts - the validated `dialogue-acts.yaml`
 */
export function createActRecogniser(acts: DialogueActs): ActRecogniser {
  const fillers = [...acts.fillers.zh, ...acts.fillers.en].map(plainText).sort((a, b) => b.length - a.length);
  const zhFillers = fillers.filter((f) => /\p{Script=Han}/u.test(f));
  const enFillers = new Set(fillers.filter((f) => !/\p{Script=Han}/u.test(f)));

  /** The message reduced for whole-message comparison. */
  const reduce = (text: string): string => {
    // Stretched words ("heyyy", "hiii") are the word.
    let plain = plainText(text).replace(/(\p{Script=Latin})\1{2,}/gu, '$1').replace(PUNCTUATION, ' ');
    for (const f of zhFillers) plain = plain.split(f).join(' ');
    const words = plain.split(' ').filter((w) => w && !enFillers.has(w));
    return words.join(' ').replace(/(?<=\p{Script=Han}) (?=\p{Script=Han})/gu, '');
  };

  const whole = new Map<string, DialogueActId>();
  const phrasings: Array<{ act: DialogueActId; text: string; chars: number; pairs: PairCounts; digits: string }> = [];
  const contained: Array<{ act: DialogueActId; phrase: string }> = [];
  const inShort: Array<{ act: DialogueActId; phrase: string }> = [];
  const patterns: Array<{ act: DialogueActId; pattern: RegExp }> = [];
  const acknowledgements: string[] = [];
  const openings: Array<{ act: DialogueActId; phrase: string }> = [];
  // Help's `contains`: questions about the bot itself ("are you a real person?"), which name no wish for a person.
  const aboutTheBot: string[] = [];
  // Per act, words that keep its contained phrases and patterns from counting ("报名截止是哪天").
  const notWith = new Map<DialogueActId, string[]>();
  for (const [id, act] of Object.entries(acts.acts) as Array<[DialogueActId, NonNullable<DialogueActs['acts'][DialogueActId]>]>) {
    for (const phrasing of [...act.whole.zh, ...act.whole.en]) {
      const reduced = reduce(phrasing) || plainText(phrasing);
      if (!whole.has(reduced)) whole.set(reduced, id);
      phrasings.push({ act: id, text: reduced, chars: [...reduced].length, pairs: pairCounts(bigrams(reduced)), digits: reduced.replace(/\D/g, '') });
      if (OPENING_ACTS.includes(id)) openings.push({ act: id, phrase: plainText(phrasing).replace(PUNCTUATION, ' ').trim() });
    }
    if (CONTAINED_ACTS.includes(id)) for (const phrase of [...act.contains.zh, ...act.contains.en]) contained.push({ act: id, phrase: plainText(phrase) });
    if (id === 'help') for (const phrase of [...act.contains.zh, ...act.contains.en]) aboutTheBot.push(plainText(phrase));
    for (const phrase of [...act.short.zh, ...act.short.en]) inShort.push({ act: id, phrase: plainText(phrase) });
    for (const pattern of [...act.patterns.zh, ...act.patterns.en]) patterns.push({ act: id, pattern: new RegExp(pattern, 'iu') });
    if (id === 'yes') for (const phrasing of [...act.whole.zh, ...act.whole.en]) acknowledgements.push(reduce(phrasing) || plainText(phrasing));
    const unless = [...act.notWith.zh, ...act.notWith.en].map(plainText);
    if (unless.length > 0) notWith.set(id, unless);
  }
  contained.sort((a, b) => CONTAINED_ACTS.indexOf(a.act) - CONTAINED_ACTS.indexOf(b.act));
  aboutTheBot.sort((a, b) => b.length - a.length);
  /** The message without its questions about the bot, so that "are you a real person? tell me a joke" is the joke, not a wish for a person. */
  const withoutQuestionsAboutTheBot = (plain: string): string => {
    let rest = plain;
    for (const phrase of aboutTheBot) if (containsWord(rest, phrase)) rest = rest.split(phrase).join(' ');
    return rest === plain ? plain : rest.replace(PUNCTUATION, ' ').replace(/\s+/g, ' ').trim();
  };
  openings.sort((a, b) => b.phrase.length - a.phrase.length);
  const firstContained = firstContainedFinder(contained, (c) => soughtWord(c.phrase));
  const firstInShort = firstContainedFinder(inShort, (s) => soughtWord(s.phrase));
  acknowledgements.sort((a, b) => b.length - a.length);

  /** The act after a leading "ok" / "好的" ("ok bye" → goodbye). */
  const afterAcknowledgement = (reduced: string): DialogueActId | undefined => {
    for (const ack of acknowledgements) {
      if (!reduced.startsWith(ack)) continue;
      const rest = reduced.slice(ack.length).trim();
      if (!rest || (/^[a-z]/.test(rest) && reduced[ack.length] !== ' ')) continue;
      const act = whole.get(rest);
      if (act && AFTER_ACKNOWLEDGEMENT.includes(act)) return act;
    }
    return undefined;
  };

  // Which phrasings hold each character pair, and how often: a message is compared only with the phrasings it shares a pair with.
  const phrasingsWithPair = new Map<string, Array<{ index: number; count: number }>>();
  phrasings.forEach((p, index) => {
    if (p.chars < 4) return;
    for (const [pair, count] of p.pairs.counts) {
      const list = phrasingsWithPair.get(pair);
      if (list) list.push({ index, count });
      else phrasingsWithPair.set(pair, [{ index, count }]);
    }
  });

  const wholeAct = (reduced: string, blocked: ReadonlySet<DialogueActId>): DialogueActId | undefined => {
    const exact = whole.get(reduced);
    if (exact) return exact;
    // Close typing variants of a phrasing ("帮我看看能不能参赛" / "帮我看看能不能参加").
    if ([...reduced].length < 4 || [...reduced].length > 30) return undefined;
    const pairs = pairCounts(bigrams(reduced));
    // A number is never a typing variant: "4 person" answers how many, it does not ask for a person.
    const digits = reduced.replace(/\D/g, '');
    const shared = new Map<number, number>();
    for (const [pair, m] of pairs.counts) {
      for (const { index, count } of phrasingsWithPair.get(pair) ?? []) shared.set(index, (shared.get(index) ?? 0) + Math.min(m, count));
    }
    // Dice similarity of the counted pairs (a pair occurring m and n times is shared min(m, n) times); of equal scores the phrasing listed first wins.
    let best: { act: DialogueActId; score: number; index: number } | undefined;
    for (const [index, sharedPairs] of shared) {
      const p = phrasings[index]!;
      const score = (2 * sharedPairs) / (pairs.length + p.pairs.length);
      if (score >= MIN_SIMILARITY && p.digits === digits && !blocked.has(p.act) && (!best || score > best.score || (score === best.score && index < best.index))) best = { act: p.act, score, index };
    }
    return best?.act;
  };

  // A turn asks about the same message more than once, and FAQ traffic repeats itself; the act depends on the text only.
  const recognised = new Map<string, ActMatch | undefined>();
  return (text: string) => {
    if (!recognised.has(text)) {
      if (recognised.size >= MAX_CACHED_TEXTS) recognised.clear();
      recognised.set(text, recognise(text));
    }
    const found = recognised.get(text);
    return found && { ...found };
  };

  function recognise(text: string): ActMatch | undefined {
    const reduced = reduce(text);
    if (!reduced) return undefined;
    const plain = withoutQuestionsAboutTheBot(plainText(text));
    if (!plain) return { act: 'help' };
    // An act's `notWith` words leave only its exact phrasings: "when can i apply" is no typing variant of "can i apply".
    const blocked = new Set([...notWith].filter(([, words]) => words.some((w) => containsWord(plain, w))).map(([id]) => id));
    const act = wholeAct(reduced, blocked) ?? afterAcknowledgement(reduced);
    if (act) return { act };
    const allowed = (item: { act: DialogueActId }) => !blocked.has(item.act);
    const containing = firstContained(plain, allowed);
    if (containing) return { act: containing.act };
    if ([...plain].length <= SHORT_MESSAGE_CHARS && !QUESTION.test(plain) && !REQUEST.test(plain)) {
      const inShortMessage = firstInShort(plain, allowed);
      if (inShortMessage) return { act: inShortMessage.act };
    }
    // A message that ends with a goodbye and asks nothing ("I need to think about the move. bye for now") is the goodbye.
    const lastClause = plain.split(CLAUSE_END).map((c) => c.trim()).filter(Boolean).at(-1);
    if (lastClause && lastClause !== plain.trim() && !QUESTION.test(plain) && whole.get(reduce(lastClause)) === 'goodbye') return { act: 'goodbye' };
    for (const p of patterns) if (allowed(p) && p.pattern.test(plain)) return { act: p.act, weak: true };
    // A greeting or thanks that opens a longer message: the rest is the question.
    const spaced = plain.replace(PUNCTUATION, ' ').replace(/\s+/g, ' ').trim();
    for (const o of openings) {
      if (!spaced.startsWith(o.phrase)) continue;
      const after = spaced.slice(o.phrase.length);
      if (/^\p{Script=Latin}/u.test(after) && /\p{Script=Latin}$/u.test(o.phrase)) continue;
      const rest = after.trim();
      if ([...rest].length >= 2) return { act: o.act, rest: afterOpening(text, o.phrase) ?? rest };
    }
    return undefined;
  }
}
