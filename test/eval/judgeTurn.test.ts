import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/messages.js';
import { dialogueTurnSchema } from '../../src/eval/dialogueSchema.js';
import { judgeTurn } from '../../src/eval/judgeTurn.js';

const turn = (value: unknown) => dialogueTurnSchema.parse(value);
const reply = (fields: Partial<Reply> = {}): Reply => ({ text: '好的', buttons: [], sources: [], fallback: false, language: 'zh', ...fields });
const asking = (flowId: string, stepId: string): Partial<Reply> => ({ expects: { kind: 'choice', flowId, stepId, options: [] } });

describe('judging one dialogue turn', () => {
  it('reads flow and step from the last reply, act and offersPerson from any reply', () => {
    const replies = [reply({ act: 'apply' }), reply({ text: '请阅读隐私说明', offersPerson: true, ...asking('eligibility', 'consent') })];
    const verdict = judgeTurn(turn({ text: '我要报名', expect: { act: 'apply', flow: 'eligibility', step: 'consent', offersPerson: true } }), 1, { replies, submitted: false }, 'zh');
    expect(verdict).toMatchObject({ pass: true, scored: true, flow: 'eligibility', step: 'consent' });
  });

  it('gives a reason for every expectation that does not hold', () => {
    const verdict = judgeTurn(
      turn({ text: '你好', expect: { act: 'greeting', flow: 'eligibility', step: 'industry', answered: ['industry'], submitted: true, offersPerson: true, topic: 'calendar' } }),
      2,
      { replies: [reply({ fallback: true })], submitted: false },
      'zh',
    );
    expect(verdict.pass).toBe(false);
    expect(verdict.reasons).toEqual([
      'expected topic calendar, got the fallback',
      'expected act greeting, got none',
      'expected flow eligibility, got none',
      'expected step industry, got none',
      'expected answers for industry (no flow in progress)',
      'expected the application to be submitted',
      'expected an offer of a person',
    ]);
  });

  it('checks answered fields in the flow state and a submission', () => {
    const seen = { replies: [reply(asking('eligibility', 'degree'))], flowAnswers: { industry: 'new_energy' }, submitted: true };
    expect(judgeTurn(turn({ press: '新能源', expect: { answered: ['industry'], submitted: true } }), 3, seen, 'zh').pass).toBe(true);
    expect(judgeTurn(turn({ press: '新能源', expect: { answered: ['industry', 'degree'] } }), 3, seen, 'zh').reasons).toEqual(['expected answers for degree']);
  });

  it('fails a reply in the wrong language even without expectations, and counts forbidden figures', () => {
    const english = judgeTurn(turn({ text: '谢谢' }), 4, { replies: [reply({ text: 'You are welcome.', language: 'en' })], submitted: false }, 'zh');
    expect(english).toMatchObject({ scored: true, pass: false, wrongLanguage: 1 });
    expect(english.reasons[0]).toMatch(/^wrong language/);
    const mislabelled = judgeTurn(turn({ text: 'thanks' }), 4, { replies: [reply({ text: '不客气，欢迎随时再来问我。', language: 'en' })], submitted: false }, 'en');
    expect(mislabelled.reasons).toEqual(['wrong language: reply 1 text is Chinese, expected en']);
    const named = judgeTurn(turn({ text: 'what is it', expect: {} }), 4, { replies: [reply({ text: 'The 以赛聚才 programme recruits talent through competitions.', language: 'en' })], submitted: false }, 'en');
    expect(named.pass).toBe(true);
    const figure = judgeTurn(turn({ text: '多少钱', expect: { forbid: ['[1-9]00 ?万'] } }), 5, { replies: [reply({ text: '最高300万' })], submitted: false }, 'zh');
    expect(figure).toMatchObject({ pass: false, forbiddenMatches: 1 });
  });

  it('does not score a played turn without expectations', () => {
    expect(judgeTurn(turn({ text: '你好' }), 1, { replies: [reply()], submitted: false }, 'zh')).toMatchObject({ scored: false, pass: true });
  });
});
