/**
 * How our bot compares with the naive baseline on the same files: the ratio ours/baseline of
 * question accuracy and of dialogue turn accuracy.
 */
import type { RunScores } from './evaluateSets.js';
import { formatPercent } from './formatReport.js';

/** The ratios ours/baseline; null where a part is absent or the baseline scored 0. */
export interface BaselineRatios {
  accuracy: number | null;
  turnAccuracy: number | null;
}

const ratio = (ours: number | undefined, baseline: number | undefined) => (ours === undefined || baseline === undefined || baseline === 0 ? null : ours / baseline);

/**
 * Compares the combined scores of two runs on the same files.
 *
 * @param ours - our bot's scores
 * @param baseline - the baseline's scores
 */
export function compareWithBaseline(ours: RunScores, baseline: RunScores): BaselineRatios {
  return {
    accuracy: ratio(ours.combined.questions?.overall.accuracy, baseline.combined.questions?.overall.accuracy),
    turnAccuracy: ratio(ours.combined.dialogues?.turns.accuracy, baseline.combined.dialogues?.turns.accuracy),
  };
}

/**
 * The comparison lines of the text report.
 *
 * @param ours - our bot's scores
 * @param baseline - the baseline's scores
 */
export function formatComparison(ours: RunScores, baseline: RunScores): string[] {
  const ratios = compareWithBaseline(ours, baseline);
  const show = (r: number | null) => (r === null ? 'n/a' : `${r.toFixed(2)}×`);
  const lines: string[] = [];
  const [oq, bq] = [ours.combined.questions, baseline.combined.questions];
  if (oq && bq) lines.push(`accuracy ours/baseline: ${formatPercent(oq.overall)} / ${formatPercent(bq.overall)} = ${show(ratios.accuracy)}`);
  const [od, bd] = [ours.combined.dialogues, baseline.combined.dialogues];
  if (od && bd) lines.push(`turn accuracy ours/baseline: ${formatPercent(od.turns)} / ${formatPercent(bd.turns)} = ${show(ratios.turnAccuracy)}`);
  return lines;
}
