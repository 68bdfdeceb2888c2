/**
 * Scores one bot on several evaluation files: the questions and dialogues of each file,
 * and all of them together.
 */
import type { Reply } from '../core/messages.js';
import { evaluateDialogues, summarizeDialogues, type DialoguePlayer, type DialogueReport } from './evaluateDialogues.js';
import { evaluate, summarizeQuestions, type EvalCase, type EvalReport } from './evaluate.js';
import type { EvalSet } from './parseEvalSet.js';

/** The bot under test, as the evaluation reaches it. */
export interface EvaluatedBot {
  /**
   * Asks one question in a fresh conversation.
   *
   * @param testCase - the question
   * @param conversationId - unique within the run
   */
  ask(testCase: EvalCase, conversationId: string): Promise<Reply[]>;
  /** Plays dialogues. */
  player: DialoguePlayer;
}

/** The scores of a group of files (or of one): absent parts had no questions or no dialogues. */
export interface SetScores {
  questions?: EvalReport;
  dialogues?: DialogueReport;
}

/** The scores of one run. */
export interface RunScores {
  files: Array<SetScores & { file: string }>;
  /** All files together. */
  combined: SetScores;
}

/**
 * Scores a bot on the files, one after the other.
 *
 * @param sets - the parsed files
 * @param bot - the bot under test
 */
export async function evaluateSets(sets: readonly EvalSet[], bot: EvaluatedBot): Promise<RunScores> {
  const files: RunScores['files'] = [];
  for (const [i, set] of sets.entries()) {
    const scores: SetScores & { file: string } = { file: set.file };
    if (set.questions.length) scores.questions = await evaluate(set.questions, (c) => bot.ask(c, `${i + 1}-q${set.questions.indexOf(c) + 1}-${c.id}`));
    if (set.dialogues.length) scores.dialogues = await evaluateDialogues(set.dialogues, bot.player, String(i + 1));
    files.push(scores);
  }
  const questionResults = files.flatMap((f) => f.questions?.results ?? []);
  const dialogueResults = files.flatMap((f) => f.dialogues?.results ?? []);
  const combined: SetScores = {};
  if (questionResults.length) combined.questions = summarizeQuestions(questionResults);
  if (dialogueResults.length) combined.dialogues = summarizeDialogues(dialogueResults);
  return { files, combined };
}
