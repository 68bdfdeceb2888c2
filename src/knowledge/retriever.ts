/**
 * Finds the knowledge entry that answers a question, and says how sure it is.
 *
 * Search is MiniSearch (BM25) over small units: each question phrasing of an entry, its
 * title with its tags, and its answer, so a question is matched against the phrasing
 * closest to it. Confidence is the share of the question's meaning the best entry covers:
 * each question term weighs its inverse document frequency; terms the content never uses
 * weigh the most, and unknown names (another city, another country) weigh double. A low
 * share means the question is about something the content does not cover, and the bot
 * falls back instead of answering something near it.
 */
import MiniSearch from 'minisearch';
import type { KnowledgeEntry } from './schema.js';
import { generalWordRarity } from './generalWordRarity.js';
import { createHomophoneCorrector, type HomophoneCorrector } from './correctHomophones.js';
import type { AnalysedQuery, QueryTerm, TextAnalyzer } from './textAnalyzer.js';

/** One candidate answer. */
export interface RetrievalHit {
  entry: KnowledgeEntry;
  /** BM25 score of the entry's best unit, plus a little for its second best. */
  score: number;
  /** Share (0–1) of the question's weighted terms this entry matches. */
  coverage: number;
}

/** The outcome of a search. */
export interface Retrieval {
  /** Candidates, best first, one per entry. */
  hits: RetrievalHit[];
  /** True when the best hit is good enough to answer with. */
  confident: boolean;
  /** The analysed question. */
  terms: QueryTerm[];
}

/** Tuning of the confidence decision. */
export interface RetrieverOptions {
  /** Minimum share of the question the best entry must cover. Default 0.45. */
  minCoverage?: number;
  /** Minimum BM25 score of the best entry. Default 1. */
  minScore?: number;
  /** How many hits to return. Default 5. */
  limit?: number;
}

/** Searches a set of entries. Build once per content revision; `search` is cheap. */
export interface Retriever {
  search(question: string): Retrieval;
}

type UnitKind = 'question' | 'title' | 'body';
interface Unit {
  id: string;
  entryId: string;
  kind: UnitKind;
  text: string;
}

const UNIT_BOOST: Record<UnitKind, number> = { question: 1, title: 0.9, body: 0.3 };
const LATIN = /^[a-z]/;
const HAN_TERM = /^\p{Script=Han}/u;
/** How much a weak word (question word, generic verb) counts, relative to a normal word. */
const WEAK_WORD_WEIGHT = 0.25;

/**
 * Builds a retriever over `entries`.
 *
 * @param entries - the validated entries of both languages
 * @param analyzer - the text analyser built from the same content's lexicon
 * @param options - confidence tuning; defaults are calibrated on the shipped content
 */
