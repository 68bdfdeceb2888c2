/**
 * Plays dialogues against a bot and scores every turn: turn accuracy overall and by
 * language, and how many dialogues were right from start to end. The bot is reached
 * through a {@link DialoguePlayer}, so the engine and the baseline are scored alike.
 */
import type { Reply } from '../core/messages.js';
import type { Language } from '../shared/language.js';
import type { Dialogue } from './dialogueSchema.js';
import { accuracyOf, type Accuracy } from './evaluate.js';
import { judgeTurn, type TurnObservation, type TurnVerdict } from './judgeTurn.js';

/** One message the applicant sends: typed text or a button's action. */
export type PlayerMessage = { text: string } | { action: string };

/** One conversation with the bot under test. */
export interface DialogueSession {
  /** Sends one message and reports what the turn produced. */
  send(message: PlayerMessage): Promise<TurnObservation>;
}

/** Starts conversations with the bot under test. */
export interface DialoguePlayer {
  /**
   * Starts a fresh conversation for a dialogue.
   *
   * @param dialogue - the dialogue
   * @param conversationId - unique within the run, for the conversation's user id
   */
  start(dialogue: Dialogue, conversationId: string): DialogueSession;
}

/** The verdict on one dialogue. */
export interface DialogueResult {
  id: string;
  lang: Language;
  note?: string;
  /** True when every scored turn passed. */
  pass: boolean;
  turns: TurnVerdict[];
}

/** The scores of a set of dialogues. */
export interface DialogueReport {
  results: DialogueResult[];
  /** Of the scored turns, the share that passed. */
  turns: Accuracy;
  turnsByLanguage: Record<Language, Accuracy>;
  /** Dialogues with every scored turn right. */
  dialogues: Accuracy;
  wrongLanguageReplies: number;
  forbiddenFigures: number;
}

/** The button whose label contains `wanted` (case-insensitive) among the previous turn's replies. */
function findButton(previous: readonly Reply[], wanted: string): string | undefined {
  const needle = wanted.toLowerCase();
  return previous.flatMap((r) => r.buttons).find((b) => b.label.toLowerCase().includes(needle))?.action;
}

/**
 * Plays one dialogue. A press of a button that is not there fails that turn, and the
 * dialogue goes on with its next turn.
 *
 * @param dialogue - the dialogue
 * @param session - a fresh conversation
 */
export async function playDialogue(dialogue: Dialogue, session: DialogueSession): Promise<DialogueResult> {
  const turns: TurnVerdict[] = [];
  let previous: Reply[] = [];
  for (const [i, turn] of dialogue.turns.entries()) {
    const action = turn.press !== undefined ? findButton(previous, turn.press) : turn.action;
    if (turn.press !== undefined && action === undefined) {
      const labels = previous.flatMap((r) => r.buttons.map((b) => b.label));
      turns.push(judgeTurn(turn, i + 1, `no button containing "${turn.press}" (buttons: ${labels.length ? labels.join(' | ') : 'none'})`, dialogue.lang));
      continue;
    }
    const seen = await session.send(action !== undefined ? { action } : { text: turn.text ?? '' });
    turns.push(judgeTurn(turn, i + 1, seen, dialogue.lang));
    previous = seen.replies;
  }
  const result: DialogueResult = { id: dialogue.id, lang: dialogue.lang, pass: turns.every((t) => t.pass || !t.scored), turns };
  return dialogue.note ? { ...result, note: dialogue.note } : result;
}

/**
 * Summarises dialogue verdicts — of one file, or of several files together.
 *
 * @param results - the verdicts
 */
export function summarizeDialogues(results: readonly DialogueResult[]): DialogueReport {
  const scored = (lang?: Language) => results.filter((d) => !lang || d.lang === lang).flatMap((d) => d.turns.filter((t) => t.scored));
  const all = results.flatMap((d) => d.turns);
  return {
    results: [...results],
    turns: accuracyOf(scored()),
    turnsByLanguage: { zh: accuracyOf(scored('zh')), en: accuracyOf(scored('en')) },
    dialogues: accuracyOf(results),
    wrongLanguageReplies: all.reduce((n, t) => n + t.wrongLanguage, 0),
    forbiddenFigures: all.reduce((n, t) => n + t.forbiddenMatches, 0),
  };
}

/**
 * Plays and scores dialogues, each in a fresh conversation.
 *
 * @param dialogues - the dialogues
 * @param player - the bot under test
 * @param runId - makes conversation ids unique across files of one run
 */
export async function evaluateDialogues(dialogues: readonly Dialogue[], player: DialoguePlayer, runId = 'd'): Promise<DialogueReport> {
  const results: DialogueResult[] = [];
  for (const [i, dialogue] of dialogues.entries()) results.push(await playDialogue(dialogue, player.start(dialogue, `${runId}-${i + 1}-${dialogue.id}`)));
  return summarizeDialogues(results);
}
