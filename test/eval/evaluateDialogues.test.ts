import { describe, expect, it } from 'vitest';
import { createLocalBot } from '../../src/cli/createLocalEngine.js';
import { createManualClock } from '../../src/shared/clock.js';
import { createEngineDialoguePlayer } from '../../src/eval/engineDialoguePlayer.js';
import { evaluateDialogues } from '../../src/eval/evaluateDialogues.js';
import { parseEvalSet } from '../../src/eval/parseEvalSet.js';
import { TEST_NOW } from '../helpers/testApp.js';

async function score(lines: unknown[]) {
  const clock = createManualClock(TEST_NOW);
  const { engine, store } = await createLocalBot(clock, { reapplyWindowMs: 0 });
  const { dialogues } = parseEvalSet(lines.map((l) => JSON.stringify(l)).join('\n'), 'dialogues.jsonl');
  return evaluateDialogues(dialogues, createEngineDialoguePlayer({ engine, store, clock }));
}

describe('scoring dialogues against the engine', () => {
  it('passes a menu, a press of a menu button, a policy question and a fallback, in both languages', async () => {
    const report = await score([
      {
        id: 'zh-menu',
        lang: 'zh',
        turns: [
          { text: '菜单', expect: { fallback: false } },
          { press: '重点产业', expect: { topic: 'target_industries', flow: null } },
          { text: '买房有补贴吗', expect: { topic: 'housing_subsidy', require: ['50万'] } },
          { text: '明天会下雨吗', expect: { fallback: true, submitted: false } },
        ],
      },
      { id: 'en-menu', lang: 'en', turns: [{ text: 'menu' }, { press: 'target INDUSTRIES', expect: { topic: 'target_industries' } }, { text: 'Tell me a joke', expect: { fallback: true } }] },
    ]);
    expect(report.results.map((d) => [d.id, d.pass, d.turns.flatMap((t) => t.reasons)])).toEqual([
      ['zh-menu', true, []],
      ['en-menu', true, []],
    ]);
    expect(report.turns).toEqual({ passed: 6, total: 6, accuracy: 1 });
    expect(report.dialogues.accuracy).toBe(1);
    expect(report.wrongLanguageReplies).toBe(0);
  });

  it('reports a wrong expectation and a missing button with the reason, and plays on', async () => {
    const report = await score([
      {
        id: 'wrong',
        lang: 'zh',
        turns: [
          { text: '买房有补贴吗', expect: { topic: 'talent_loan' } },
          { press: '没有这个按钮', expect: { fallback: false } },
          { text: '菜单', expect: { fallback: false } },
        ],
      },
    ]);
    const [dialogue] = report.results;
    expect(dialogue!.pass).toBe(false);
    expect(dialogue!.turns.map((t) => t.pass)).toEqual([false, false, true]);
    expect(dialogue!.turns[0]!.reasons).toEqual(['expected topic talent_loan, got housing_subsidy']);
    expect(dialogue!.turns[1]!.reasons[0]).toMatch(/^no button containing "没有这个按钮"/);
    expect(report.turns).toMatchObject({ passed: 1, total: 3 });
  });

  it('reads the flow answers from the store and sees a submission in the leads', async () => {
    const report = await score([
      {
        id: 'handoff',
        lang: 'zh',
        turns: [
          { text: '菜单' },
          { press: '联系工作人员', expect: { topic: 'human_contact' } },
          { press: '请工作人员联系我', expect: { submitted: false } },
          { press: '同意并继续' },
          { text: '我的项目想找人详细聊聊', expect: { answered: ['question'] } },
          { text: '张三' },
          { text: '13800138000', expect: { answered: ['question', 'name', 'contact'], submitted: false } },
          { press: '确认提交', expect: { submitted: true } },
          { text: '谢谢', expect: { submitted: false } },
        ],
      },
    ]);
    expect(report.results[0]!.turns.filter((t) => t.scored).map((t) => [t.turn, t.reasons])).toEqual([
      [2, []],
      [3, []],
      [4, []],
      [5, []],
      [7, []],
      [8, []],
      [9, []],
    ]);
  });
});
