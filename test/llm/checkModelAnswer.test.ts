import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase.js';
import { checkModelAnswer, subjectTermsOf, verifiedTextOf } from '../../src/llm/checkModelAnswer.js';
import { shippedKnowledgeBase } from '../helpers/testApp.js';
import { entriesUnderReview, entry } from './llmTestKit.js';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await shippedKnowledgeBase();
});

const check = (answer: string, ...cited: string[]) => checkModelAnswer(answer, cited.map((id) => entry(kb, id)), entriesUnderReview(kb));
const reasons = (answer: string, ...cited: string[]) => check(answer, ...cited).problems.map((p) => `${p.reason}:${p.found}`);

describe('the figure guard', () => {
  it('accepts figures the cited entries state, in any notation', () => {
    expect(check('获奖入选的人才项目可享受最高50万元的购房补贴。', 'housing-subsidy.zh').ok).toBe(true);
    expect(check('获奖项目最高可获五十万元购房补贴。', 'housing-subsidy.zh').ok).toBe(true);
    expect(check('Award-winning projects can get a home-purchase subsidy of up to RMB 0.5 million.', 'housing-subsidy.en').ok).toBe(true);
    expect(check('By September 2024, 25,900 talents had been attracted, 1,532 of them with a master’s degree or above.', 'statistics.en').ok).toBe(true);
    expect(check('“人才贷”累计已达6.7亿元。', 'statistics.zh').ok).toBe(true);
    expect(check('一揽子政策包括人才公寓。', 'talent-package.zh').ok).toBe(true);
  });

  it('rejects a figure the cited entries do not state, or state for something else', () => {
    expect(reasons('购房补贴最高80万元。', 'housing-subsidy.zh')).toEqual(['figure:80万']);
    expect(reasons('购房补贴最高50万元，需在3年内申请。', 'housing-subsidy.zh')).toEqual(['figure:3']);
    expect(reasons('购房补贴最高百分之五十。', 'housing-subsidy.zh')).toEqual(['figure:百分之五十']);
    // 200万 is in the equity-financing entry, not in the housing one the answer cites.
    expect(reasons('购房补贴最高200万元。', 'housing-subsidy.zh')).toEqual(['figure:200万']);
    expect(reasons('The subsidy is several million yuan.', 'housing-subsidy.en')).toEqual(['figure:several million']);
  });

  it('never lets a figure stand beside the subject of an entry under review, even one a cited entry states', () => {
    expect(check('创业资助最高100万元。', 'talent-package.zh').problems).toEqual([{ reason: 'under_review', found: '创业资助' }]);
    expect(reasons('创业资助是900万元。', 'startup-funding.zh')).toEqual(['figure:900万', 'under_review:创业资助']);
    expect(reasons('The start-up grant is nine million yuan.', 'startup-funding.en')).toContain('figure:nine million');
    expect(reasons('The startup grant is up to RMB 1 million.', 'talent-package.en')).toContain('under_review:startupgrant');
    expect(check('创业资助的最高金额需向武进区人社局或区委人才办确认。', 'startup-funding.zh').ok).toBe(true);
  });

  it('counts only verified text: not the title of an entry under review, never question phrasings', () => {
    const grant = entry(kb, 'startup-funding.zh');
    expect(verifiedTextOf(grant)).toBe(grant.body);
    const housing = entry(kb, 'housing-subsidy.en');
    expect(verifiedTextOf(housing)).toBe(`${housing.title}\n${housing.body}`);
    expect(verifiedTextOf(housing)).not.toContain('Is it true');
    expect(subjectTermsOf(entriesUnderReview(kb))).toEqual(expect.arrayContaining(['创业资助', 'startupgrant']));
  });

  it('rejects links and e-mail addresses the entries do not give', () => {
    expect(reasons('详情请访问 https://evil.example/apply 或发邮件到 apply@evil.example。', 'human-contact.zh')).toEqual([
      'link:https://evil.example/apply',
      'link:apply@evil.example',
    ]);
  });
});
