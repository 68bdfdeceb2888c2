import { describe, expect, it } from 'vitest';
import { chooseReplyLanguage } from '../../src/core/detectLanguage.js';
import { isPolicyNameOnly, policyNamesOf } from '../../src/core/policyNames.js';
import { shippedKnowledgeBase } from '../helpers/testApp.js';

describe('chooseReplyLanguage', () => {
  it('keeps a Chinese conversation Chinese for a Latin name, and switches for an English sentence', () => {
    expect(chooseReplyLanguage('Julien Moreau', 'zh')).toBe('zh');
    expect(chooseReplyLanguage("O'Brien Smith-Jones", 'zh')).toBe('zh');
    // A name made of Mandarin syllables is still a name in an English conversation.
    expect(chooseReplyLanguage('Mariana Souza Lima', 'en')).toBe('en');
    // A few English words in Chinese grammar keep a Chinese conversation Chinese; an English sentence quoting a name switches it.
    expect(chooseReplyLanguage('AI 做computer vision的', 'zh')).toBe('zh');
    expect(chooseReplyLanguage('Can you explain what 以赛聚才 means in English?', 'zh')).toBe('en');
    expect(chooseReplyLanguage('which sectors do you support', 'zh')).toBe('en');
    expect(chooseReplyLanguage('Julien Moreau', undefined)).toBe('en');
  });

  it('reads a message typed in pinyin as Chinese, and a pinyin greeting as the conversation\'s language', () => {
    expect(chooseReplyLanguage('wujin zhongdian fazhan naxie chanye a? wo zuo xinnengyuan de suan bu suan', undefined)).toBe('zh');
    expect(chooseReplyLanguage('rencai gongyu zenme shenqing', 'en')).toBe('zh');
    expect(chooseReplyLanguage('can he go to the long run', 'zh')).toBe('en');
    expect(chooseReplyLanguage('yo, anyone here', undefined)).toBe('en');
    expect(chooseReplyLanguage('ni hao', 'zh')).toBe('zh');
    expect(chooseReplyLanguage('ni hao', 'en')).toBe('en');
    expect(chooseReplyLanguage('ni hao', undefined)).toBe('zh');
    // Pinyin beside Chinese characters is Chinese; a name beside its characters is no language.
    expect(chooseReplyLanguage('gou fang bu tie 有多少', 'en')).toBe('zh');
    expect(chooseReplyLanguage('gou fang bu tie 有多少', undefined)).toBe('zh');
    expect(chooseReplyLanguage('Li Wei 李伟', 'en')).toBe('en');
    // Chinese words alone are Chinese in an English conversation; a short answer with a digit is not.
    expect(chooseReplyLanguage('谢谢', 'en')).toBe('zh');
    expect(chooseReplyLanguage('3个人', 'en')).toBe('en');
    expect(chooseReplyLanguage('好', 'en')).toBe('en');
  });
});

describe('a policy name quoted alone', () => {
  it('keeps an English conversation English; Chinese words that are no name still switch it', async () => {
    const names = policyNamesOf(await shippedKnowledgeBase());
    const quotes = (t: string) => isPolicyNameOnly(t, names);
    expect(chooseReplyLanguage('以赛代评?', 'en', quotes)).toBe('en');
    expect(chooseReplyLanguage('“人才贷”', 'en', quotes)).toBe('en');
    expect(chooseReplyLanguage('谢谢', 'en', quotes)).toBe('zh');
    expect(chooseReplyLanguage('以赛代评是什么意思', 'en', quotes)).toBe('zh');
    expect(chooseReplyLanguage('以赛代评?', undefined, quotes)).toBe('zh');
  });
});
