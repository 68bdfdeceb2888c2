/**
 * Finds the knowledge entry that answers a question, and says how sure it is.
 *
 * Search is BM25 (`unitIndex.ts`, scored exactly as MiniSearch did) over small units: each
 * question phrasing of an entry, its title with its tags, and its answer, so a question is matched against the phrasing
 * closest to it. Before searching, unknown words are corrected when they are pinyin, a
 * homophone or a small typo of a content word (`correctQuery.ts`). Confidence is the share
 * of the question's meaning the best entry covers: each question term weighs its inverse
 * document frequency; terms the content never uses weigh the most, and unknown names
 * (another city, another country) weigh double. A question that names a policy specific to
 * the entry needs a smaller share (`judgeHits.ts`). A low share means the question is about
 * something the content does not cover, and the bot falls back instead of answering
 * something near it.
 */
import type { KnowledgeEntry } from './schema.js';
import { createQueryCorrector } from './correctQuery.js';
import { englishWordRarity } from './englishWordRarity.js';
import { generalWordRarity } from './generalWordRarity.js';
import { judgeHits } from './judgeHits.js';
import { buildAnchors, createAnchorLookup } from './anchors.js';
import type { OverviewRule } from './preferOverview.js';
import type { QueryTerm, TextAnalyzer } from './textAnalyzer.js';
import { RankedCandidates, rankingBuffers } from './rankHits.js';
import { createUnitIndex } from './unitIndex.js';

/** One candidate answer. */
export interface RetrievalHit {
  entry: KnowledgeEntry;
  /** BM25 score of the entry's best unit, plus a little for its second best. */
  score: number;
  /** Share (0–1) of the question's weighted terms this entry matches. */
  coverage: number;
  /** The question's terms (after correction, see {@link Retrieval.terms}) this entry matches. */
  matchedTerms: string[];
  /** True when the question names this entry's own policy (every rare word of its title). */
  named?: boolean;
}

/** The outcome of a search. */
export interface Retrieval {
  /** Candidates, best first, one per entry. */
  hits: RetrievalHit[];
  /** True when the best hit is good enough to answer with. */
  confident: boolean;
  /** The analysed question, after pinyin, homophones and typos were corrected. */
  terms: QueryTerm[];
  /**
   * A second topic the question also asks about ("人才公寓怎么申请？另外购房补贴有多少"), set only
   * when `confident`: a hit of another topic than `hits[0]` that names a policy of its own
   * and covers a fair share of the question the best hit leaves uncovered. The engine answers
   * `hits[0]` and may mention this one briefly (its title, an offer to ask about it). Absent
   * for a question about one topic.
   */
  secondary?: RetrievalHit;
  /** True when `confident` and the question names a policy of the best hit's topic by one of its names (人才公寓, "talent loan"), not only general words. */
  anchored?: boolean;
}

