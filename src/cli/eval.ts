/**
 * `npm run eval -- <file.jsonl>… [--json] [--min-accuracy 0.9] [--baseline] [--min-ratio 1.15]
 * [--now 2026-01-01T00:00:00Z] [--llm]`
 *
 * Scores the bot on evaluation files that hold questions (`shared/eval/TOPICS.md`) and
 * dialogues (`docs/eval-format.md`; a line with `turns` is a dialogue). Prints a verdict per
 * question, per dialogue and per failed turn with the reasons, then accuracy by language,
 * fallback precision and recall, turn accuracy, dialogues fully right, replies in the wrong
 * language and forbidden figures — per file and, for several files, combined. With `--json`,
 * prints one JSON summary.
 *
 * `--baseline` also scores the naive baseline (`src/eval/baseline.ts`) on the same files and
 * prints the ratio ours/baseline of accuracy and turn accuracy; `--min-ratio` implies it.
 * With `--llm`, scores everything twice — without the model and with the model configured by
 * `LLM_*` — and reports the model's work.
 *
 * Exits with 1 when question accuracy or dialogue turn accuracy is below `--min-accuracy` (on
 * every run of our bot), or a ratio is below `--min-ratio`; 2 on bad usage or a bad file.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { createManualClock, systemClock, type Clock } from '../shared/clock.js';
import { InputError } from '../shared/errors.js';
import type { KnowledgeEntry } from '../knowledge/schema.js';
import { createBaseline } from '../eval/baseline.js';
import { createBaselineDialoguePlayer } from '../eval/baselineDialoguePlayer.js';
import { describeModelWork } from '../eval/describeModelWork.js';
import { compareWithBaseline, formatComparison } from '../eval/compareWithBaseline.js';
import { createEngineDialoguePlayer } from '../eval/engineDialoguePlayer.js';
import { evaluateSets, type EvaluatedBot, type RunScores } from '../eval/evaluateSets.js';
import { formatPercent, formatRunReport } from '../eval/formatReport.js';
import { parseEvalSet } from '../eval/parseEvalSet.js';
import { createLlmAssistant } from '../llm/createLlmAssistant.js';
import type { LlmAssistant } from '../llm/llmAssistant.js';
import { createLocalBot } from './createLocalEngine.js';

const USAGE =
  'usage: npm run eval -- <file.jsonl>... [--json] [--min-accuracy 0.9] [--baseline] [--min-ratio 1.15] [--now <ISO time>] [--llm]';

/** Our engine on the shipped content, as the evaluation reaches it, and the entries it answers from. */
async function createOurBot(clock: Clock, llm?: LlmAssistant): Promise<EvaluatedBot & { entries: KnowledgeEntry[] }> {
  // Re-application window 0: every confirmed application of a dialogue creates its own lead.
  const { engine, store, content } = await createLocalBot(clock, { reapplyWindowMs: 0, ...(llm ? { llm } : {}) });
  return {
    entries: content.entries,
    ask: (c, id) => engine.handle({ channel: 'eval', userId: `eval-${id}`.slice(0, 128), messageId: `eval-${id}`.slice(0, 128), deduplicate: false, text: c.q, languageHint: c.lang }),
    player: createEngineDialoguePlayer({ engine, store, clock }),
  };
}

/** Whether a run reaches the minimum accuracy, in questions and in dialogue turns. */
function meetsAccuracy(run: RunScores, min: number | undefined): boolean {
  if (min === undefined) return true;
  const { questions, dialogues } = run.combined;
  return (!questions || questions.overall.accuracy >= min) && (!dialogues || dialogues.turns.accuracy >= min);
}

function parseFraction(value: string | undefined, max: number): number | undefined | null {
  if (value === undefined) return undefined;
  const n = Number(value);
  return value.trim() !== '' && n >= 0 && n <= max ? n : null;
}