export function createRetriever(entries: readonly KnowledgeEntry[], analyzer: TextAnalyzer, options: RetrieverOptions = {}): Retriever {
  const minCoverage = options.minCoverage ?? 0.45;
  const minScore = options.minScore ?? 1;
  const limit = options.limit ?? 5;

  const units: Unit[] = [];
  const entryById = new Map<string, KnowledgeEntry>();
  for (const entry of entries) {
    entryById.set(entry.id, entry);
    entry.questions.forEach((text, i) => units.push({ id: `${entry.id}#q${i}`, entryId: entry.id, kind: 'question', text }));
    units.push({ id: `${entry.id}#t`, entryId: entry.id, kind: 'title', text: [entry.title, ...entry.tags].join('\n') });
    units.push({ id: `${entry.id}#b`, entryId: entry.id, kind: 'body', text: entry.body });
  }

  // Document frequency over entries, counted in what an entry is about (its phrasings,
  // title and tags), not its answer: hedges in answers ("confirm with staff") would
  // otherwise make the words of whole topics look common. The answers still count for the
  // vocabulary, so a word they use is not mistaken for an unknown one.
  const aboutTerms = new Map<string, Set<string>>();
  const vocabulary = new Set<string>();
  for (const unit of units) {
    const terms = analyzer.terms(unit.text);
    for (const term of terms) vocabulary.add(term);
    if (unit.kind === 'body') continue;
    const set = aboutTerms.get(unit.entryId) ?? new Set<string>();
    for (const term of terms) set.add(term);
    aboutTerms.set(unit.entryId, set);
  }
  const documentFrequency = new Map<string, number>();
  for (const set of aboutTerms.values()) for (const term of set) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const n = Math.max(entries.length, 1);
  const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const unknownWeight = idf(0);

  const index = new MiniSearch<Unit>({
    fields: ['text'],
    storeFields: ['entryId', 'kind'],
    tokenize: (text) => analyzer.terms(text),
    processTerm: (term) => term,
    searchOptions: {
      tokenize: (text) => text.split(' ').filter(Boolean),
      processTerm: (term) => term,
      // Typos and word forms: only English words the content does not contain are expanded
      // (a known word matches as it is, and expanding it costs time for nothing).
      fuzzy: (term) => (LATIN.test(term) && term.length >= 5 && !vocabulary.has(term) ? 0.2 : false),
      prefix: (term) => LATIN.test(term) && term.length >= 5 && !vocabulary.has(term),
      combineWith: 'OR',
      boostDocument: (_id, _term, stored) => UNIT_BOOST[(stored?.kind as UnitKind | undefined) ?? 'body'],
    },
  });
  index.addAll(units);

  const correct = createHomophoneCorrector(vocabulary);
  const weightOf = (t: QueryTerm) => {
    const df = documentFrequency.get(t.term) ?? (vocabulary.has(t.term) ? n : 0);
    const base = df > 0 ? idf(df) * knownTermFactor(t) : unknownTermWeight(t, unknownWeight);
    return t.isWeak ? base * WEAK_WORD_WEIGHT : base;
  };

  return {
    search(question: string): Retrieval {
      const terms = withHomophoneCorrections(analyzer.analyseQuery(question), correct, (term) => vocabulary.has(term));
      if (terms.length === 0) return { hits: [], confident: false, terms };
      const unique = [...new Map(terms.map((t) => [t.term, t])).values()];
      const weights = new Map(unique.map((t) => [t.term, weightOf(t)]));
      const weak = new Set(unique.filter((t) => t.isWeak).map((t) => t.term));
      const totalWeight = [...weights.values()].reduce((a, b) => a + b, 0);

      const byEntry = new Map<string, { scores: number[]; matched: Set<string> }>();
      const results = index.search(unique.map((t) => t.term).join(' '), {
        boostTerm: (term) => (weak.has(term) ? WEAK_WORD_WEIGHT : 1),
      });
      for (const result of results) {
        const entryId = result.entryId as string;
        const slot = byEntry.get(entryId) ?? { scores: [], matched: new Set<string>() };
        slot.scores.push(result.score);
        for (const term of result.queryTerms) slot.matched.add(term);
        byEntry.set(entryId, slot);
      }
      const hits: RetrievalHit[] = [];
      for (const [entryId, slot] of byEntry) {
        const entry = entryById.get(entryId);
        if (!entry) continue;
        const [best = 0, second = 0] = slot.scores.sort((a, b) => b - a);
        const covered = [...slot.matched].reduce((sum, term) => sum + (weights.get(term) ?? 0), 0);
        hits.push({ entry, score: best + 0.25 * second, coverage: totalWeight > 0 ? covered / totalWeight : 0 });
      }
      // Rank by how well an entry matches and how much of the question it covers.
      hits.sort((a, b) => b.score * b.coverage - a.score * a.coverage);
      const top = hits[0];
      return {
        hits: hits.slice(0, limit),
        confident: top !== undefined && top.coverage >= minCoverage && top.score >= minScore,
        terms,
      };
    },
  };
}

/**
 * The weight of a term the content never uses: full for an unknown English word, less for
 * a common Chinese word or a single character, double for a name (another city, another
 * country), which is the strongest sign that a question is about something else.
 */
function unknownTermWeight(t: QueryTerm, unknownWeight: number): number {
  if (t.isName) return unknownWeight * 2;
  if (!HAN_TERM.test(t.term)) return unknownWeight;
  return unknownWeight * generalWordRarity(t.term) * (t.isSingleChar ? 0.5 : 1);
}

/**
 * How much a known term counts besides its frequency in the content: common Chinese words
 * (人, 项目, 可以) count less than rare ones (购房, 签证), whatever the content's own counts.
 */
function knownTermFactor(t: QueryTerm): number {
  if (!HAN_TERM.test(t.term)) return 1;
  return generalWordRarity(t.term) * (t.isSingleChar ? 0.5 : 1);
}

/**
 * Replaces words typed with wrong characters of the right sound by the content word they
 * sound like, when at least one of the typed words is unknown to the content.
 */
function withHomophoneCorrections(query: AnalysedQuery, correct: HomophoneCorrector, isKnown: (term: string) => boolean): QueryTerm[] {
  let terms = query.terms;
  // Reading pinyin costs time; a question whose Chinese words are all known needs none.
  if (terms.every((t) => !HAN_TERM.test(t.term) || isKnown(t.term))) return terms;
  for (const run of query.hanRuns) {
    for (const { word, typed } of correct(run)) {
      const inside = terms.filter((t) => typed.includes(t.term));
      if (!inside.some((t) => !isKnown(t.term))) continue;
      terms = [...terms.filter((t) => !inside.includes(t)), { term: word, isName: false, isSingleChar: false, isWeak: false }];
    }
  }
  return terms;
}
