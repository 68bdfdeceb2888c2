/**
 * The text report of `npm run eval`: a verdict per question and per failed dialogue turn
 * with its reasons, then the summary lines.
 */
import type { Accuracy, EvalReport } from './evaluate.js';
import type { DialogueReport } from './evaluateDialogues.js';
import type { RunScores, SetScores } from './evaluateSets.js';

/** "92.5% (37/40)". */
export const formatPercent = (a: Accuracy): string => `${(a.accuracy * 100).toFixed(1)}% (${a.passed}/${a.total})`;

/** The verdict lines of questions: one per question, with the reasons of a failure. */
export function formatQuestionVerdicts(report: EvalReport): string[] {
  return report.results.map((r) => `${r.pass ? 'PASS' : 'FAIL'} ${r.id} [${r.lang}] ${r.question}${r.pass ? '' : `\n     ${r.reasons.join('; ')}`}`);
}

/** The summary lines of questions. */
export function formatQuestionSummary(report: EvalReport): string[] {
  return [
    `accuracy: ${formatPercent(report.overall)}`,
    `  zh: ${formatPercent(report.byLanguage.zh)}   en: ${formatPercent(report.byLanguage.en)}`,
    `fallback precision: ${formatPercent(report.fallbackPrecision)}   recall: ${formatPercent(report.fallbackRecall)}`,
    `replies in wrong language: ${report.wrongLanguageReplies}   forbidden figures: ${report.forbiddenFigures}`,
  ];
}

/** The verdict lines of dialogues: one per dialogue, and one per failed turn with its reasons. */
export function formatDialogueVerdicts(report: DialogueReport): string[] {
  return report.results.flatMap((d) => {
    const scored = d.turns.filter((t) => t.scored);
    const head = `${d.pass ? 'PASS' : 'FAIL'} ${d.id} [${d.lang}] ${scored.filter((t) => t.pass).length}/${scored.length} turns${d.note ? ` — ${d.note}` : ''}`;
    const failed = d.turns.filter((t) => t.scored && !t.pass).map((t) => `     turn ${t.turn} ${t.input}: ${t.reasons.join('; ')}`);
    return [head, ...failed];
  });
}

/** The summary lines of dialogues. */
export function formatDialogueSummary(report: DialogueReport): string[] {
  return [
    `turn accuracy: ${formatPercent(report.turns)}`,
    `  zh: ${formatPercent(report.turnsByLanguage.zh)}   en: ${formatPercent(report.turnsByLanguage.en)}`,
    `dialogues fully right: ${formatPercent(report.dialogues)}`,
    `replies in wrong language: ${report.wrongLanguageReplies}   forbidden figures: ${report.forbiddenFigures}`,
  ];
}

function formatSummary(scores: SetScores): string[] {
  return [
    ...(scores.questions ? ['questions', ...formatQuestionSummary(scores.questions)] : []),
    ...(scores.dialogues ? ['dialogues', ...formatDialogueSummary(scores.dialogues)] : []),
  ];
}

/**
 * The whole report of one bot on one run: per file the verdicts and the summary, then the
 * combined summary when there are several files.
 *
 * @param run - the scores
 */
export function formatRunReport(run: RunScores): string {
  const lines: string[] = [];
  for (const file of run.files) {
    if (run.files.length > 1) lines.push(`== ${file.file}`);
    if (file.questions) lines.push(...formatQuestionVerdicts(file.questions), '');
    if (file.dialogues) lines.push(...formatDialogueVerdicts(file.dialogues), '');
    lines.push(...formatSummary(file), '');
  }
  if (run.files.length > 1) lines.push(`== all ${run.files.length} files`, ...formatSummary(run.combined), '');
  return lines.join('\n').trimEnd();
}
