import { describe, expect, it } from 'vitest';
import { feedbackAction, feedbackKeyboardRow, parseFeedbackAction, withoutFeedbackRow } from '../../../src/channels/telegram/feedbackButtons.js';
import { renderTelegramReply } from '../../../src/channels/telegram/renderTelegramReply.js';
import type { Reply } from '../../../src/core/messages.js';

const reply: Reply = {
  text: '有的。',
  buttons: [{ label: '菜单', action: 'menu' }],
  sources: [{ id: 'housing-subsidy.zh', topic: 'housing_subsidy', title: '购房补贴', asOf: '2024-10-23', publisher: '武进区' }],
  fallback: false,
  language: 'zh',
  feedback: { entryId: 'housing-subsidy.zh' },
};

describe('Telegram feedback buttons', () => {
  it('reads its own actions back, and nothing else', () => {
    expect(parseFeedbackAction(feedbackAction('down', 'housing-subsidy.zh'))).toEqual({ rating: 'down', entryId: 'housing-subsidy.zh' });
    expect(parseFeedbackAction('feedback:meh:x')).toBeUndefined();
    expect(parseFeedbackAction('topic:housing_subsidy')).toBeUndefined();
  });

  it('puts a 👍 / 👎 row above the buttons of a rateable answer, and none on others', () => {
    const [message] = renderTelegramReply(reply, (a) => a);
    expect(message!.keyboard).toEqual([
      [{ text: '👍', callback_data: 'feedback:up:housing-subsidy.zh' }, { text: '👎', callback_data: 'feedback:down:housing-subsidy.zh' }],
      [{ text: '菜单', callback_data: 'menu' }],
    ]);
    const { feedback: _none, ...plain } = reply;
    expect(feedbackKeyboardRow(plain, (a) => a)).toBeUndefined();
    expect(renderTelegramReply({ ...plain, buttons: [] }, (a) => a)[0]!.keyboard).toBeUndefined();
  });

  it('takes the pressed row off a keyboard and keeps the rest', () => {
    const keyboard = renderTelegramReply(reply, (a) => a)[0]!.keyboard!;
    expect(withoutFeedbackRow(keyboard, 'feedback:up:housing-subsidy.zh')).toEqual([[{ text: '菜单', callback_data: 'menu' }]]);
  });
});
