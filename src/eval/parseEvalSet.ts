/**
 * Reads an evaluation file that may hold questions (`shared/eval/TOPICS.md`) and dialogues
 * (`heldout/FORMAT.md`): the kind is decided per line — a line with `turns` is a dialogue.
 */
import { InputError } from '../core/errors.js';
import { dialogueSchema, type Dialogue } from './dialogueSchema.js';
import { evalCaseSchema, type EvalCase } from './evaluate.js';
import { readJsonLines, type LineIssue } from './readJsonLines.js';

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
  const set: EvalSet = { file: label, questions: [], dialogues: [] };
  const issues: LineIssue[] = [];
  for (const line of readJsonLines(text, label)) {
    if (line.problem !== undefined) {
      issues.push(line);
      continue;
    }
    const { where, data } = line;
    const isDialogue = typeof data === 'object' && data !== null && 'turns' in data;
    const parsed = isDialogue ? dialogueSchema.safeParse(data) : evalCaseSchema.safeParse(data);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push({ where: `${where} ${issue.path.join('.') || '(line)'}`, problem: issue.message });
      continue;
    }
    if ('turns' in parsed.data) set.dialogues.push(parsed.data);
    else set.questions.push(parsed.data);
  }
  if (issues.length) throw new InputError(issues[0]!.where, issues[0]!.problem, issues);
  return set;
}
