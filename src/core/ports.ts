/**
 * What the engine reports to, passed in by the composition root: the inbox of unanswered
 * questions (the console) — kept apart from the engine so that the parts it is passed to
 * can name it without importing the engine.
 */
import type { Language } from '../shared/language.js';

/** Questions the bot could not answer well, for staff to review (the console's inbox). */
export interface UnansweredQuestionRecorder {
  /** Records one question; never rejects (errors are the recorder's to log). */
  record(question: { question: string; language: Language; topic?: string; fallback: boolean; coverage?: number; entryId?: string; answer?: string }): Promise<void>;
  /** Removes the recorded wordings that contain any of `values` (an erased person's name or contact); returns how many. */
  forget?(values: readonly string[]): Promise<number>;
}


/**
 * One handled turn as the engine reports it for the console's conversation logs, before
 * anonymisation: the recorder removes personal data (the inbox's rules, and `personalValues`
 * wherever they appear) before anything is stored.
 */
export interface TurnToLog {
  /** The conversation's random log reference (kept in its state; never the user id). */
  conversation: string;
  /** The turn's number in the conversation. */
  turn: number;
  at: number;
  channel: string;
  language: Language;
  /** What the applicant sent: typed text, or the action of the button pressed. */
  asked: { text: string } | { action: string };
  /** True when the text answered a question asking for personal data (a name, a contact, free text in a check): logged as a marker only. */
  personalAnswer: boolean;
  /** The bot's replies, with the entry that answered each (its first source), whether it was the fallback, and the buttons offered. */
  replies: Array<{ text: string; entryId?: string; topic?: string; fallback: boolean; buttons: Array<{ label: string; action: string }> }>;
  /** How much of the question the best entry covered (0–1), when the turn was answered from retrieval. */
  confidence?: number;
  /** The entry retrieval found best, when the turn searched the content (for a fallback: the nearest one). */
  bestEntryId?: string;
  /** What the applicant gave as a name, contact or free-text answer in this conversation's check: removed wherever it appears. */
  personalValues: string[];
}

/** Where turns go for the console's conversation logs (only of conversations shown the notice). */
export interface ConversationLogRecorder {
  /** How many days a logged turn is kept: the welcome's notice says so. */
  readonly retentionDays: number;
  /** Records one turn; never rejects (errors are the recorder's to log). */
  record(turn: TurnToLog): Promise<void>;
  /** Adds a 👍 / 👎 to the latest logged answer of `entryId` in the conversation; never rejects. */
  rate(conversation: string, entryId: string, rating: 'up' | 'down'): Promise<void>;
  /**
   * Deletes the conversation's logged turns and any other conversation whose turns hold one of `values` (an erased person's name or contact).
   *
   * @returns how many turns were deleted
   */
  forget(conversation: string | undefined, values: readonly string[]): Promise<number>;
}
