/**
 * What the engine reports to, passed in by the composition root: the inbox of unanswered
 * questions (the console) — kept apart from the engine so that the parts it is passed to
 * can name it without importing the engine.
 */
import type { Language } from '../knowledge/schema.js';

/** Questions the bot could not answer well, for staff to review (the console's inbox). */
export interface UnansweredQuestionRecorder {
  /** Records one question; never rejects (errors are the recorder's to log). */
  record(question: { question: string; language: Language; topic?: string; fallback: boolean; coverage?: number }): Promise<void>;
  /** Removes the recorded wordings that contain any of `values` (an erased person's name or contact); returns how many. */
  forget?(values: readonly string[]): Promise<number>;
}

