/**
 * `npm run eval -- <file.jsonl> [--json] [--min-accuracy 0.9] [--now 2026-01-01T00:00:00Z] [--llm]`
 *
 * Asks the bot every question of an evaluation file and prints a verdict per question,
 * accuracy by language and fallback precision. With `--json`, prints one JSON summary.
 * With `--llm`, asks every question twice on the same file — without the model and with the
 * model configured by `LLM_*` — and reports both accuracies and the model's calls, guard
 * rejections, tokens and latency; `--min-accuracy` then applies to both runs.
 * Exits with 1 when accuracy is below `--min-accuracy`, 2 on bad usage or a bad file.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { createManualClock, systemClock } from '../core/clock.js';
import type { Engine } from '../core/engine.js';
import { InputError } from '../core/errors.js';
import { evaluate, parseEvalFile, type Accuracy, type EvalCase, type EvalReport } from '../eval/evaluate.js';
import { createLlmAssistant } from '../llm/createLlmAssistant.js';
import type { LlmMetricsSnapshot } from '../llm/llmMetrics.js';
import { createLocalEngine } from './createLocalEngine.js';

const percent = (a: Accuracy) => `${(a.accuracy * 100).toFixed(1)}% (${a.passed}/${a.total})`;
const USAGE = 'usage: npm run eval -- <file.jsonl> [--json] [--min-accuracy 0.9] [--now <ISO time>] [--llm]';

function ask(engine: Engine) {
  return (c: EvalCase) => engine.handle({ channel: 'eval', userId: `eval-${c.id}`, messageId: c.id, text: c.q, languageHint: c.lang });
}

function printReport(report: EvalReport): void {
  for (const r of report.results) {
    console.log(`${r.pass ? 'PASS' : 'FAIL'} ${r.id} [${r.lang}] ${r.question}${r.pass ? '' : `\n     ${r.reasons.join('; ')}`}`);
  }
  console.log('');
  console.log(`accuracy: ${percent(report.overall)}`);
  console.log(`  zh: ${percent(report.byLanguage.zh)}   en: ${percent(report.byLanguage.en)}`);
  console.log(`fallback precision: ${percent(report.fallbackPrecision)}   recall: ${percent(report.fallbackRecall)}`);
}

/** One line about the model's work during the run. */
function describeModelWork(m: LlmMetricsSnapshot): string {
  const calls = Object.values(m.calls).reduce(
    (sum, byOutcome) => ({
      ok: sum.ok + byOutcome.ok,
      timeout: sum.timeout + byOutcome.timeout,
      error: sum.error + byOutcome.error,
      malformed: sum.malformed + byOutcome.malformed,
    }),
    { ok: 0, timeout: 0, error: 0, malformed: 0 },
  );
  const rejected = Object.entries(m.rejections).filter(([, n]) => n > 0);
  const tokensIn = m.tokens.answer.input + m.tokens.extract.input;
  const tokensOut = m.tokens.answer.output + m.tokens.extract.output;
  const meanLatency = m.latency.count ? (m.latency.sumSeconds / m.latency.count).toFixed(2) : '0.00';
  return [
    `model calls: ${m.latency.count} (ok ${calls.ok}, timeout ${calls.timeout}, error ${calls.error}, malformed ${calls.malformed})`,
    `answers rejected by the guard: ${rejected.reduce((s, [, n]) => s + n, 0)}${rejected.length ? ` (${rejected.map(([r, n]) => `${r} ${n}`).join(', ')})` : ''}`,
    `tokens: ${tokensIn} in, ${tokensOut} out   mean latency: ${meanLatency} s`,
  ].join('\n');
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      'min-accuracy': { type: 'string' },
      now: { type: 'string' },
      llm: { type: 'boolean', default: false },
    },
  });
  const file = positionals[0];
  const minAccuracy = values['min-accuracy'] === undefined ? undefined : Number(values['min-accuracy']);
  if (!file || (minAccuracy !== undefined && !(minAccuracy >= 0 && minAccuracy <= 1))) {
    console.error(USAGE);
    return 2;
  }
  const assistant = values.llm ? await createLlmAssistant(loadConfig(process.env)) : undefined;
  if (values.llm && !assistant) {
    console.error('--llm needs a model: set LLM_BASE_URL and LLM_MODEL (and LLM_API_KEY if the provider needs one); see docs/llm.md');
    return 2;
  }
  const clock = values.now ? createManualClock(values.now) : systemClock;
  const cases = parseEvalFile(await readFile(file, 'utf8'), file);
  const report = await evaluate(cases, ask(await createLocalEngine(clock)));
  const withModel = assistant ? await evaluate(cases, ask(await createLocalEngine(clock, { llm: assistant }))) : undefined;
  const meets = (r: EvalReport) => minAccuracy === undefined || r.overall.accuracy >= minAccuracy;
  const ok = meets(report) && (withModel === undefined || meets(withModel));

  if (values.json) {
    const model = assistant && withModel ? { withModel: { model: assistant.model, ...withModel, llm: assistant.metrics.snapshot() } } : {};
    console.log(JSON.stringify({ file, ...report, ...model, minAccuracy: minAccuracy ?? null, ok }));
  } else if (assistant && withModel) {
    console.log('without the model');
    printReport(report);
    console.log('');
    console.log(`with the model (${assistant.model})`);
    printReport(withModel);
    console.log(describeModelWork(assistant.metrics.snapshot()));
    console.log('');
    console.log(`accuracy without the model: ${percent(report.overall)}   with the model: ${percent(withModel.overall)}`);
    if (minAccuracy !== undefined) console.log(ok ? `ok: both at or above ${minAccuracy}` : `FAILED: below --min-accuracy ${minAccuracy}`);
  } else {
    printReport(report);
    if (minAccuracy !== undefined) console.log(ok ? `ok: at or above ${minAccuracy}` : `FAILED: below --min-accuracy ${minAccuracy}`);
  }
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof InputError ? error.message : error);
    process.exit(2);
  },
);
