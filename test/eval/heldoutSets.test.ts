/**
 * The held-out sets written by people who never saw the content (test/fixtures/{zh,en}{,2,…,19,21,…,32}-
 * {questions,dialogues}.jsonl, 20 aside: see README) hold: questions and dialogue turns above their floors, no
 * forbidden figure and no reply in the wrong language, and better than the naive baseline.
 * The floors sit below today's figures (README, "Understanding") so that only a real
 * regression fails.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/runCli.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');
const sets = (kind: 'questions' | 'dialogues') => ['', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '21', '22', '23', '24', '25', '26', '27', '28', '29', '30', '31', '32'].flatMap((n) => ['zh', 'en'].map((lang) => path.join(FIXTURES, `${lang}${n}-${kind}.jsonl`)));

describe('held-out sets', () => {
  it('questions: accuracy ≥ 92 %, ≥ 1.15 × the baseline, no forbidden figure, no wrong language', async () => {
    const result = await runCli('eval', [...sets('questions'), '--baseline', '--min-accuracy', '0.92', '--min-ratio', '1.15']);
    expect(result.code, result.stdout.slice(-2000)).toBe(0);
    // Ours: the first combined block (the baseline's follows, and may invent figures).
    const ours = result.stdout.indexOf('== all');
    const combined = result.stdout.slice(ours, result.stdout.indexOf('== baseline', ours));
    expect(combined).toMatch(/replies in wrong language: 0\s+forbidden figures: 0/);
  }, 120_000);

  it('dialogues: turn accuracy ≥ 95 %, no forbidden figure, no wrong language', async () => {
    const result = await runCli('eval', [...sets('dialogues'), '--min-accuracy', '0.95']);
    expect(result.code, result.stdout.slice(-2000)).toBe(0);
    expect(result.stdout.slice(result.stdout.lastIndexOf('== all'))).toMatch(/replies in wrong language: 0\s+forbidden figures: 0/);
  }, 120_000);
});
