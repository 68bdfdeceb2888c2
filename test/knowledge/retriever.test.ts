import { describe, expect, it } from 'vitest';
import { buildKnowledgeBase } from '../../src/knowledge/knowledgeBase.js';
import type { KnowledgeContent } from '../../src/knowledge/loadKnowledge.js';
import type { KnowledgeEntry } from '../../src/knowledge/schema.js';
import { shippedKnowledgeBase } from '../helpers/testApp.js';

const topicOf = async (question: string) => {
  const retrieval = (await shippedKnowledgeBase()).retriever.search(question);
  return retrieval.confident ? retrieval.hits[0]?.entry.topic : 'fallback';
};

describe('retrieval on the shipped content', () => {
  it.each([
    ['买房有补贴吗', 'housing_subsidy'],
    ['人才贷利息高不高', 'talent_loan'],
    ['有没有人才公寓', 'workspace_apartment'],
    ['你们跟哪些高校合作', 'partner_universities'],
    ['股权融资奖励最多多少', 'equity_financing_reward'],
    ['双创优选是什么', 'dual_innovation_support'],
  ])('Chinese: %s → %s', async (q, topic) => expect(await topicOf(q)).toBe(topic));

  it.each([
    ['Is there a subsidy for buying a home?', 'housing_subsidy'],
    ['Which industries do you focus on?', 'target_industries'],
    ['Do you offer low-interest loans for founders?', 'talent_loan'],
    ['Which universities do you work with?', 'partner_universities'],
    ['How many talents has Wujin attracted?', 'statistics'],
  ])('English: %s → %s', async (q, topic) => expect(await topicOf(q)).toBe(topic));

  it.each([
    ['購房補貼有多少', 'housing_subsidy'],
    ['人才貸款怎麼申請', 'talent_loan'],
    ['有哪些合作大學', 'partner_universities'],
  ])('traditional script: %s → %s', async (q, topic) => expect(await topicOf(q)).toBe(topic));

  it.each([
    ['够房补贴有吗', 'housing_subsidy'],
    ['人才代', 'talent_loan'],
    ['股权融姿奖励', 'equity_financing_reward'],
    ['Is there a housing subsidyy?', 'housing_subsidy'],
    ['universites you cooperate with', 'partner_universities'],
  ])('typos: %s → %s', async (q, topic) => expect(await topicOf(q)).toBe(topic));

  it.each([
    '苏州的人才购房补贴是多少？',
    '明天常州天气怎么样',
    '帮我推荐几只股票',
    'What is the visa policy for Germany?',
    'Tell me a joke',
    "What is Shanghai's housing subsidy?",
    '',
    '？？？',
  ])('falls back on questions the content does not cover: %s', async (q) => expect(await topicOf(q)).toBe('fallback'));

  it.each([
    ['创业资注有多少', 'startup_funding'],
    ['人才公御能住多久', 'workspace_apartment'],
    ['双创有选是啥', 'dual_innovation_support'],
    ['引才合伙仁是干嘛的', 'recruitment_partners'],
  ])('a wrong character in a policy name: %s → %s', async (q, topic) => expect(await topicOf(q)).toBe(topic));

  it.each([
    ['人材贷怎么申请', 'talent_loan'],
    ['上海交大是合作高校吗', 'partner_universities'],
    ['你们跟西交有合作吗', 'partner_universities'],
    ['Do you work with SJTU?', 'partner_universities'],
  ])('abbreviations and aliases from the lexicon: %s → %s', async (q, topic) => expect(await topicOf(q)).toBe(topic));

  it.each([
    ['rencaidai zenme shenqing', 'talent_loan'],
    ['goufang butie you duoshao', 'housing_subsidy'],
    ['ren cai gong yu', 'workspace_apartment'],
  ])('pinyin typed for characters: %s → %s', async (q, topic) => expect(await topicOf(q)).toBe(topic));

  it.each([
    ['購屋補助有多少', 'housing_subsidy'],
    ['😀人才贷👍利息高吗🙏', 'talent_loan'],
    ['嗯那个就是说我想问一下呃那个买房子有没有补贴啊', 'housing_subsidy'],
    ['人才贷的 interest rate 多少', 'talent_loan'],
    ['小孩读幼儿园和看医院有照顾吗', 'life_services'],
    ['What about schools for my kids and hospitals?', 'life_services'],
  ])('Taiwan script, emoji, voice-input fillers, mixed languages, everyday words: %s → %s', async (q, topic) => expect(await topicOf(q)).toBe(topic));

  it.each(['创业资助是500万吗', '听说创业补贴有三百万是真的吗', 'Is the start-up grant 5 million?'])(
    'asking whether the grant is a figure is a question about the grant: %s',
    async (q) => expect(await topicOf(q)).toBe('startup_funding'),
  );

  it.each(['人才公寓的租金是多少？', '人才公寓能养猫吗'])('a detail the content does not state, about a policy it names, gets that policy: %s', async (q) =>
    expect(await topicOf(q)).toBe('workspace_apartment'),
  );

  it('names a second topic asked about in the same message, and none for a question about one topic', async () => {
    const base = await shippedKnowledgeBase();
    const both = base.retriever.search('人才公寓怎么申请？另外购房补贴有多少');
    const topics = [both.hits[0]?.entry.topic, both.secondary?.entry.topic].sort();
    expect(both.confident).toBe(true);
    expect(topics).toEqual(['housing_subsidy', 'workspace_apartment']);
    expect(base.retriever.search('人才公寓怎么申请').secondary).toBeUndefined();
  });

  it.each(['无锡的人才公寓怎么申请', '武进的GDP是多少', '上海的人才落户政策', 'How do I open a bank account?', 'What is the capital of France?'])(
    'out of scope stays the fallback: %s',
    async (q) => expect(await topicOf(q)).toBe('fallback'),
  );

  it('a policy named by its own name beats the overview that lists every policy; a synonym that only leads to a name does not', async () => {
    expect(await topicOf('雙創優選的支持力度大嗎')).toBe('dual_innovation_support');
    expect(await topicOf('chuangye zizhu - what is it and how big')).toBe('startup_funding');
    expect(await topicOf('武进区的人才一揽子政策都包括什么？')).toBe('talent_package');
  });

  it('other places are names however they are typed', async () => {
    expect(await topicOf('what talent subsidies does hangzhou offer for AI founders')).toBe('fallback');
    expect(await topicOf('苏州的购房补贴是多少')).toBe('fallback');
  });

  it('the applicant\'s nationality and whereabouts are background, a place beside a policy is not', async () => {
    expect(await topicOf('你好，我是日本人。请问「以赛代评」是什么意思？')).toBe('programme_overview');
    expect(await topicOf('海外有没有分赛区or邀请赛？我在London，想知道怎么参加')).toBe('competitions');
    expect(await topicOf('常州新北区的人才政策怎么申请')).toBe('fallback');
    expect(await topicOf('What talent policies does Suzhou offer?')).toBe('fallback');
    expect(await topicOf("what's the weather like in Wujin in winter?")).toBe('fallback');
    expect(await topicOf('武进哪家火锅好吃 推荐一下')).toBe('fallback');
    // Where the applicant is weighs little; what that place itself offers is still another place's policy.
    expect(await topicOf("what competitions can I enter, I'm in Toronto")).toBe('competitions');
    expect(await topicOf('I live in Toronto. What does Toronto offer startups?')).toBe('fallback');
    // A voice-input 身请 is 申请, even where the segmenter would split it off.
    expect(await topicOf('问下我这种情况能身请吗')).toBe('eligibility');
    expect(await topicOf('My former university claims it owns my patent. What should I do legally?')).toBe('fallback');
  });

  it('pinyin runs may hold a syllable the content knows from another name, and known words stay as typed', async () => {
    expect(await topicOf("Can bank give loan for talent without collateral? I heard about 'Ren Cai Dai'.")).toBe('talent_loan');
    expect(await topicOf("hi what exactly is this yi sai ju cai thing? my friend sent me a poster")).toBe('programme_overview');
  });

  it('a clear lead answers a story around a short question; a short unknown subject still falls back', async () => {
    expect(await topicOf('Our company is expecting Series A from a Shanghai VC. Kindly confirm whether equity financing reward is applicable for us.')).toBe('equity_financing_reward');
    expect(await topicOf('项目落地以后还有人管吗')).toBe('full_cycle_service');
    expect(await topicOf("what's the meaning of life")).toBe('fallback');
    expect(await topicOf('Tell me one joke please sir')).toBe('fallback');
  });

  it('does not map words inside longer words (人工 is a person, 人工智能 is AI)', async () => {
    expect(await topicOf('能转人工吗')).toBe('human_contact');
    expect(await topicOf('人工智能项目能参赛吗')).not.toBe('human_contact');
  });
});

