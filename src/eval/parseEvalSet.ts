/**
 * Reads an evaluation file that may hold questions (`shared/eval/TOPICS.md`) and dialogues
 * (`docs/eval-format.md`): the kind is decided per line — a line with `turns` is a dialogue.
 */
import { dialogueSchema, type Dialogue } from './dialogueSchema.js';
import { evalCaseSchema, type EvalCase } from './evaluate.js';
import { parseJsonLines } from './readJsonLines.js';

/** The questions and dialogues of one file, in file order. */
export interface EvalSet {
  /** The file name it was read from. */
  file: string;
  questions: EvalCase[];
  dialogues: Dialogue[];
}

/**
 * Parses one evaluation file.
 *
 * @param text - the JSON Lines text
 * @param label - the file name, for error messages ("file.jsonl:3 turns.2.expect.flow: …")
 * @throws InputError listing every problem with its line and field
 */
export function parseEvalSet(text: string, label: string): EvalSet {
  const lines = parseJsonLines<EvalCase | Dialogue>(text, label, (data) => (typeof data === 'object' && data !== null && 'turns' in data ? dialogueSchema : evalCaseSchema), '(line)');
  const set: EvalSet = { file: label, questions: [], dialogues: [] };
  for (const line of lines) {
    if ('turns' in line) set.dialogues.push(line);
    else set.questions.push(line);
  }
  return set;
}
