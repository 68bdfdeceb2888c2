/**
 * Turns text into search terms the same way for content and for questions: Unicode
 * normalisation (full-width → half-width), traditional → simplified Chinese, lower case,
 * synonym phrases mapped to their group's first word, Chinese segmented by jieba with the
 * lexicon's policy terms kept whole, English split into words with plural endings removed,
 * stopwords dropped.
 */
import { Jieba } from '@node-rs/jieba';
// The traditional → simplified build: the same converters without the dictionaries towards traditional.
import * as OpenCC from 'opencc-js/t2cn';
import { isEverydayEnglish } from './englishWordRarity.js';
import { createPhraseReplacer } from './replacePhrases.js';
import type { Lexicon } from './schema.js';
import { generalWordRarity } from './generalWordRarity.js';
import { readJiebaDictionary } from './jiebaFiles.js';
import { stemEnglish } from './stemEnglish.js';

/** One term of an analysed question. */
export interface QueryTerm {
  /** The normalised term as indexed. */
  term: string;
  /**
   * True when the term names a place or an organisation (jieba's `ns`/`nt` tags,
   * or a capitalised English word inside a sentence). Names the content does not know are
   * strong signs that a question is about something else (another city, another country).
   */
  isName: boolean;
  /** True for a single Chinese character, which carries less meaning than a word. */
  isSingleChar: boolean;
  /** True for a weak word of the lexicon (question words, generic verbs). */
  isWeak: boolean;
  /** True for a number or an amount ("500", "几百万", "million"): asking whether a figure holds says nothing about the topic. */
  isFigure: boolean;
  /** True for one of the lexicon's home places (the district itself). */
  isHome: boolean;
  /**
   * True for one of the lexicon's `otherSubjects` (weather, stocks, visas): a subject the
   * content does not cover, which naming the district does not excuse ("the weather in the district").
   */
  isOtherSubject?: boolean;
  /** True for one of the lexicon's `travelSubjects` (visas, flights): what going to an event brings with it. */
  isTravel?: boolean;
  /** True for one of the lexicon's `otherPlaces` (杭州, "hong kong"), however it was typed. */
  isListedPlace?: boolean;
  /** True for a place whose own policy the question asks about ("Hefei's talent policies", "苏州的人才政策"): naming the district too does not excuse it. */
  isOwner?: boolean;
  /** True for a place the applicant is in or comes from ("I'm in Toronto", "刚从加拿大回来"): their story, which says little about what they ask. */
  isBackground?: boolean;
}

/** An analysed question. */
export interface AnalysedQuery {
  terms: QueryTerm[];
  /** The normalised runs of Chinese characters, for homophone correction. */
  hanRuns: string[];
}

/** Analyses text into terms. Built once per lexicon; cheap to call per question. */
export interface TextAnalyzer {
  /** Maps a word to its synonym group's head (itself when it has none); the word must be normalised. */
  canonical(word: string): string;
  /** The lexicon's Chinese words: segmenter terms and synonym members, normalised. */
  readonly lexiconWords: ReadonlySet<string>;
  /** The lexicon's other places as terms ("hangzhou", "苏州"): never expanded to a near word of the content. */
  readonly otherPlaces: ReadonlySet<string>;
  /** The lexicon's `terms` (policy and proper names) as written there. */
  readonly policyTerms: readonly string[];
  /** Normalises text: NFKC, simplified Chinese, lower case, English synonym phrases mapped. */
  normalize(text: string): string;
  /** The terms of a piece of content. */
  terms(text: string): string[];
  /** The terms of a question, with what the confidence estimate needs to know about each. */
  analyseQuery(text: string): AnalysedQuery;
}

