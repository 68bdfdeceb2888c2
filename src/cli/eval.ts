/**
 * `npm run eval -- <file.jsonl> [--json] [--min-accuracy 0.9] [--now 2026-01-01T00:00:00Z]`
 *
 * Asks the bot every question of an evaluation file and prints a verdict per question,
 * accuracy by language and fallback precision. With `--json`, prints one JSON summary.
 * Exits with 1 when accuracy is below `--min-accuracy`, 2 on bad usage or a bad file.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createManualClock, systemClock } from '../core/clock.js';
import { InputError } from '../core/errors.js';
import { evaluate, parseEvalFile, type Accuracy } from '../eval/evaluate.js';
import { createLocalEngine } from './createLocalEngine.js';

const percent = (a: Accuracy) => `${(a.accuracy * 100).toFixed(1)}% (${a.passed}/${a.total})`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, 'min-accuracy': { type: 'string' }, now: { type: 'string' } },
  });
  const file = positionals[0];
  const minAccuracy = values['min-accuracy'] === undefined ? undefined : Number(values['min-accuracy']);
  if (!file || (minAccuracy !== undefined && !(minAccuracy >= 0 && minAccuracy <= 1))) {
    console.error('usage: npm run eval -- <file.jsonl> [--json] [--min-accuracy 0.9] [--now <ISO time>]');
    return 2;
  }
  const clock = values.now ? createManualClock(values.now) : systemClock;
  const cases = parseEvalFile(await readFile(file, 'utf8'), file);
  const engine = await createLocalEngine(clock);
  const report = await evaluate(cases, (c) =>
    engine.handle({ channel: 'eval', userId: `eval-${c.id}`, messageId: c.id, text: c.q, languageHint: c.lang }),
  );
  const ok = minAccuracy === undefined || report.overall.accuracy >= minAccuracy;

  if (values.json) {
    console.log(JSON.stringify({ file, ...report, minAccuracy: minAccuracy ?? null, ok }));
  } else {
    for (const r of report.results) {
      console.log(`${r.pass ? 'PASS' : 'FAIL'} ${r.id} [${r.lang}] ${r.question}${r.pass ? '' : `\n     ${r.reasons.join('; ')}`}`);
    }
    console.log('');
    console.log(`accuracy: ${percent(report.overall)}`);
    console.log(`  zh: ${percent(report.byLanguage.zh)}   en: ${percent(report.byLanguage.en)}`);
    console.log(`fallback precision: ${percent(report.fallbackPrecision)}   recall: ${percent(report.fallbackRecall)}`);
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
