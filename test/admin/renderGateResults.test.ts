/**
 * The publish gate's verdicts in the staff's words: each way a regression question can fail
 * becomes a sentence naming topics by their names and entries by their titles.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { describeProblems, entryEditUrl, gateResultsTable, type GateWords } from '../../src/admin/publish/renderGateResults.js';
import { consoleTexts } from '../../src/admin/shared/texts/consoleTexts.js';
import type { EvalResult } from '../../src/eval/evaluate.js';
import { shippedKnowledgeBase } from '../helpers/testApp.js';

let zh: GateWords;
let en: GateWords;
beforeAll(async () => {
  const content = (await shippedKnowledgeBase()).content;
  zh = { t: consoleTexts('zh').gate, lang: 'zh', content };
  en = { t: consoleTexts('en').gate, lang: 'en', content };
});

const result = (over: Partial<EvalResult>): EvalResult => ({
  id: 'q1',
  lang: 'zh',
  question: '买房有补贴吗',
  pass: false,
  reasons: [],
  answeredTopic: 'housing_subsidy',
  answeredEntry: 'housing-subsidy.zh',
  answer: '有。',
  fallback: false,
  expectedFallback: false,
  expectedTopic: 'housing_subsidy',
  missing: [],
  wrongLanguage: 0,
  forbiddenMatches: 0,
  ...over,
});

describe('describeProblems', () => {
  it('names the expected topic and what was answered instead', () => {
    expect(describeProblems(zh, result({ answeredTopic: 'talent_loan', answeredEntry: 'talent-loan.zh' }))).toEqual(['应该回答主题“购房补贴”，却回答了条目《“人才贷”低息贷款》。']);
    expect(describeProblems(en, result({ answeredTopic: 'talent_loan', answeredEntry: 'talent-loan.zh' }))).toEqual(['It should answer with the topic “Home-purchase subsidy” but answered with the entry ““人才贷”低息贷款”.']);
  });

  it('says when the bot said it does not know, or answered where it should not have', () => {
    expect(describeProblems(zh, result({ fallback: true, answeredTopic: null, answeredEntry: null }))).toEqual(['应该回答主题“购房补贴”，机器人却说不知道。']);
    expect(describeProblems(zh, result({ expectedTopic: null, expectedFallback: true }))).toEqual(['应该说明不知道，机器人却回答了条目《购房补贴》。']);
  });

  it('lists missing words, forbidden figures and the wrong language, each once', () => {
    expect(describeProblems(zh, result({ missing: ['50万'], forbiddenMatches: 2, wrongLanguage: 1 }))).toEqual(['回答中缺少“50万”。', '回答包含禁止出现的数字或说法。', '回答的语言与提问不同。']);
  });
});

describe('gateResultsTable', () => {
  it('links the entry that answered and the expected topic\'s entries, and escapes the question', () => {
    const table = gateResultsTable(zh, [result({ question: '<b>买房</b>', missing: ['50万'] })], 'broken-questions').value;
    expect(table).toContain(`href="${entryEditUrl('housing-subsidy.zh')}" data-testid="gate-entry">购房补贴</a>`);
    expect(table).toContain('打开条目: 购房补贴');
    expect(table).toContain('&lt;b&gt;买房&lt;/b&gt;');
    expect(entryEditUrl('housing-subsidy.en')).toBe('/admin/content/entries/housing-subsidy');
  });
});