// Taiwan phrases (软体 → 软件) as well as characters; Hong Kong text converts as well with it.
const toSimplified = OpenCC.Converter({ from: 'twp', to: 'cn' });
const HAN = /\p{Script=Han}/u;
const ASCII = /^[ -~\t\n\r]*$/;
/** A letter or digit of a script other than Chinese. */
const LATIN_LETTER = /(?!\p{Script=Han})[\p{L}\p{N}]/u;
// Latin (and other non-Chinese) words stop at Chinese characters: "分赛区or邀请赛" is 分赛区, or, 邀请赛.
const RUNS = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}])+(?:[.'’_-](?:(?!\p{Script=Han})[\p{L}\p{N}])+)*)/gu;
// Places and organisations. Person-name tags are left out: jieba gives them to colloquial runs (别跟我).
const NAME_TAGS = new Set(['ns', 'nt']);
/** Below this rarity (see generalWordRarity) a word jieba tags as a place or organisation is an everyday word. */
const COMMON_NAME_RARITY = 0.35;
// A university (浙大, 哈工大, 南京大学) is named as a school, not as another place with its own policies.
const UNIVERSITY = /(?:大学|学院|大)$/u;
// A capitalised word that follows a space but not a sentence end: likely a name.
/**
 * A child named as the one the story is about ("my daughter finished her PhD", "on behalf of my
 * son", "can my daughter apply", "我孩子在德国读博"): who is asking for whom, not a question about
 * children's services. The word is dropped from the question; "schools for my son" keeps it.
 * Matched on normalised text, where son, daughter and kids read as their synonym group's head.
 */
const CHILD_AS_SUBJECT_EN =
  /(?<=\bon behalf of (?:my|our)\s+)children\b|(?<=\b(?:my|our)\s+)children(?=\s+(?:has|have|had|finish\w*|graduat\w*|keeps?|works?|working|studies|studied|wants?|eligibility|apply|applying|applies|qualif\w*|is (?:a|an|eligibility|doing|working|studying|finishing|graduating|currently|now)|does|did|just|recently|forwarded|sent|sends|told|tells|showed|shared|says|said|mentioned|recommended|found|saw|asked)\b)/gu;
const CHILD_AS_SUBJECT_ZH = /(?<=我(?:家)?|我们家)(?:孩子|小孩|娃|闺女|儿子|女儿)(?=在|是|读|刚|今年|想参加|想申请|能不能参加|能不能申请|能参加|能申请|可以参加|可以申请|符合|够)/gu;

const CAPITALISED_INSIDE_SENTENCE = /(?<![.!?。！？]\s*)(?<=\s)([A-Z][a-z]{2,})/g;

const HAN_FIGURE = /^(?:[零〇一二两三四五六七八九十百千万亿几数多]*[十百千万亿][元块]?|万元)$/u;
const LATIN_FIGURE = /^(?:\d[\d.,%]*(?:k|m|w|mn|bn|million|billion|rmb|yuan|[十百千万亿]+[元块]?)?|millions?|billions?|thousands?|rmb|yuan|cny)$/u;

/** True for a number or an amount: digits, Chinese numerals with a unit, or an English amount word. */
export function isFigure(term: string): boolean {
  return HAN_FIGURE.test(term) || LATIN_FIGURE.test(term);
}


/**
 * Builds the analyser for a lexicon.
 *
 * @param lexicon - segmenter terms, synonym groups, stopwords and weak words from `knowledge/lexicon.yaml`
 */
export function createTextAnalyzer(lexicon: Lexicon): TextAnalyzer {
  // ASCII text is already NFKC and has nothing to convert to simplified Chinese.
  const basic = (text: string) => (ASCII.test(text) ? text : toSimplified(text.normalize('NFKC'))).toLowerCase();

  // Every member maps to its group's head. Chinese members are words of the segmenter and
  // are mapped token by token, so 人工 (a person) is mapped but 人工智能 (AI) is not.
  // English members may be phrases ("office space") and are replaced in the text, whole
  // words only; heads map to themselves so that a longer head is matched whole.
  const canonical = new Map<string, string>();
  for (const group of lexicon.synonyms) {
    const head = basic(group[0] ?? '');
    for (const member of group) if (!canonical.has(basic(member))) canonical.set(basic(member), head);
  }
  // English terms of several words ("shanghai jiao tong university") are kept as one token,
  // so a name inside them ("shanghai") does not look known on its own.
  const latinPhrase = (words: string) => (/\s/.test(words) ? words.replace(/[\s-]+/g, '_') : words);
  const latinReplacements = new Map<string, string>();
  const elsewhere = [...lexicon.otherPlaces, ...lexicon.otherSubjects];
  for (const term of [...lexicon.terms, ...elsewhere].map(basic).filter((t) => !HAN.test(t))) latinReplacements.set(term, latinPhrase(term));
  for (const [member, head] of canonical) if (!HAN.test(member)) latinReplacements.set(member, latinPhrase(head));
  const latinMembers = [...latinReplacements.keys()];
  const latinSynonyms = latinMembers.length ? createPhraseReplacer(latinReplacements) : undefined;

  const segmenterWords = new Set([...lexicon.terms, ...canonical.keys(), ...canonical.values()].map(basic).filter((t) => HAN.test(t)));
  const placeWords = elsewhere.map(basic).filter((t) => HAN.test(t) && !segmenterWords.has(t));
  const jieba = segmenterFor([...[...segmenterWords].map((t) => `${t} 200000 n`), ...placeWords.map((t) => `${t} 200000 ns`)].join('\n'));
  const stopwords = new Set([...lexicon.stopwords.zh, ...lexicon.stopwords.en].map(basic));
  const weakWords = new Set([...lexicon.weakWords.zh, ...lexicon.weakWords.en].map((w) => stemEnglish(basic(w))));
  const canonicalOf = (word: string) => stemEnglish(canonical.get(word) ?? word);
  const homePlaces = new Set(lexicon.homePlaces.map((w) => canonicalOf(basic(w))));
  const otherPlaces = new Set(elsewhere.map((w) => canonicalOf(latinPhrase(basic(w)))));
  const otherSubjects = new Set(lexicon.otherSubjects.map((w) => canonicalOf(latinPhrase(basic(w)))));
  const travelSubjects = new Set(lexicon.travelSubjects.map((w) => canonicalOf(latinPhrase(basic(w)))));

  // Every member has a letter or digit outside Chinese script, so text without one (most Chinese text) cannot match: the long alternation is skipped.
  const needsLatin = latinMembers.every((m) => LATIN_LETTER.test(m));
  const normalize = (text: string) => {
    const plain = basic(text);
    if (!latinSynonyms || (needsLatin && !LATIN_LETTER.test(plain))) return plain;
    return latinSynonyms(plain);
  };

  const analyse = (text: string, forQuery: boolean): AnalysedQuery => {
    const capitalised = new Set<string>();
    if (forQuery) for (const m of text.normalize('NFKC').matchAll(CAPITALISED_INSIDE_SENTENCE)) if (!isEverydayEnglish(m[1]!) && !DEMONYM.test(m[1]!)) capitalised.add(m[1]!.toLowerCase());
    // Pinyin typed with capitals ("Shuang Chuang You Xuan", "Ren Cai Dai") is a policy's name, not a person's or a place's.
    if (forQuery) for (const m of text.normalize('NFKC').matchAll(SYLLABLE_RUN)) for (const w of m[0].split(/\s+/)) capitalised.delete(w.toLowerCase());
    const background = forQuery ? backgroundPlaces(normalize(text)) : new Set<string>();
    const owners = forQuery ? ownerPlaces(normalize(text)) : new Set<string>();
    const terms: QueryTerm[] = [];
    const hanRuns: string[] = [];
    const push = (term: string, isName: boolean) =>
      terms.push({
        term,
        // Where the applicant comes from ("刚从加拿大回来", "I worked in Munich") is their story, not the subject.
        // A weak word ("Chinese", "English") is never a name, even capitalised.
        // Unless its own policy is asked about ("我儿子在昆山工作，昆山的人才补贴是怎么规定的").
        isName: (isName || otherPlaces.has(term)) && (!background.has(term) || owners.has(term)) && !weakWords.has(term),
        isSingleChar: HAN.test(term) && [...term].length === 1,
        isWeak: weakWords.has(term),
        isFigure: isFigure(term),
        isHome: homePlaces.has(term),
        ...(otherSubjects.has(term) ? { isOtherSubject: true, ...(travelSubjects.has(term) ? { isTravel: true } : {}) } : otherPlaces.has(term) ? { isListedPlace: true } : {}),
        ...(owners.has(term) ? { isOwner: true } : background.has(term) ? { isBackground: true } : {}),
      });
    const normalized = forQuery ? normalize(text).replace(CHILD_AS_SUBJECT_EN, '').replace(CHILD_AS_SUBJECT_ZH, '') : normalize(text);
    for (const match of normalized.matchAll(RUNS)) {
      if (match[1]) {
        hanRuns.push(match[1]);
        const tagged = forQuery ? jieba.tag(match[1], true) : jieba.cut(match[1], true).map((word) => ({ word, tag: '' }));
        for (const { word, tag } of tagged) {
          const term = canonical.get(word) ?? word;
          // A word this common in general text (东西, 中国) is no name, whatever jieba tags it; the lexicon's places still are.
          if (!stopwords.has(term)) push(term, NAME_TAGS.has(tag) && !UNIVERSITY.test(term) && generalWordRarity(term) >= COMMON_NAME_RARITY);
        }
      } else if (match[2]) {
        for (const part of match[2].includes('_') ? [match[2]] : match[2].split(/[-.]/)) {
          const word = part.replace(/[’']s$/, '').replace(/[’']/g, '');
          if (!word || stopwords.has(word)) continue;
          // A plural of a synonym ("schools", "hospitals") maps like its singular.
          const head = canonical.get(word) ?? canonical.get(stemEnglish(word));
          const term = stemEnglish(head === undefined ? word : latinPhrase(head));
          if (!stopwords.has(term)) push(term, capitalised.has(word));
        }
      }
    }
    return { terms, hanRuns };
  };

  return {
    normalize,
    canonical: canonicalOf,
    lexiconWords: segmenterWords,
    otherPlaces,
    policyTerms: lexicon.terms,
    terms: (text) => analyse(text, false).terms.map((t) => t.term),
    analyseQuery: (text) => analyse(text, true),
  };
}

/** The segmenter last built, and the words it was given beside jieba's own dictionary. */
let lastSegmenter: { words: string; jieba: Jieba } | undefined;

/**
 * Jieba with its base dictionary and `words` (jieba's user-dictionary lines). Parsing the base
 * dictionary takes about half a second, so a rebuild for the same lexicon (a content reload
 * that left `lexicon.yaml` alone) reuses the segmenter of the last build: it holds no state
 * but its dictionaries.
 */
function segmenterFor(words: string): Jieba {
  if (lastSegmenter?.words === words) return lastSegmenter.jieba;
  // Read for this build only: the segmenter keeps its own parsed copy.
  const jieba = Jieba.withDict(readJiebaDictionary());
  if (words) jieba.loadDict(Buffer.from(words));
  lastSegmenter = { words, jieba };
  return jieba;
}

/** A nationality ("Nigerian", "Japanese", "Pakistani"): who the applicant is, not a place whose policy is asked about. */
const DEMONYM = /^(?:[A-Z][a-z]+(?:ian|ean|ese|ish|stani|aqi)|Filipino|Filipina|Pinoy|Thai|Israeli|Iraqi|Saudi|Emirati|Nepali|Bengali|Omani|Qatari|Kuwaiti|Swiss|Dutch|French|Greek|Czech|Welsh)$/;

/** Three or more short capitalised words in a row: pinyin syllables more likely than names. */
const SYLLABLE_RUN = /\b[A-Z][a-z]{0,5}(?:\s+[A-Z][a-z]{0,5}){2,}\b/g;

/** Words around a place that make it where someone comes from, studied or worked — their background. */
const BACKGROUND_ZH = /(?<=人在|我在|身在|现在在|目前在|住在|定居在|待在|人现在在|我现在在)([\p{Script=Han}]{2,4}?)(?=可以|能|的话|也|看到|听说|听到|刷到|知道|，|,|\s|$)|(?<=我是|本人是|我们是|我系|我係)([\p{Script=Han}]{2,4}?)(?=人|籍|华人|华侨|留学生|[的嘅](?:博士|硕士|学生|留学生|工程师|教授|研究员|华人))|([\p{Script=Han}]{2,4}?)(?=人(?:可以|能|能否|是否|也|申请|参加|参赛))|(?:从|在|于|喺)([\p{Script=Han}]{2,6}?)(?=回来|回国|来的|过来|工作|读|做|待|留学|生活|创业|毕业|上班|当|任教|发展|了|的时候)|([\p{Script=Han}]{2,6}?)(?=回来|回国|留学回来|毕业|读的|工作过|待过|做过)/gu;
const BACKGROUND_EN = /\b(?:worked|working|work|studied|studying|study|live|lived|living|based|born|moved|move|moving|relocate|relocating|coming|upcoming|came|returning|returned|graduated|postdoc|phd|job|years|i'm|i am|im|we're|we are|i was|we were|currently|presently|now)\s+(?:\w+\s+){0,3}?(?:in|at|from)\s+([a-z_]+(?:\s[a-z]+)?)/gu;
/** Where the applicant's school or employer is ("a PhD from a UK university", "at a German company"). */
const BACKGROUND_INSTITUTION_EN = /\b(?:from|at|in|with)\s+(?:a|an|the|one)\s+([a-z_]+)\s+(?:university|universities|institute|company|firm|lab|laboratory|school|college|hospital|startup|bank)\b/gu;
/** Where the applicant's own organisation or people are ("a hardware startup in Munich", "three engineering teams from Seoul"). */
const BACKGROUND_ORGANISATION_EN = /\b(?:startups?|start-ups?|company|companies|firms?|teams?|labs?|laborator(?:y|ies)|universit(?:y|ies)|institutes?|hospitals?|schools?|factor(?:y|ies)|business(?:es)?|clients?|engineers?|researchers?|founders?)\s+(?:based\s+)?(?:in|at|from)\s+([a-z_]+)/gu;
/** A sentence that opens with the applicant's own country ("In Russia we have only grants"). */
/** Where the family is ("while my family is still in Bangalore"). */
const BACKGROUND_FAMILY_EN = /\b(?:family|wife|husband|kids|children|parents|partner)\s+(?:is|are|lives?|stays?)\s+(?:still\s+)?(?:in|at)\s+([a-z_]+)|\b(?:my|a|our)\s+(?:friend|colleague|cousin|brother|sister|relative|classmate|boss|mate)\s+(?:in|from|at)\s+([a-z_]+)/gu;
/** A nationality said of oneself ("I'm Singaporean", "we are Korean"). */
const BACKGROUND_NATIONALITY_EN = /\b(?:i'?m|i am|we'?re|we are|as an?)\s+([a-z]+(?:ian|ean|ese|stani|aqi))\b/gu;
const BACKGROUND_OPENING_EN = /(?:^|[.!?]\s+)in\s+([a-z_]+)\s*,?\s+(?:we|i|they|there|people|it)\b/gu;
/** Where the applicant is, typed in Latin letters inside Chinese ("我在London"). */
const BACKGROUND_LATIN_IN_ZH = /(?:我在|人在|我们在|身在|来自|从)\s*([a-z_]+)/gu;

/** A place followed by its own policy ("hefei's talent policies", "苏州的人才政策"). */
const OWNER_EN = /\b([a-z]+)[’']s\s+(?:\w+\s+)?(?:policy|policies|package|scheme|schemes|programme|program|plan|subsidy|subsidies|grant|grants|support|benefits|incentives|numbers|figures|statistics|data)\b/gu;
/** A policy followed by its place ("the housing subsidy in xinbei district"). */
const OWNER_AFTER_EN = /\b(?:policy|policies|package|scheme|schemes|programme|program|subsidy|subsidies|grant|grants|benefits|incentives|loan|loans|apartments?|reward|rewards)\s+(?:in|of)\s+([a-z]+)/gu;
const OWNER_ZH = /([\p{Script=Han}]{2,6}?)(?:市|区|省)?的(?:[a-z]+\s*)?(?:人才|购房|住房|创业|租房|安家|[\p{Script=Han}]{2,3}(?=人才计划|计划|项目|政策))*(?:政策|补贴|计划|项目|待遇|扶持|支持|人才计划|奖励|资助|贷款|公寓)/gu;
/** A place written right before the policy ("what is hangzhou policy for foreign phd"). */
const OWNER_BEFORE_EN = /\b([a-z]+)\s+(?:talent\s+|housing\s+|startup\s+)?(?:policy|policies|package|scheme|schemes|programme|program|subsidy|subsidies|grants?|benefits|incentives)\b/gu;
/** A place that gives ("what does toronto offer startups?", "does hangzhou give housing money"). */
const OWNER_GIVES_EN = /\b(?:does|do|did|will|would|can|could)\s+([a-z]+)\s+(?:offer|give|provide|pay|grant|have for)\b/gu;

/** The places whose own policy a question asks about (normalised forms). */
function ownerPlaces(normalized: string): Set<string> {
  const found = new Set<string>();
  for (const re of [OWNER_EN, OWNER_AFTER_EN, OWNER_BEFORE_EN, OWNER_GIVES_EN]) for (const m of normalized.matchAll(re)) found.add(m[1]!);
  for (const m of normalized.matchAll(OWNER_ZH)) {
    // The place may be any part of the run before 的, with its 市/区/省 ("<city>新北区的" names 新北区).
    const chars = [...m[0].slice(0, m[0].indexOf('的'))];
    for (let from = 0; from < chars.length; from++) for (let to = from + 2; to <= chars.length; to++) found.add(chars.slice(from, to).join(''));
  }
  return found;
}

/** The places a question mentions as the applicant's background (normalised forms, whole and by word). */
function backgroundPlaces(normalized: string): Set<string> {
  const found = new Set<string>();
  for (const m of normalized.matchAll(BACKGROUND_ZH)) {
    const place = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5];
    if (!place) continue;
    // The place may be any part of the captured run ("请问台湾" before "人可以").
    const chars = [...place];
    for (let from = 0; from < chars.length; from++) for (let to = from + 2; to <= chars.length; to++) found.add(chars.slice(from, to).join(''));
  }
  for (const m of normalized.matchAll(BACKGROUND_LATIN_IN_ZH)) found.add(m[1]!);
  for (const re of [BACKGROUND_INSTITUTION_EN, BACKGROUND_ORGANISATION_EN, BACKGROUND_OPENING_EN, BACKGROUND_FAMILY_EN, BACKGROUND_NATIONALITY_EN]) for (const m of normalized.matchAll(re)) found.add((m[1] ?? m[2])!);
  for (const m of normalized.matchAll(BACKGROUND_EN)) {
    const place = m[1]!;
    found.add(place.replace(/\s+/g, '_'));
    found.add(place.split(/\s+/)[0]!);
  }
  return found;
}
