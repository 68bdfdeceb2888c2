/**
 * Reads a message as a possible follow-up to the topic of the conversation: which aspects
 * it asks about (cost, duration, how to apply…), whether it points back ("这个", "it"),
 * whether it switches to something else ("那人才贷呢", "what about housing?"), and whether,
 * once those words are gone, anything is left that could name a topic of its own.
 * The vocabulary is `followUps` in `knowledge/dialogue-acts.yaml`.
 */
import type { DialogueActs, FollowUpAspect } from '../../knowledge/dialogueActSchema.js';
import { containsWord, plainText } from '../../flows/plainText.js';

/** What a message says as a follow-up. */
export interface FollowUpReading {
  /** The aspects it asks about, the most specific first. */
  aspects: FollowUpAspect[];
  /** True when it points back at what was just discussed. */
  refersBack: boolean;
  /** The X of "那X呢" / "what about X", when it has that shape. */
  switchTo?: string;
  /** True when nothing is left that could name a topic (only aspect words, references and generic words). */
  namesNoTopic: boolean;
  /** True when it asks for an exact figure ("具体多少", "the exact rent"). */
  exact: boolean;
  /** The message without its aspect words ("人才公寓能住多久" → "人才公寓"), to find what it is about. */
  subject: string;
}

/** Reads follow-ups with one content revision's vocabulary. */
export type FollowUpReader = (text: string) => FollowUpReading;

const HAN = /\p{Script=Han}/u;
const PUNCTUATION = /[\p{P}\p{S}]+/gu;
/** Readings kept per content revision before the memo starts again (FAQ traffic repeats itself). */
const MAX_CACHED_READINGS = 5000;

/**
 * Builds the reader.
 *
 * @param acts - the validated `dialogue-acts.yaml`
 */
export function createFollowUpReader(acts: DialogueActs): FollowUpReader {
  const { references, generic, switches, aspects, exact } = acts.followUps;
  const switchPatterns = [...switches.zh, ...switches.en].map((p) => new RegExp(p, 'iu'));
  const removable = [...new Set([...aspects.flatMap((a) => [...a.words.zh, ...a.words.en]), ...references.zh, ...references.en, ...generic.zh, ...generic.en].map(plainText))].sort(
    (a, b) => b.length - a.length,
  );
  const aspectOnly = [...new Set(aspects.flatMap((a) => [...a.words.zh, ...a.words.en]).map(plainText))].sort((a, b) => b.length - a.length);
  const aspectWords = aspects.map((aspect) => ({ aspect, words: [...aspect.words.zh, ...aspect.words.en].map(plainText) }));

  // Compiled once per content revision: a whole-word pattern for each Latin word, kept with
  // the word itself, so a text that does not contain the word skips the pattern.
  const compile = (words: readonly string[]) =>
    words.map((word) => ({
      word,
      pattern: HAN.test(word) ? undefined : new RegExp(`(?<=[^\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[^\\p{L}\\p{N}])`, 'gu'),
    }));
  const allRemovable = compile(removable);
  const aspectRemovable = compile(aspectOnly);
  const residue = (plain: string, words: ReadonlyArray<{ word: string; pattern: RegExp | undefined }>): string => {
    let rest = ` ${plain.replace(PUNCTUATION, ' ')} `;
    for (const { word, pattern } of words) {
      if (!rest.includes(word)) continue;
      rest = pattern ? rest.replace(pattern, ' ') : rest.split(word).join(' ');
    }
    return rest.replace(/\s+/g, ' ').trim();
  };

  // A turn reads the same message (and its clauses) several times; a reading depends on the text only.
  const readings = new Map<string, FollowUpReading>();
  return (text: string) => {
    let reading = readings.get(text);
    if (!reading) {
      reading = read(text);
      if (readings.size >= MAX_CACHED_READINGS) readings.clear();
      readings.set(text, reading);
    }
    return { ...reading, aspects: [...reading.aspects] };
  };

  function read(text: string): FollowUpReading {
    const plain = plainText(text);
    const found = aspectWords
      .map(({ aspect, words }) => ({ aspect, length: Math.max(0, ...words.filter((w) => containsWord(plain, w)).map((w) => w.length)) }))
      .filter((f) => f.length > 0)
      .sort((a, b) => b.length - a.length)
      .map((f) => f.aspect);
    const refersBack = [...references.zh, ...references.en].some((w) => containsWord(plain, w));
    const asksExactly = [...exact.zh, ...exact.en].some((w) => containsWord(plain, w));
    let switchTo: string | undefined;
    for (const pattern of switchPatterns) {
      const m = pattern.exec(plain);
      if (m?.[1] && m[1].trim()) {
        switchTo = m[1].trim();
        break;
      }
    }
    const left = residue(plain, allRemovable);
    // One stray character or short word is noise; a real word could name a topic.
    const namesNoTopic = [...left.replace(/\s/g, '')].filter((c) => HAN.test(c)).length < 2 && !left.split(' ').some((w) => /^[a-z]{3,}$/.test(w));
    return { aspects: found, refersBack, exact: asksExactly, ...(switchTo ? { switchTo } : {}), namesNoTopic, subject: found.length ? residue(plain, aspectRemovable) : plain };
  }
}

/** Each aspect's evidence, compiled on first use and kept while its content revision lives. */
const evidencePatterns = new WeakMap<FollowUpAspect, RegExp[]>();

/** True when an entry's text shows what the aspect asks (one of its evidence patterns matches). */
export function entryStates(aspect: FollowUpAspect, body: string): boolean {
  let patterns = evidencePatterns.get(aspect);
  if (!patterns) {
    patterns = aspect.evidence.map((p) => new RegExp(p, 'iu'));
    evidencePatterns.set(aspect, patterns);
  }
  return patterns.some((p) => p.test(body));
}
