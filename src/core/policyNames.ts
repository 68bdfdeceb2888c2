/**
 * The names of the content's policies and programmes ("以赛代评", "人才贷", "双创优选"): entry
 * tags, the segmenter's whole terms and the synonym groups' words in Chinese characters. A
 * message that is only such a name ("以赛代评?") quotes it; it says nothing about the
 * language the applicant reads.
 */
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';

const HAN = /\p{Script=Han}/u;
/** Quotes, punctuation and spaces around a quoted name. */
const AROUND = /[\s\p{P}\p{S}]+/gu;

const built = new WeakMap<KnowledgeBase, ReadonlySet<string>>();

/** The Chinese names of one content revision, built on first use. */
export function policyNamesOf(knowledge: KnowledgeBase): ReadonlySet<string> {
  let names = built.get(knowledge);
  if (!names) {
    const { entries, lexicon } = knowledge.content;
    const words = [...entries.flatMap((e) => e.tags), ...lexicon.terms, ...lexicon.synonyms.flat()];
    names = new Set(words.filter((w) => HAN.test(w)).map((w) => w.replace(AROUND, '')));
    built.set(knowledge, names);
  }
  return names;
}

/** True when the message is one of `names` and nothing else but punctuation ("以赛代评?", "“人才贷”"). */
export function isPolicyNameOnly(text: string, names: ReadonlySet<string>): boolean {
  const bare = text.normalize('NFKC').replace(AROUND, '');
  return bare.length > 0 && names.has(bare);
}
