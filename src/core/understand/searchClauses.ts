/**
 * Long messages tell a story before they ask ("刚从日本博后出站回国 行李还在路上 暂时没地方住 这边有
 * 没有人才公寓可以先住着"): the story dilutes the question, so the whole message may not be clear
 * enough to answer. Then each clause is searched on its own, and a clause that retrieval finds
 * clearly — covering most of it — answers. Another place named in the story ("I'm in Lagos",
 * "my startup is in Mato Grosso") is where the applicant is: a clause that names no place and
 * does not point at one ("那边", "over there") still answers. A message about another place's
 * own policy ("苏州的人才政策…") is never answered this way.
 */
import type { Retrieval, Retriever } from '../../knowledge/retriever.js';

/** A clause must be at least this well covered by its entry to answer for the whole message. */
export const CLAUSE_MIN_COVERAGE = 0.6;
/** Words that point at a place named elsewhere in the message: a clause with them is about that place. */
const POINTS_AT_A_PLACE = /那边|那里|那儿|那头|当地|那个地方|那座城市|他们的|人家的|\b(?:over there|their|that city|that place|those cities)\b|\bthere\s*[?.!]*$/iu;
const HAN = /\p{Script=Han}/u;
/** A clause that names a policy by its own name needs less of itself covered (the rest is how it was asked). */
const NAMED_CLAUSE_MIN_COVERAGE = 0.3;
/** Below this coverage the whole message's best entry is found mostly through the story around the question. */
const STORY_LED_COVERAGE = 0.5;
/** The questions alone must be covered this well by their entry to override the whole message. */
const ASKED_COVERAGE = 0.8;
/** …or this many times the share of the message the story's best topic covers. */
const ASKED_LEAD = 1.5;
/** A message this short that names another service's subject is about that subject. */
const SHORT_MESSAGE_CHARS = 20;

/** The clauses of a message: sentences, and for Chinese also the parts between commas and spaces. */
export function clausesOf(text: string): string[] {
  const parts = HAN.test(text) ? text.split(/[。！？!?；;，,、\n]+|\s+/u) : text.split(/(?<=[.?!;])\s+|\n+/u);
  return parts.map((p) => p.trim()).filter((p) => (HAN.test(p) ? [...p.replace(/[^\p{Script=Han}]/gu, '')].length >= 4 : p.split(/\s+/).length >= 3));
}

/**
 * Searches the whole message, then, when that is not clear enough, its clauses.
 *
 * @param retriever - the retriever in force
 * @param question - what the applicant wrote
 * @param namesNoTopic - true for a clause of generic words only ("怎么申请"), which cannot answer on its own
 */
export function searchClauses(retriever: Retriever, question: string, namesNoTopic: (clause: string) => boolean = () => false): Retrieval {
  const whole = retriever.search(question);
  if (whole.confident) return withoutToldSecondTopic(retriever, question, askedRatherThanTold(retriever, question, whole) ?? whole);
  // Another place, or in a short message a subject of another service ("这边哪家火锅好吃 推荐一下"): the message may be about that, whatever a clause finds.
  const short = [...question.replace(/\s/g, '')].length <= SHORT_MESSAGE_CHARS;
  const ownedElsewhere = whole.terms.some((t) => t.isName && t.isOwner) || (short && whole.terms.some((t) => t.isOtherSubject));
  const clauses = clausesOf(question);
  if (ownedElsewhere || clauses.length < 2) return whole;
  const namesAnotherPlace = whole.terms.some((t) => t.isName) && !whole.terms.some((t) => t.isHome);
  // Another service's subject in the message ("我想办退休金的资格认证，在你们这里哪里办"): only a clause naming a policy of ours speaks for it.
  const namesOtherSubject = whole.terms.some((t) => t.isOtherSubject && t.isName);
  // Each clause is searched once, whether for itself or as the story around the question.
  const asking = new Set(namesOtherSubject ? questionClausesOf(question) : []);
  const searched = new Map<string, Retrieval>();
  const search = (clause: string) => searched.get(clause) ?? searched.set(clause, retriever.search(clause)).get(clause)!;
  let best: Retrieval | undefined;
  for (const clause of clauses) {
    if (namesNoTopic(clause)) continue;
    // With another place in the message, only a clause that neither names nor points at a place speaks for it.
    if (namesAnotherPlace && POINTS_AT_A_PLACE.test(clause)) continue;
    const found = search(clause);
    const hit = found.hits[0];
    if (namesAnotherPlace && found.terms.some((t) => t.isName)) continue;
    if (!hit || !clearOnItsOwn(found, clause) || (namesOtherSubject && found.anchored !== true)) continue;
    // Beside another service's question ("我是外籍，回国工作需要办什么签证？"), a statement about oneself is the story, not what is asked.
    if (namesOtherSubject && hit.named !== true && !asking.has(clause.trim())) continue;
    // A clause naming a policy by its own name ("想问chuangye zizhu（创业资助）是怎么回事") says what the message is about before one that does not.
    const named = hit.named === true;
    const bestNamed = best?.hits[0]?.named === true;
    if (!best || (named && !bestNamed) || (named === bestNamed && hit.score * hit.coverage > best.hits[0]!.score * best.hits[0]!.coverage)) best = found;
  }
  return best ?? namedInTheStory(search, clauses, question, namesNoTopic, namesAnotherPlace) ?? askingPartOf(search, question, namesAnotherPlace, namesOtherSubject) ?? whole;
}

/**
 * A second topic matched only in the story around the question ("创业资助能给多少钱啊，我刚硕士毕业想自己干":
 * 硕士 is who asks, not the statistics of master's graduates) is not asked about: the answer names none.
 */
