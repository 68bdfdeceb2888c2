/**
 * What the engine asks of the optional model, as a small interface: the engine
 * (`src/core`) depends on these types only, never on LangChain. {@link createLlmAssistant}
 * builds one over an OpenAI-compatible model; tests build one over LangChain's fake models.
 *
 * The model is an assistant, never an authority: it writes an answer from entries the
 * engine chose, cites them, and may say they do not answer; the engine shows the answer
 * only when it passes the guard, and otherwise what it would have shown without a model.
 * It reads a free-text answer; the engine validates each value like a typed answer and
 * asks the applicant to confirm. Both calls always resolve: a slow, failing or confused
 * model gives an `unavailable` outcome, never an error.
 */
import type { Validator } from '../flows/flowSchema.js';
import type { BilingualText, KnowledgeEntry } from '../knowledge/schema.js';
import type { Language } from '../shared/language.js';
import type { LlmMetrics, LlmRejectionReason } from './llmMetrics.js';

/** A question for a grounded answer. */
export interface GroundedAnswerRequest {
  /** What the applicant asked. Contacts and ID numbers are removed before it is sent. */
  question: string;
  /** Whom the bot serves, from the district profile: "You are the answering component of <persona>." */
  persona: string;
  /** The language to answer in. */
  language: Language;
  /** The entries the model may use, best first, written in `language`. */
  entries: readonly KnowledgeEntry[];
  /** Every entry under review in the knowledge base: an answer naming their subject may state no figure. */
  entriesUnderReview: readonly KnowledgeEntry[];
}

/** Why no model answer is available. */
export type LlmUnavailableReason = 'timeout' | 'error' | 'malformed';

/** What came of a grounded-answer request. */
export type GroundedAnswerOutcome =
  /** An answer that passed the guard: plain text, and the ids of the entries it uses (known ids only, most relevant first). */
  | { kind: 'answer'; text: string; citedIds: string[] }
  /** The model says the entries do not answer the question: the engine gives the fallback. */
  | { kind: 'not_answerable' }
  /** No usable answer (slow, failed, or not in the agreed shape): the engine answers without the model. */
  | { kind: 'unavailable'; reason: LlmUnavailableReason }
  /** The answer failed the guard (logged and counted): the engine answers without the model. */
  | { kind: 'rejected'; reasons: LlmRejectionReason[] };

/** A question of a flow whose answer the model may pick out of free text (never a name or a contact). */
export interface ExtractableQuestion {
  field: string;
  label: BilingualText;
  /** A `choice`, `integer` or `year` validator: the same one the typed and button answers use. */
  validate: Validator;
}

/** A free-text answer to read. */
export interface ExtractionRequest {
  /** What the applicant typed. Contacts and ID numbers are removed before it is sent. */
  text: string;
  /** Whom the bot serves, from the district profile (the same words as in {@link GroundedAnswerRequest}). */
  persona: string;
  language: Language;
  /** The open questions of the flow, in flow order. */
  questions: readonly ExtractableQuestion[];
  /** This year, for "明年" / "next year". */
  currentYear: number;
}

/** What came of an extraction: raw values by field (choice ids, numbers, years), still to be validated. */
export type ExtractionOutcome = { kind: 'extracted'; values: Record<string, string | number> } | { kind: 'unavailable'; reason: LlmUnavailableReason };

/** The optional model, as the engine uses it. */
export interface LlmAssistant {
  /** The provider's model name, for logs and reports. */
  readonly model: string;
  /** Calls, tokens, latency and rejections, for the metrics endpoint. */
  readonly metrics: LlmMetrics;
  /** Writes a short answer from `entries` only. Never rejects. */
  answer(request: GroundedAnswerRequest): Promise<GroundedAnswerOutcome>;
  /** Picks answers to `questions` out of free text. Never rejects. */
  extract(request: ExtractionRequest): Promise<ExtractionOutcome>;
}
