/**
 * The publish gate's verdicts in the staff's words: for each failing regression question,
 * what it should get (a topic by its name, or "should say it does not know"), what the bot
 * answered (the entry by its title, linked to its edit page, and the opening of the answer),
 * and what is wrong — never the evaluation's internal reasons (`expected topic housing_subsidy,
 * got …`).
 */
import type { EvalResult } from '../../eval/evaluate.js';
import type { KnowledgeContent } from '../../knowledge/loadKnowledge.js';
import type { Language } from '../../shared/language.js';
import { table } from '../shared/consolePage.js';
import { html, type SafeHtml } from '../shared/html.js';
import type { ConsoleTexts } from '../shared/texts/consoleTexts.js';

/** What the texts of a verdict are read against: the draft's content and the staff's language. */
export interface GateWords {
  t: ConsoleTexts['gate'];
  lang: Language;
  content: KnowledgeContent;
}

/** The edit page of an entry id (`housing-subsidy.zh` → `/admin/content/entries/housing-subsidy`). */
export function entryEditUrl(entryId: string): string {
  return `/admin/content/entries/${encodeURIComponent(entryId.replace(/\.(zh|en)$/, ''))}`;
}

function topicName(w: GateWords, topic: string): string {
  const found = w.content.topics.find((x) => x.id === topic);
  return w.t.topic(found ? found.name[w.lang] : topic);
}

function entryTitle(w: GateWords, entryId: string): string {
  return w.content.entries.find((e) => e.id === entryId)?.title ?? entryId;
}

/** What the bot gave, in words: the entry's title (or its topic), or the fallback. */
function gotWords(w: GateWords, r: EvalResult): string {
  if (r.fallback) return w.t.fallback;
  if (r.answeredEntry) return w.t.entry(entryTitle(w, r.answeredEntry));
  return r.answeredTopic ? topicName(w, r.answeredTopic) : w.t.noSource;
}

/**
 * What is wrong with one answer, one sentence per problem, in the staff's language.
 *
 * @param w - the texts, language and draft content
 * @param r - the verdict of the evaluation
 */
export function describeProblems(w: GateWords, r: EvalResult): string[] {
  const problems: string[] = [];
  if (r.expectedTopic !== null) {
    if (r.fallback) problems.push(w.t.gaveFallback(topicName(w, r.expectedTopic)));
    else if (r.answeredTopic !== r.expectedTopic) problems.push(w.t.wrongTopic(topicName(w, r.expectedTopic), gotWords(w, r)));
  } else if (!r.fallback) {
    problems.push(w.t.answeredInstead(gotWords(w, r)));
  } else if (r.answeredEntry === null && r.reasons.some((x) => x.includes('claims a knowledge entry'))) {
    problems.push(w.t.fallbackClaims);
  }
  for (const needle of r.missing) problems.push(w.t.lacks(needle));
  if (r.forbiddenMatches > 0) problems.push(w.t.forbidden);
  if (r.wrongLanguage > 0) problems.push(w.t.wrongLanguage);
  return problems;
}

function answerCell(w: GateWords, r: EvalResult): SafeHtml {
  const link = r.answeredEntry
    ? html`<a href="${entryEditUrl(r.answeredEntry)}" data-testid="gate-entry">${entryTitle(w, r.answeredEntry)}</a>`
    : html`<strong>${r.fallback ? w.t.fallback : w.t.noSource}</strong>`;
  return html`${link}<br><small class="note" data-testid="gate-answer">${r.answer.replace(/\s+/g, ' ').slice(0, 120)}${r.answer.length > 120 ? '…' : ''}</small>`;
}

function expectedCell(w: GateWords, r: EvalResult): SafeHtml | string {
  if (r.expectedTopic === null) return w.t.shouldNotKnow;
  const entries = w.content.entries.filter((e) => e.topic === r.expectedTopic && e.language === r.lang);
  return html`${topicName(w, r.expectedTopic)}${entries.map((e) => html`<br><a href="${entryEditUrl(e.id)}">${w.t.openEntry}: ${e.title}</a>`)}`;
}

/**
 * A table of failing questions: the question, what it should get, what the bot answered (with
 * a link to the entry) and what is wrong.
 *
 * @param w - the texts, language and draft content
 * @param results - the failing verdicts
 * @param testId - the table's `data-testid`
 */
export function gateResultsTable(w: GateWords, results: readonly EvalResult[], testId: string): SafeHtml {
  return table(
    [w.t.question, w.t.expected, w.t.answered, w.t.problem],
    results.map((r) => [
      html`<span lang="${r.lang === 'zh' ? 'zh-CN' : 'en'}">${r.question}</span>`,
      expectedCell(w, r),
      answerCell(w, r),
      html`<ul class="plain">${describeProblems(w, r).map((p) => html`<li>${p}</li>`)}</ul>`,
    ]),
    testId,
  );
}
