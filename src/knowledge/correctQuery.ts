/**
 * Turns an analysed question into the terms it was meant to have, when some of its words are
 * unknown to the content: pinyin typed for characters (rencaidai → 人才贷), Chinese words
 * typed with the wrong characters of the right sound (够房 → 购房) and policy names typed
 * with a wrong, missing or extra character (创业资注 → 创业资助). Known words are never
 * changed, so a question the content understands costs nothing more.
 */
import { createHomophoneCorrector } from './correctHomophones.js';
import { createPinyinReader, type PinyinReader } from './readPinyin.js';
import type { AnalysedQuery, QueryTerm, TextAnalyzer } from './textAnalyzer.js';
import { createTypoCorrector } from './correctTypos.js';
import { memoByText } from './memoByText.js';

/** Corrects an analysed question. */
export type QueryCorrector = (query: AnalysedQuery) => QueryTerm[];

const HAN_TERM = /^\p{Script=Han}/u;
const LATIN_TERM = /^[a-z]+$/;
/** Runs of Chinese characters whose homophone and typo readings are kept, per content revision. */
const RUNS_KEPT = 4096;

/** What the corrector is built from. */
export interface QueryCorrectorInput {
  /** Every term of the content (phrasings, titles, tags, answers), as the analyser gives them. */
  vocabulary: ReadonlySet<string>;
  /** Policy names worth correcting typos of: the lexicon's terms, entry titles and tags, normalised. */
  keyTerms: Iterable<string>;
  analyzer: TextAnalyzer;
}


/**
 * Builds the corrector for one content revision.
 *
 * @param input - the content's vocabulary, its key terms and the analyser that made them
 */
export function createQueryCorrector({ vocabulary, keyTerms, analyzer }: QueryCorrectorInput): QueryCorrector {
  // Written Chinese words and the term each stands for: the content's own words, and the
  // lexicon's words (a synonym stands for its group's head).
  const written = new Map<string, string>();
  for (const term of vocabulary) if (HAN_TERM.test(term)) written.set(term, term);
  for (const word of analyzer.lexiconWords) if (!written.has(word)) written.set(word, analyzer.canonical(word));
  // Reading a run's sounds and edit distances costs the most; a run recurs in many questions.
  const homophones = memoByText(createHomophoneCorrector(written), RUNS_KEPT);
  const typos = memoByText(createTypoCorrector(keyTerms), RUNS_KEPT);
  const readPinyin = createPinyinReader(written);
  const isKnown = (term: string) => vocabulary.has(term);
  /** A corrected word as query terms, with what the analyser knows of them (a weak word stays weak); never a name. */
  const asTerms = (words: readonly string[]) => words.flatMap((w) => analyzer.analyseQuery(w).terms.map((t) => ({ ...t, isName: false })));
  /** The index terms of a corrected word (a key term such as 子女教育 may be several). */
  const termsOf = (word: string) => {
    const own = written.get(word);
    return own && vocabulary.has(own) ? [own] : analyzer.terms(word);
  };

  const replace = (terms: QueryTerm[], typed: string, word: string) => {
    const inside = terms.filter((t) => typed.includes(t.term));
    if (!inside.some((t) => !isKnown(t.term) && !t.isName)) return terms;
    return [...terms.filter((t) => !inside.includes(t)), ...asTerms(termsOf(word))];
  };

  return (query) => {
    let terms = readPinyinRuns(query.terms, isKnown, readPinyin, asTerms);
    // Reading sounds and edit distances costs time; a question whose Chinese words are all known needs neither.
    if (terms.every((t) => !HAN_TERM.test(t.term) || isKnown(t.term))) return terms;
    for (const run of query.hanRuns) {
      for (const { word, typed } of homophones(run)) if (!asksANotA(run, typed)) terms = replace(terms, typed, word);
    }
    if (terms.every((t) => !HAN_TERM.test(t.term) || isKnown(t.term) || t.isName)) return terms;
    for (const run of query.hanRuns) {
      // A word the segmenter knows whole (流动资金) is what was meant, not a policy name with one character changed (启动资金); a shortened name (组织部) is still read.
      for (const { word, typed } of typos(run)) if (typed.length !== word.length || !query.terms.some((t) => t.term === typed)) terms = replace(terms, typed, word);
    }
    return terms;
  };
}

/** True when the typed characters open an "A-not-A" question ("方不方便" holds 方不, no mistyped 房补). */
function asksANotA(run: string, typed: string): boolean {
  return /[不没]$/u.test(typed) && run.includes(typed + typed[0]);
}

/** Replaces each run of unknown Latin words that reads as pinyin of content words by those words. */
function readPinyinRuns(
  terms: QueryTerm[],
  isKnown: (term: string) => boolean,
  read: PinyinReader,
  asTerms: (words: readonly string[]) => QueryTerm[],
): QueryTerm[] {
  const unknownLatin = (t: QueryTerm) => LATIN_TERM.test(t.term) && !isKnown(t.term) && !t.isFigure;
  // A short known word may be a syllable of the run too ("Ren Cai Dai": the content knows "cai" from another name).
  const syllableLike = (t: QueryTerm) => unknownLatin(t) || (LATIN_TERM.test(t.term) && !t.isFigure && /^[a-z]{1,6}$/.test(t.term));
  if (!terms.some(unknownLatin)) return terms;
  const out: QueryTerm[] = [];
  for (let i = 0; i < terms.length; ) {
    if (!syllableLike(terms[i]!)) {
      out.push(terms[i++]!);
      continue;
    }
    let end = i;
    while (end < terms.length && syllableLike(terms[end]!)) end++;
    if (!terms.slice(i, end).some(unknownLatin)) {
      out.push(...terms.slice(i, end));
      i = end;
      continue;
    }
    const run = terms.slice(i, end);
    // A reading counts only where it explains a word the content does not know ("yi sai ju cai", all known, stays as typed).
    const readings = read(run.map((t) => t.term)).filter((r) => r.typed.some((k) => unknownLatin(run[k]!)));
    const readIndexes = new Set(readings.flatMap((r) => r.typed));
    run.forEach((t, k) => {
      if (!readIndexes.has(k)) out.push(t);
    });
    out.push(...asTerms(readings.map((r) => r.word)));
    i = end;
  }
  return out;
}