function withoutToldSecondTopic(retriever: Retriever, question: string, found: Retrieval): Retrieval {
  const second = found.secondary;
  const asking = second ? askingText(question) : undefined;
  if (!second || !asking) return found;
  const asked = new Set(retriever.search(asking).terms.filter((t) => !t.isWeak).map((t) => t.term));
  if (second.matchedTerms.some((term) => asked.has(term))) return found;
  const { secondary: _told, ...rest } = found;
  return rest;
}

/** The part of a message that asks, when it is not all of it: its question clauses in their order. */
function askingText(question: string): string | undefined {
  const asking = questionClausesOf(question).reverse();
  return asking.length > 0 && asking.length < clausesOf(question).length ? asking.join(' ') : undefined;
}

/**
 * A story, then questions in several short sentences ("My daughter is doing a PhD in São Paulo.
 * What competitions you have? How does it work?"): no clause is clear alone, but the questions
 * together are — without the story, and without another place.
 */
function askingPartOf(search: (clause: string) => Retrieval, question: string, namesAnotherPlace: boolean, namesOtherSubject: boolean): Retrieval | undefined {
  const asking = askingText(question);
  if (!asking) return undefined;
  const found = search(asking);
  return clearOnItsOwn(found, asking) && !(namesAnotherPlace && found.terms.some((t) => t.isName)) && !(namesOtherSubject && found.anchored !== true) ? found : undefined;
}

/** True when part of a message is found clearly enough to answer for all of it. */
function clearOnItsOwn(found: Retrieval, part: string): boolean {
  const hit = found.hits[0];
  if (!found.confident || !hit || hit.coverage < (hit.named ? NAMED_CLAUSE_MIN_COVERAGE : CLAUSE_MIN_COVERAGE)) return false;
  // One general English word ("What would the district offer a company like ours?") does not make a clause clear.
  const meaningful = new Set(found.terms.filter((t) => !t.isWeak && !t.isHome && !t.isFigure).map((t) => t.term));
  return HAN.test(part) || found.anchored === true || hit.matchedTerms.filter((t) => meaningful.has(t)).length >= 2;
}

/**
 * The whole message is clear, but mostly through its story ("俺明年6月就毕业了，应届生能参加比赛不？"
 * finds the calendar through "明年"): when the questions alone name a policy and are almost
 * wholly covered by another topic, they say what is asked.
 */
function askedRatherThanTold(retriever: Retriever, question: string, whole: Retrieval): Retrieval | undefined {
  const top = whole.hits[0];
  if (!top || top.coverage >= STORY_LED_COVERAGE) return undefined;
  const asking = askingText(question);
  if (!asking) return undefined;
  const found = retriever.search(asking);
  const hit = found.hits[0];
  // Or, naming a policy by its own name, it covers what it asks far better than the story's topic covers the message ("人才公寓能住吗？我老婆孩子也一起回来").
  // Not when the story names its own policy by name ("我最关心的是购房补贴，能具体讲讲吗？…有没有体检安排"): then the story is the question.
  const clearer = hit !== undefined && (hit.coverage >= ASKED_COVERAGE || (top.named !== true && hit.coverage >= top.coverage * ASKED_LEAD));
  return found.confident && found.anchored && hit && clearer && hit.entry.topic !== top.entry.topic ? found : undefined;
}

/**
 * A story that names a policy, then asks in words of no topic ("…看到你们有个什么以赛聚才 这到底是个啥
 * 意思啊", "…heard about the talent loan. how does it work?"): the question is about the policy named.
 * Only when the story names one topic by its own name, and not beside another place.
 */
function namedInTheStory(search: (clause: string) => Retrieval, clauses: readonly string[], question: string, namesNoTopic: (clause: string) => boolean, namesAnotherPlace: boolean): Retrieval | undefined {
  const asked = questionClausesOf(question)[0];
  if (!asked || !namesNoTopic(asked)) return undefined;
  const named = clauses
    .filter((c) => c !== asked && !asked.includes(c))
    .map(search)
    .filter((r) => r.confident && r.anchored && !(namesAnotherPlace && r.terms.some((t) => t.isName)));
  const topics = new Set(named.map((r) => r.hits[0]!.entry.topic));
  return topics.size === 1 ? named.at(-1) : undefined;
}

const QUESTION_ZH = /[?？吗呢]|什么|啥|怎么|哪|能不能|可不可以|能否|是否|有没有|属不属于|算不算|是不是|多少|几[个年月号]|咋|[不没]$|咩|乜|点样|几时|有冇|系唔系/u;
const QUESTION_EN = /\?|^(?:so |and |but |like )*(?:what|how|which|who|where|when|why|is|are|can|could|do|does|will|would|should)\b|\b(?:can|could) (?:i|we)\b|\bis there\b|\bare there\b|\bdo you\b/iu;

/**
 * The clauses of a message that ask something, last first: in a story that ends with its
 * question ("我在美国读博…人在海外能参加你们的比赛吗"), the question is what to answer.
 * English clauses are also split at ", and" / ", so" ("…I'm not Chinese, so can I even apply").
 */
export function questionClausesOf(text: string): string[] {
  const clauses = HAN.test(text) ? clausesOf(text) : clausesOf(text).flatMap((c) => c.split(/,\s*(?:and|but|so)\s+|\s+so\s+(?=(?:um\s+|uh\s+)*(?:can|could|is|are|do|does|what|how|which|who|where|when)\b)/iu));
  return clauses
    .map((c) => c.trim())
    .filter((c) => c && (HAN.test(c) ? QUESTION_ZH.test(c) : QUESTION_EN.test(c)))
    .reverse();
}