/** Tuning of the confidence decision. */
export interface RetrieverOptions {
  /** Minimum share of the question the best entry must cover. Default 0.45. */
  minCoverage?: number;
  /** Minimum share when the question names a policy specific to the best entry. Default 0.2. */
  minAnchoredCoverage?: number;
  /** Minimum BM25 score of the best entry. Default 1. */
  minScore?: number;
  /** Minimum share of the question a second topic must cover beyond the best entry. Default 0.2. */
  minSecondaryShare?: number;
  /** A clear lead (see `judgeHits`): minimum BM25 score of the best entry. Default 28, calibrated on the shipped content. */
  minLeadScore?: number;
  /** A clear lead: minimum share of the best entry's score in it plus the best other topic's. Default 0.6. */
  minLeadShare?: number;
  /** A clear lead: minimum share of the question the best entry covers. Default 0.15. */
  minLeadCoverage?: number;
  /** How many hits to return. Default 5. */
  limit?: number;
  /**
   * Distinct questions whose results are kept (FAQ traffic repeats itself; a result depends
   * only on the question and this retriever's content). Default 10,000; 0 searches every time.
   */
  cacheSize?: number;
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
/** Results kept by default, see {@link RetrieverOptions.cacheSize}. */
const DEFAULT_CACHE_SIZE = 10_000;
/** Unknown English words of one question expanded by fuzzy and prefix matching, at most. */
const MAX_EXPANDED_WORDS = 6;
/** From this many meaningful words on, everyday English words the content does not use count less. */
const LONG_MESSAGE_WORDS = 8;
/** How much a weak word (question word, generic verb) or a figure counts, relative to a normal word. */
const WEAK_WORD_WEIGHT = 0.25;

/**
 * Builds a retriever over `entries`.
 *
 * @param entries - the validated entries of both languages
 * @param analyzer - the text analyser built from the same content's lexicon
 * @param options - confidence tuning; defaults are calibrated on the shipped content
 * @param overview - moves an overview first for a question asking for everything it covers (`preferOverview.ts`)
 * @param venues - per topic whose events are held in many places, the words that name its events (`venues` in `topics.yaml`)
 * @param askedWith - per topic that answers only some questions, the words they ask with (`askedWith` in `topics.yaml`)
 */
export function createRetriever(
  entries: readonly KnowledgeEntry[],
  analyzer: TextAnalyzer,
  options: RetrieverOptions = {},
  overview?: OverviewRule,
  venues: ReadonlyMap<string, readonly string[]> = new Map(),
  askedWith: ReadonlyMap<string, readonly string[]> = new Map(),
): Retriever {
  const thresholds = {
    minCoverage: options.minCoverage ?? 0.45,
    minAnchoredCoverage: options.minAnchoredCoverage ?? 0.2,
    minScore: options.minScore ?? 1,
    minSecondaryShare: options.minSecondaryShare ?? 0.2,
    minLeadScore: options.minLeadScore ?? 28,
    minLeadShare: options.minLeadShare ?? 0.6,
    minLeadCoverage: options.minLeadCoverage ?? 0.15,
  };
  const limit = options.limit ?? 5;
  const venueWords = new Map([...venues].map(([topic, words]) => [topic, new Set(words.flatMap((w) => analyzer.terms(w)))]));
  const intentWords = new Map([...askedWith].map(([topic, words]) => [topic, new Set(words.flatMap((w) => analyzer.terms(w)))]));

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
  // Each unit is analysed once: the index's tokenizer reads the same terms back.
  const unitTerms = new Map<string, string[]>();
  for (const unit of units) {
    const terms = unitTerms.get(unit.text) ?? analyzer.terms(unit.text);
    unitTerms.set(unit.text, terms);
    for (const term of terms) vocabulary.add(term);
    if (unit.kind === 'body') continue;
    const set = aboutTerms.get(unit.entryId) ?? new Set<string>();
    for (const term of terms) set.add(term);
    aboutTerms.set(unit.entryId, set);
  }
  const documentFrequency = new Map<string, number>();
  const topicsOfTerm = new Map<string, Set<string>>();
  for (const [entryId, set] of aboutTerms) {
    for (const term of set) {
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
      topicsOfTerm.set(term, (topicsOfTerm.get(term) ?? new Set<string>()).add(entryById.get(entryId)?.topic ?? ''));
    }
  }
  const n = Math.max(entries.length, 1);
  const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const unknownWeight = idf(0);

  const entryIndex = new Map(entries.map((e, i) => [e.id, i]));
  const index = createUnitIndex(units.map((unit) => ({ entry: entryIndex.get(unit.entryId)!, boost: UNIT_BOOST[unit.kind], terms: unitTerms.get(unit.text)! })));
  unitTerms.clear();

  const names = [...entries.flatMap((e) => [e.title, ...e.tags]), ...analyzer.policyTerms];
  const keyTerms = names.flatMap((text) => analyzer.normalize(text).match(/\p{Script=Han}+/gu) ?? []);
  const correct = createQueryCorrector({ vocabulary, keyTerms, analyzer });
  const isKnown = (term: string) => vocabulary.has(term);
  const anchorsIn = createAnchorLookup(buildAnchors(names, analyzer, topicsOfTerm));
  // The words that name an entry's own policy: its title's rare terms ("双创优选", "创业资助").
  const ownNames = new Map<string, string[]>();
  const policyWords = new Set(analyzer.policyTerms.flatMap((t) => analyzer.terms(t)));
  for (const entry of entries) {
    const rare = analyzer.terms(entry.title).filter((t) => policyWords.has(t) || (documentFrequency.get(t) ?? 0) <= 2);
    ownNames.set(entry.id, rare);
  }
  const weightOf = (t: QueryTerm, namesCount: number, long: boolean) => {
    const df = documentFrequency.get(t.term) ?? (vocabulary.has(t.term) ? n : 0);
    const base = df > 0 ? idf(df) * knownTermFactor(t) : unknownTermWeight(t, unknownWeight, namesCount, long);
    // Where the applicant is, unknown to the content ("what competitions can I enter, I'm in Toronto"), weighs as little as a question word.
    return t.isWeak || t.isFigure || (t.isBackground && df === 0) ? base * WEAK_WORD_WEIGHT : base;
  };

  const buffers = rankingBuffers(entries.length);
  const cacheSize = options.cacheSize ?? DEFAULT_CACHE_SIZE;
  const cache = new Map<string, Retrieval>();
  return {
    search(question: string): Retrieval {
      if (cacheSize <= 0) return search(question);
      let found = cache.get(question);
      if (found) {
        // Most recently used last, so the oldest is the first to go.
        cache.delete(question);
      } else {
        found = search(question);
        if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
      }
      cache.set(question, found);
      return copyRetrieval(found);
    },
  };

  function search(question: string): Retrieval {
    const analysed = analyzer.analyseQuery(question);
    const terms = correct(analysed);
    if (terms.length === 0) return { hits: [], confident: false, terms };
    const unique = [...new Map(terms.map((t) => [t.term, t])).values()];
    // A name beside the district's own ("I work in Hangzhou and want to move to the district") says where the applicant is, not what they ask about.
    const namesCount = unique.some((t) => t.isHome) ? 1 : 2;
    // In a long message everyday English words are the story around the question; in a short one every word is the question.
    const long = unique.filter((t) => !t.isWeak && !t.isFigure).length >= LONG_MESSAGE_WORDS;
    const weights = new Map(unique.map((t) => [t.term, weightOf(t, namesCount, long)]));
    const weak = new Set(unique.filter((t) => t.isWeak || t.isFigure).map((t) => t.term));
    const totalWeight = [...weights.values()].reduce((a, b) => a + b, 0);

    // Expanding unknown words (typos, word forms) costs the most; a long message has enough
    // words to go on, so only its first few unknown words are expanded.
    let expandable = MAX_EXPANDED_WORDS;
    const expands = (term: string) => LATIN.test(term) && term.length >= 5 && !vocabulary.has(term) && !analyzer.otherPlaces.has(term) && expandable-- > 0;
    const chosen = new Set(unique.map((t) => t.term).filter(expands));
    // Typos and word forms: only English words the content does not contain are expanded
    // (a known word matches as it is, and expanding it costs time for nothing).
    // A place's name is never read as a near word ("hangzhou" is not "changzhou").
    const queryTerms = unique.map((t) => t.term).join(' ').split(' ').filter(Boolean);
    const specs = queryTerms.map((term) => ({ term, boost: weak.has(term) ? WEAK_WORD_WEIGHT : 1, fuzzy: chosen.has(term) ? (0.2 as const) : (false as const), prefix: chosen.has(term) }));
    const found = index.search(specs, (term) => weights.get(term) ?? 0);
    // Rank by how well an entry matches and how much of the question it covers; the decision reads the first few.
    const ranked = new RankedCandidates(found, entries, totalWeight, RANKED_HEAD, buffers);
    const hits = ranked.list;
    // What the applicant typed, and what correction added (pinyin, typos) — not what a synonym led to.
    const normalized = analyzer.normalize(question);
    const typedTerms = new Set(analysed.terms.map((t) => t.term));
    const typedOrCorrected = (term: string) => normalized.includes(term) || !typedTerms.has(term);
    const isNamed = namedTest(ownNames, typedOrCorrected, /\p{Script=Han}/u.test(question));
    preferNamedEntry(hits, isNamed);
    preferPolicyOverEvents(hits, unique, venueWords);
    preferAskedTopic(hits, unique, intentWords, venueWords);
    const words = unique.filter((t) => !t.isWeak && !t.isFigure).length;
    if (overview?.mayMove(normalized, words)) {
      // An overview may be anywhere in the list: ranked as far as each overview's best candidate.
      for (const topic of overview.topics) ranked.extendTo((t) => t === topic);
      const namedTopics = new Set(anchorsIn(new Set(found.matchedTerms)).flatMap((a) => [...a.topics]));
      overview.apply(normalized, hits, namedTopics, words);
    }
    // The decision compares the best hit with the best of another topic, which may come after the head.
    const topTopic = hits[0]?.topic;
    ranked.extendTo((topic) => topic !== topTopic);
    // Only the hits returned or judged as a second topic say whether they are named.
    for (const h of hits.slice(0, Math.max(limit, SECONDARY_LOOKED_AT))) if (h.named === undefined && isNamed(h)) h.named = true;
    const judgement = judgeHits(
      {
        candidates: hits,
        terms: unique,
        weights,
        anchorsIn,
        isKnown,
        asksWhereEventsAre: (topic) => unique.some((t) => venueWords.get(topic)?.has(t.term) ?? false),
      },
      thresholds,
    );
    const clean = ({ entry, score, coverage, matchedTerms, named }: RetrievalHit): RetrievalHit => ({ entry, score, coverage, matchedTerms, ...(named ? { named } : {}) });
    return {
      hits: hits.slice(0, limit).map(clean),
      confident: judgement.confident,
      terms,
      ...(judgement.secondary ? { secondary: clean(judgement.secondary) } : {}),
      ...(judgement.anchored ? { anchored: true } : {}),
    };
  }
}

/** A copy a caller may change without changing the cached result (entries are shared: content is never changed). */
function copyRetrieval(r: Retrieval): Retrieval {
  const hit = (h: RetrievalHit): RetrievalHit => ({ ...h, matchedTerms: [...h.matchedTerms] });
  return { ...r, hits: r.hits.map(hit), terms: r.terms.map((t) => ({ ...t })), ...(r.secondary ? { secondary: hit(r.secondary) } : {}) };
}

/**
 * The weight of a term the content never uses: full for an unknown English word, less for
 * a common Chinese word, a single character or, in a long message, an everyday English word, `namesCount` times for a name (another city,
 * another country), which is the strongest sign that a question is about something else.
 */
function unknownTermWeight(t: QueryTerm, unknownWeight: number, namesCount: number, long: boolean): number {
  if (t.isName) return unknownWeight * namesCount;
  if (!HAN_TERM.test(t.term)) return long ? unknownWeight * englishWordRarity(t.term) : unknownWeight;
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

/** Share of the question an entry named by the question must still cover to be preferred. */
const NAMED_MIN_COVERAGE = 0.15;

/** Candidates put in order at once (see `rankHits.ts`): more than any step reads, but for the best of another topic or an overview further down. */
const RANKED_HEAD = 32;

/** Hits after the best looked at for a second topic (see `judgeHits`), and one more. */
const SECONDARY_LOOKED_AT = 10;

/**
 * Whether a hit names its entry's own policy as typed (every rare word of its title).
 *
 * @param ownNames - per entry, the words that name its policy
 * @param typed - true for a term the applicant typed or correction added
 * @param hanQuestion - true when the question has Chinese characters
 */
function namedTest(ownNames: ReadonlyMap<string, readonly string[]>, typed: (term: string) => boolean, hanQuestion: boolean): (h: RetrievalHit & { matched: Set<string> }) => boolean {
  return (h) => {
    // An English question names "Start-up grant (创业资助)" by its English words.
    const all = ownNames.get(h.entry.id) ?? [];
    const latin = all.filter((n) => !/\p{Script=Han}/u.test(n) && n.length >= 5);
    const names = hanQuestion || latin.length === 0 ? all : latin;
    // Named as typed: a synonym that only leads to the name (融资 → 股权融资) does not count.
    const namedBy = (words: readonly string[]) => words.length > 0 && words.every((n) => h.matched.has(n) && (!/\p{Script=Han}/u.test(n) || typed(n)));
    // "Who are the 引才合伙人?": the Chinese name typed in an English question names the English entry too.
    const han = all.filter((n) => /\p{Script=Han}/u.test(n));
    return namedBy(names) || (hanQuestion && namedBy(han));
  };
}

/**
 * A topic of events (one with `venues`) answers when its events are: a question that names
 * another policy by its own name and no event ("购房补贴的申请截止日期是哪天") asks about that
 * policy's deadline, not the events' — the named policy goes first.
 */
function preferPolicyOverEvents(hits: Array<RetrievalHit & { matched: Set<string> }>, terms: readonly QueryTerm[], venueWords: ReadonlyMap<string, ReadonlySet<string>>): void {
  const top = hits[0];
  const events = top ? venueWords.get(top.entry.topic) : undefined;
  if (!top || !events || terms.some((t) => events.has(t.term))) return;
  const named = hits.slice(1, 6).findIndex((h) => h.named === true && h.entry.topic !== top.entry.topic && h.coverage >= NAMED_MIN_COVERAGE);
  if (named >= 0) moveFirst(hits, named + 1);
}

/**
 * A topic that answers only questions asked with its words (`askedWith`: the calendar answers
 * "when" and "where"): without them ("are there invite-only events besides the contests?"), a
 * hit of another topic covering nearly as much of the question goes first.
 */
function preferAskedTopic(hits: RetrievalHit[], terms: readonly QueryTerm[], intentWords: ReadonlyMap<string, ReadonlySet<string>>, venueWords: ReadonlyMap<string, ReadonlySet<string>>): void {
  const top = hits[0];
  if (!top) return;
  const asked = (h: RetrievalHit) => terms.some((t) => intentWords.get(h.entry.topic)?.has(t.term));
  const intents = intentWords.get(top.entry.topic);
  // Asked with its words ("when is the next invitational event?") and covering more than another topic of the same events: it answers.
  const other = !intents
    ? !venueWords.has(top.entry.topic)
      ? -1
      : hits.slice(1, 6).findIndex((h) => intentWords.has(h.entry.topic) && asked(h) && h.coverage > top.coverage)
    : asked(top)
      ? -1
      : hits.slice(1, 6).findIndex((h) => h.entry.topic !== top.entry.topic && h.coverage >= top.coverage * ASKED_TOPIC_MIN_SHARE);
  if (other >= 0) moveFirst(hits, other + 1);
}
/** Share of the best hit's coverage another topic must reach to go first when the best topic was not asked for. */
const ASKED_TOPIC_MIN_SHARE = 0.8;

/**
 * A question that names a policy by its own name ("双创优选的支持力度大吗", "chuangye zizhu — how
 * big") is about that policy, even when an overview that lists every policy covers as much
 * of it: the named entry is moved first when the best one is not named itself. Marks the
 * hits it looks at (the first six) `named`.
 */
function preferNamedEntry(hits: Array<RetrievalHit & { matched: Set<string> }>, isNamed: (h: RetrievalHit & { matched: Set<string> }) => boolean): void {
  const top = hits[0];
  if (!top) return;
  for (const h of hits.slice(0, 6)) if (isNamed(h)) h.named = true;
  if (top.named) return;
  const enough = Math.min(NAMED_MIN_COVERAGE, top.coverage * 0.8);
  const named = hits.slice(1, 6).findIndex((h) => h.named === true && h.coverage >= enough);
  if (named >= 0) moveFirst(hits, named + 1);
}

/** Moves the hit at `index` to the front, the others keeping their order. */
function moveFirst<H>(hits: H[], index: number): void {
  const [hit] = hits.splice(index, 1);
  hits.unshift(hit!);
}
