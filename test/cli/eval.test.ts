import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeCase, parseEvalFile } from '../../src/eval/evaluate.js';
import { SHARED_DIR } from '../helpers/testApp.js';
import { runCli } from '../helpers/runCli.js';

const PUBLIC_SET = path.join(SHARED_DIR, 'eval', 'public.jsonl');
const HOLDOUT_SET = path.join(import.meta.dirname, '..', 'fixtures', 'holdout-eval.jsonl');

describe('npm run eval', () => {
  it('passes the public evaluation set at --min-accuracy 0.9', async () => {
    const result = await runCli('eval', [PUBLIC_SET, '--min-accuracy', '0.9']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/accuracy: \d+\.\d% \(\d+\/40\)/);
    expect(result.stdout).toMatch(/zh: .*en: /);
    expect(result.stdout).toMatch(/fallback precision: /);
  });

  it('prints one JSON summary with --json, and holds on a set written without seeing the content', async () => {
    const result = await runCli('eval', [HOLDOUT_SET, '--json', '--min-accuracy', '0.85']);
    const summary = JSON.parse(result.stdout);
    expect(result.code).toBe(0);
    expect(summary.overall.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(summary.fallbackRecall.accuracy).toBe(1);
    expect(summary.results).toHaveLength(120);
    expect(summary.byLanguage.en.total + summary.byLanguage.zh.total).toBe(120);
  });

  it('exits non-zero below --min-accuracy, with the reason of each failure', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'talentbot-eval-'));
    const file = path.join(dir, 'wrong.jsonl');
    await writeFile(
      file,
      [
        { id: 'w1', lang: 'zh', q: '买房有补贴吗', expect: { topic: 'talent_loan' } },
        { id: 'w2', lang: 'en', q: 'Tell me a joke', expect: { fallback: true } },
      ]
        .map((c) => JSON.stringify(c))
        .join('\n'),
    );
    const result = await runCli('eval', [file, '--min-accuracy', '0.9']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL w1');
    expect(result.stdout).toContain('expected topic talent_loan, got housing_subsidy');
    expect(result.stdout).toContain('PASS w2');
    expect(result.stdout).toContain('accuracy: 50.0% (1/2)');
  });

  it('refuses a malformed evaluation file, naming the line', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'talentbot-eval-'));
    const file = path.join(dir, 'bad.jsonl');
    await writeFile(file, '{"id":"a","lang":"zh","q":"x","expect":{"topic":"t"}}\n{"id":"b","lang":"fr","q":"x","expect":{}}\n');
    const result = await runCli('eval', [file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad.jsonl:2');
  });
});

describe('npm run eval on dialogues and several files', () => {
  async function writeSets() {
    const dir = await mkdtemp(path.join(tmpdir(), 'talentbot-eval-'));
    const dialogues = path.join(dir, 'dialogues.jsonl');
    await writeFile(
      dialogues,
      [
        { id: 'd1', lang: 'zh', turns: [{ text: '菜单' }, { press: '重点产业', expect: { topic: 'target_industries' } }, { text: '买房有补贴吗', expect: { topic: 'housing_subsidy' } }] },
        { id: 'd2', lang: 'en', turns: [{ text: 'Tell me a joke', expect: { fallback: true } }, { text: 'housing subsidy', expect: { topic: 'talent_loan' } }] },
      ]
        .map((d) => JSON.stringify(d))
        .join('\n'),
    );
    return { dialogues, questions: PUBLIC_SET };
  }

  it('prints verdicts per failed turn, both reports and the ratio with --baseline', async () => {
    const { dialogues, questions } = await writeSets();
    const result = await runCli('eval', [questions, dialogues, '--baseline']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('FAIL d2 [en] 1/2 turns');
    expect(result.stdout).toMatch(/turn 2 text "housing subsidy": expected topic talent_loan, got housing_subsidy/);
    expect(result.stdout).toMatch(/turn accuracy: 75\.0% \(3\/4\)/);
    expect(result.stdout).toContain('== all 2 files');
    expect(result.stdout).toContain('== baseline');
    expect(result.stdout).toMatch(/accuracy ours\/baseline: .* = \d+\.\d\d×/);
    expect(result.stdout).toMatch(/turn accuracy ours\/baseline: .* = \d+\.\d\d×/);
    expect(result.stdout).toMatch(/replies in wrong language: 0 {3}forbidden figures: 0/);
  });

  it('fails below --min-ratio, and --json holds both runs and the ratios', async () => {
    const { dialogues, questions } = await writeSets();
    const result = await runCli('eval', [questions, dialogues, '--json', '--min-ratio', '100']);
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout);
    expect(summary.ok).toBe(false);
    expect(summary.perFile).toHaveLength(2);
    expect(summary.dialogues.turns).toMatchObject({ passed: 3, total: 4 });
    expect(summary.baseline.overall.total).toBe(summary.overall.total);
    expect(summary.baseline.dialogues.turns.total).toBeGreaterThan(0);
    expect(summary.ratio.accuracy).toBeGreaterThan(0);
    expect(summary.ratio.turnAccuracy).toBeGreaterThan(0);
  });
});

describe('judging one question', () => {
  const [testCase] = parseEvalFile('{"id":"x","lang":"zh","q":"q","expect":{"topic":"startup_funding"},"require":["资助"],"forbid":["[1-9]00 ?万"]}', 'inline');
  const reply = (text: string, topic?: string) => ({
    text,
    buttons: [],
    sources: topic ? [{ id: `${topic}.zh`, topic, title: 't', asOf: '2024-10-23', publisher: 'p' }] : [],
    fallback: !topic,
    language: 'zh' as const,
  });

  it('passes a right answer and fails a wrong topic, a missing string, a forbidden figure', () => {
    expect(judgeCase(testCase!, [reply('创业资助金额待确认', 'startup_funding')]).pass).toBe(true);
    expect(judgeCase(testCase!, [reply('创业资助', 'housing_subsidy')]).reasons).toEqual(['expected topic startup_funding, got housing_subsidy']);
    expect(judgeCase(testCase!, [reply('金额待确认', 'startup_funding')]).reasons).toEqual(['answer lacks "资助"']);
    expect(judgeCase(testCase!, [reply('创业资助最高300万', 'startup_funding')]).reasons[0]).toMatch(/forbidden/);
    expect(judgeCase(testCase!, [reply('不知道')]).reasons[0]).toMatch(/got the fallback/);
  });
});
