/**
 * Which part of a message with a story speaks for it, on the shipped content: the question
 * that names a policy by its own name over the story's words, unless the story names its own.
 */
import { describe, expect, it } from 'vitest';
import { searchClauses } from '../../src/core/understand/searchClauses.js';
import { shippedKnowledgeBase } from '../helpers/testApp.js';

const topicOf = async (question: string) => {
  const found = searchClauses((await shippedKnowledgeBase()).retriever, question);
  return found.confident ? found.hits[0]?.entry.topic : 'fallback';
};

describe('searchClauses', () => {
  it('a question naming the apartments is about them, whoever comes along', async () => {
    expect(await topicOf('人才公寓能住吗？我老婆孩子也一起回来')).toBe('workspace_apartment');
  });

  it('a story that names its own policy keeps it, with a side question after it', async () => {
    expect(await topicOf('我最关心的是购房补贴，能具体讲讲吗？顺带提一句，平时有没有体检安排，这个不急。')).toBe('housing_subsidy');
  });

  it("another place's own programme asked with a generic second question is still that place's", async () => {
    expect(await topicOf('您好，请问苏州工业园区的金鸡湖人才计划给多少补贴？申请条件是什么？')).toBe('fallback');
    expect(await topicOf('我现在在德国，想问一下德国的EXIST创业资助怎么申请，能拿多少钱？')).toBe('fallback');
  });

  it('a visa question after a statement about oneself is no policy of ours', async () => {
    expect(await topicOf('我是外籍，回国工作需要办什么签证？R字签证怎么申请')).toBe('fallback');
  });
});