describe('retrieval mechanics', () => {
  const entry = (id: string, topic: string, questions: string[], body: string): KnowledgeEntry => ({
    id,
    topic,
    language: id.endsWith('.zh') ? 'zh' : 'en',
    title: 'Item',
    questions,
    source: { title: 'test', publisher: 'test', date: '2024-01-01' },
    asOf: '2024-01-01',
    review: 'verified',
    tags: [],
    body,
  });
  const content = (synonyms: string[][]): KnowledgeContent => ({
    topics: [],
    calendar: { asOf: '2024-01-01', howToHear: { zh: 'x', en: 'x' }, events: [] },
    lexicon: { terms: [], synonyms, stopwords: { zh: ['的', '吗'], en: ['is', 'the', 'a'] }, weakWords: { zh: [], en: [] }, homePlaces: [], otherPlaces: [], otherSubjects: [], travelSubjects: [], breadthWords: [] },
    entries: [
      entry('bike.en', 'bikes', ['Can I rent a bicycle?'], 'Bicycles can be rented.'),
      entry('boat.en', 'boats', ['Can I rent a boat?'], 'Boats can be rented.'),
      entry('bike.zh', 'bikes', ['可以租自行车吗'], '可以租自行车。'),
      entry('boat.zh', 'boats', ['可以租船吗'], '可以租船。'),
    ],
  });

  it('takes synonyms from the content, not from code', () => {
    const without = buildKnowledgeBase(content([]));
    const withSynonyms = buildKnowledgeBase(content([['bicycle', 'bike'], ['自行车', '单车']]));
    expect(without.retriever.search('bike rental').confident).toBe(false);
    expect(withSynonyms.retriever.search('bike rental').hits[0]?.entry.topic).toBe('bikes');
    expect(withSynonyms.retriever.search('租单车').hits[0]?.entry.topic).toBe('bikes');
  });

  it('ranks the entry that covers the question first', () => {
    const base = buildKnowledgeBase(content([]));
    expect(base.retriever.search('rent a boat').hits[0]?.entry.topic).toBe('boats');
    expect(base.retriever.search('租船').hits[0]?.entry.topic).toBe('boats');
  });
});
