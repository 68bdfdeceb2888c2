/**
 * 微信客服 👍 / 👎: a sourced answer's menu carries the two rating items; a click is recorded
 * like a web rating (once per answer, the question without personal data) and thanked,
 * against the fake WeCom.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { countFeedbackByEntry, readAnswerFeedback } from '../../../src/admin/feedback/answerFeedbackLog.js';
import { FEEDBACK_TEXTS } from '../../../src/core/feedbackActions.js';
import { createWecomBed, kfCustomer, shownText, type WecomBed } from './wecomTestKit.js';

const beds: WecomBed[] = [];
afterEach(async () => {
  await Promise.all(beds.splice(0).map((b) => b.close()));
});

async function bed() {
  const b = await createWecomBed({ feedback: true });
  beds.push(b);
  return b;
}

describe('微信客服 ratings of answers', () => {
  it('offers 👍 / 👎 in a sourced answer\'s menu; a click is recorded once, like a web rating, and thanked', async () => {
    const b = await bed();
    const customer = kfCustomer(b, 'wmCustomerFeedback1');
    const answer = await customer.says('我的手机是13912345678，买房有补贴吗');
    expect(answer.map(shownText).join('\n')).toContain('购房补贴');
    expect(customer.menu().map((i) => i.content)).toEqual(expect.arrayContaining(['👍 有帮助', '👎 没帮助']));
    expect(answer.length).toBeLessThanOrEqual(2);

    const thanked = await customer.clicks('👍 有帮助');
    expect(thanked.map(shownText)).toEqual([FEEDBACK_TEXTS.thanks]);
    const records = await readAnswerFeedback(b.store);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ channel: 'wecom-kf', rating: 'up', question: '我的手机是[phone]，买房有补贴吗' });
    expect(JSON.stringify(records)).not.toContain('wmCustomerFeedback1');

    const again = await customer.clicks('👎 没帮助');
    expect(again.map(shownText)).toEqual([FEEDBACK_TEXTS.already]);
    expect(countFeedbackByEntry(await readAnswerFeedback(b.store)).map((c) => [c.up, c.down])).toEqual([[1, 0]]);
  });

  it('offers no rating under the fallback, and English labels in English', async () => {
    const b = await bed();
    const customer = kfCustomer(b, 'wmCustomerFeedback2');
    await customer.says('What is the weather on Mars tomorrow?');
    expect(customer.menu().map((i) => i.content).join(' ')).not.toMatch(/👍|👎/);
    await customer.says('Is there a housing subsidy for buying a home?');
    expect(customer.menu().map((i) => i.content)).toEqual(expect.arrayContaining(['👍 Helpful', '👎 Not helpful']));
  });
});