async function main(): Promise<number> {
  const { values, positionals: files } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      'min-accuracy': { type: 'string' },
      'min-ratio': { type: 'string' },
      baseline: { type: 'boolean', default: false },
      now: { type: 'string' },
      llm: { type: 'boolean', default: false },
    },
  });
  const minAccuracy = parseFraction(values['min-accuracy'], 1);
  const minRatio = parseFraction(values['min-ratio'], Number.MAX_VALUE);
  if (!files.length || minAccuracy === null || minRatio === null) {
    console.error(USAGE);
    return 2;
  }
  const withBaseline = values.baseline || minRatio !== undefined;
  const assistant = values.llm ? await createLlmAssistant(loadConfig(process.env)) : undefined;
  if (values.llm && !assistant) {
    console.error('--llm needs a model: set LLM_BASE_URL and LLM_MODEL (and LLM_API_KEY if the provider needs one); see docs/llm.md');
    return 2;
  }
  const clock = values.now ? createManualClock(values.now) : systemClock;
  const sets = await Promise.all(files.map(async (file) => parseEvalSet(await readFile(file, 'utf8'), file)));

  const ourBot = await createOurBot(clock);
  const ours = await evaluateSets(sets, ourBot);
  const withModel = assistant ? await evaluateSets(sets, await createOurBot(clock, assistant)) : undefined;
  let baseline: RunScores | undefined;
  if (withBaseline) {
    const bot = createBaseline(ourBot.entries);
    baseline = await evaluateSets(sets, { ask: async (c) => bot.ask(c.q, c.lang), player: createBaselineDialoguePlayer(bot) });
  }
  const ratios = baseline ? compareWithBaseline(ours, baseline) : undefined;
  const ratioOk = minRatio === undefined || (ratios !== undefined && [ratios.accuracy, ratios.turnAccuracy].every((r) => r === null || r >= minRatio));
  const accuracyOk = meetsAccuracy(ours, minAccuracy) && (withModel === undefined || meetsAccuracy(withModel, minAccuracy));
  const ok = accuracyOk && ratioOk;

  if (values.json) {
    const model =
      assistant && withModel
        ? { withModel: { model: assistant.model, ...withModel.combined.questions, dialogues: withModel.combined.dialogues ?? null, perFile: withModel.files, llm: assistant.metrics.snapshot() } }
        : {};
    const base = baseline ? { baseline: { ...baseline.combined.questions, dialogues: baseline.combined.dialogues ?? null, files: baseline.files }, ratio: ratios } : {};
    const summary = { file: files[0], files, ...ours.combined.questions, dialogues: ours.combined.dialogues ?? null, perFile: ours.files, ...base, ...model };
    console.log(JSON.stringify({ ...summary, minAccuracy: minAccuracy ?? null, minRatio: minRatio ?? null, ok }));
    return ok ? 0 : 1;
  }
  if (withModel && assistant) console.log('without the model');
  console.log(formatRunReport(ours));
  if (withModel && assistant) {
    console.log(`\nwith the model (${assistant.model})`);
    console.log(formatRunReport(withModel));
    console.log(describeModelWork(assistant.metrics.snapshot()));
    const q = [ours.combined.questions, withModel.combined.questions];
    if (q[0] && q[1]) console.log(`\naccuracy without the model: ${formatPercent(q[0].overall)}   with the model: ${formatPercent(q[1].overall)}`);
  }
  if (baseline) {
    console.log('\n== baseline (MiniSearch + Intl.Segmenter, one threshold)');
    console.log(formatRunReport(baseline));
    console.log('');
    for (const line of formatComparison(ours, baseline)) console.log(line);
  }
  if (minAccuracy !== undefined) console.log(accuracyOk ? `ok: ${withModel ? 'both ' : ''}at or above ${minAccuracy}` : `FAILED: below --min-accuracy ${minAccuracy}`);
  if (minRatio !== undefined) console.log(ratioOk ? `ok: at or above --min-ratio ${minRatio}` : `FAILED: below --min-ratio ${minRatio}`);
  return ok ? 0 : 1;
}

main().then(
  // Exit once what was printed has been written: a report piped to another process is read whole.
  (code) => process.stdout.write('', () => process.exit(code)),
  (error: unknown) => {
    console.error(error instanceof InputError ? error.message : error);
    process.exit(2);
  },
);
