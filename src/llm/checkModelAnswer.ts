/**
 * The guard on model answers: an answer may state only figures, links and e-mail addresses
 * that the entries it cites state in their verified text, and an answer that names the
 * subject of an entry under review states no figure at all.
 *
 * Verified text: the title and body of a `verified` entry; only the body of a
 * `needs_review` entry (its body holds its verified statements by construction, while its
 * title and question phrasings may not). Question phrasings never count: they are what
 * applicants ask ("Is it true the grant is 5 million?"), not what the source says.
 *
 * Why the second rule: a figure can be true of one subject and false of another. The
 * start-up grant's ceiling was lost in the source; "创业资助最高100万元" uses a figure that
 * the talent-package entry does state (for another item), so only the subject rule stops it.
 */
import type { KnowledgeEntry } from '../knowledge/schema.js';
import { findFigures, type Figure } from './findFigures.js';
import type { LlmRejectionReason } from './llmMetrics.js';

/** One reason an answer fails the guard, with what was found. */
export interface GuardProblem {
  reason: Extract<LlmRejectionReason, 'figure' | 'link' | 'under_review'>;
  /** The figure, link or subject at fault, for the log. */
  found: string;
}

/** The guard's verdict: `problems` is empty when the answer may be shown. */
export interface GuardVerdict {
  ok: boolean;
  problems: GuardProblem[];
}

const LINK = /(?:https?:\/\/|www\.)[^\s<>()，。、；！？]+/giu;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gu;
/** Shortest subject term that counts: two Chinese characters, or four Latin letters. */
const MIN_SUBJECT_CHARS = { han: 2, latin: 4 } as const;

/** The text of an entry that may support an answer's figures. */
export function verifiedTextOf(entry: KnowledgeEntry): string {
  return entry.review === 'verified' ? `${entry.title}\n${entry.body}` : entry.body;
}

/** Lower case, no spaces or hyphens: "Start-up grant" and "startup  grant" compare equal. */
const normaliseSubject = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[\s\-‐‑–—_]+/g, '');

/** The words that name what an entry under review is about: its title (and the part in brackets) and its tags. */
export function subjectTermsOf(entries: readonly KnowledgeEntry[]): string[] {
  const terms = new Set<string>();
  for (const entry of entries.filter((e) => e.review === 'needs_review')) {
    for (const part of [...entry.title.split(/[()（）[\]【】“”"]/u), ...entry.tags]) {
      const term = normaliseSubject(part);
      const enough = /\p{Script=Han}/u.test(term) ? [...term].length >= MIN_SUBJECT_CHARS.han : term.length >= MIN_SUBJECT_CHARS.latin;
      if (enough) terms.add(term);
    }
  }
  return [...terms];
}

const sameFigure = (a: Figure, b: Figure) => a.kind === b.kind && Math.abs(a.value - b.value) <= 1e-6 * Math.max(1, Math.abs(b.value));

/**
 * Checks a model answer against the entries it cites.
 *
 * @param answer - the sanitised answer text, as it would be shown
 * @param cited - the entries the answer cites
 * @param entriesUnderReview - every `needs_review` entry of the knowledge base, cited or not
 */
export function checkModelAnswer(answer: string, cited: readonly KnowledgeEntry[], entriesUnderReview: readonly KnowledgeEntry[]): GuardVerdict {
  const problems: GuardProblem[] = [];
  const sources = cited.map(verifiedTextOf);
  const allowed = sources.map(findFigures);
  const allowedFigures = allowed.flatMap((a) => a.figures);
  const allowedVague = new Set(allowed.flatMap((a) => a.vague));
  const sourceText = sources.join('\n').normalize('NFKC').toLowerCase();

  const stated = findFigures(answer);
  for (const figure of stated.figures) {
    if (!allowedFigures.some((a) => sameFigure(figure, a))) problems.push({ reason: 'figure', found: figure.text });
  }
  for (const vague of stated.vague) {
    if (!allowedVague.has(vague)) problems.push({ reason: 'figure', found: vague });
  }
  const normalised = answer.normalize('NFKC');
  for (const match of [...normalised.matchAll(LINK), ...normalised.matchAll(EMAIL)]) {
    const found = match[0].replace(/[.,;:!?]+$/, '');
    if (!sourceText.includes(found.toLowerCase())) problems.push({ reason: 'link', found });
  }
  if (stated.figures.length > 0 || stated.vague.length > 0) {
    const answerSubjects = normaliseSubject(answer);
    for (const term of subjectTermsOf(entriesUnderReview)) {
      if (answerSubjects.includes(term)) problems.push({ reason: 'under_review', found: term });
    }
  }
  return { ok: problems.length === 0, problems };
}
