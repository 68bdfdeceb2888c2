import { describe, expect, it } from 'vitest';
import { createBaseline, tokenizeForBaseline } from '../../src/eval/baseline.js';
import { createBaselineDialoguePlayer } from '../../src/eval/baselineDialoguePlayer.js';
import { evaluateDialogues } from '../../src/eval/evaluateDialogues.js';
import { parseEvalSet } from '../../src/eval/parseEvalSet.js';
import { shippedKnowledgeBase } from '../helpers/testApp.js';

describe('the naive baseline', async () => {
  const baseline = createBaseline((await shippedKnowledgeBase()).content.entries);

  it('segments Chinese and English into lower-case-able words', () => {
    expect(tokenizeForBaseline('购房补贴 Housing subsidy!')).toEqual(expect.arrayContaining(['Housing', 'subsidy']));
    expect(tokenizeForBaseline('，。!')).toEqual([]);
  });

  it('answers a clear question from the entry in the asker’s language, and falls back on nonsense', () => {
    const [zh] = baseline.ask('人才购房补贴最高多少钱？', 'zh');
    expect(zh).toMatchObject({ fallback: false, language: 'zh' });
    expect(zh!.sources[0]).toMatchObject({ topic: 'housing_subsidy', id: expect.stringMatching(/\.zh$/) });
    const [en] = baseline.ask('What is the maximum home purchase subsidy for talent?', 'en');
    expect(en!.sources[0]).toMatchObject({ topic: 'housing_subsidy', id: expect.stringMatching(/\.en$/) });
    expect(baseline.ask('qwxz zzvq', 'en')).toEqual([expect.objectContaining({ fallback: true, sources: [], language: 'en' })]);
  });

  it('takes every typed turn of a dialogue as a standalone question and has no buttons', async () => {
    const { dialogues } = parseEvalSet(
      JSON.stringify({ id: 'd', lang: 'zh', turns: [{ text: '菜单', expect: { fallback: false } }, { press: '重点产业' }, { text: '人才购房补贴最高多少钱？', expect: { topic: 'housing_subsidy' } }] }),
      'd.jsonl',
    );
    const report = await evaluateDialogues(dialogues, createBaselineDialoguePlayer(baseline));
    expect(report.results[0]!.turns.map((t) => t.pass)).toEqual([false, false, true]);
  });
});
