import type { CallbackQuery, Message } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { convertCallbackQuery, convertTelegramMessage, languageFromCode } from '../../../src/channels/telegram/convertTelegramUpdate.js';
import { inboundMessageSchema } from '../../../src/core/messages.js';

const from = { id: 42, is_bot: false, first_name: 'Li', language_code: 'zh-hans' };
const message = (fields: Partial<Message.TextMessage> & { text?: string }) =>
  ({ message_id: 7, date: 0, chat: { id: 42, type: 'private', first_name: 'Li' }, from, ...fields }) as Message;

describe('Telegram updates as engine messages', () => {
  it('converts a text message with the user, a per-chat message id and the language hint', () => {
    const inbound = convertTelegramMessage(message({ text: '买房有补贴吗？' }));
    expect(inbound).toEqual({ channel: 'telegram', userId: '42', messageId: 'm:42:7', text: '买房有补贴吗？', languageHint: 'zh' });
    expect(inboundMessageSchema.safeParse(inbound).success).toBe(true);
  });

  it('maps language codes to the two reply languages', () => {
    expect([languageFromCode('zh-hans'), languageFromCode('zh-TW'), languageFromCode('en'), languageFromCode('de'), languageFromCode(undefined)]).toEqual(['zh', 'zh', 'en', 'en', undefined]);
    expect(convertTelegramMessage(message({ text: 'hi', from: { ...from, language_code: undefined } }))).not.toHaveProperty('languageHint');
  });

  it('turns commands into what the engine understands', () => {
    const input = (text: string) => {
      const { text: t, action } = convertTelegramMessage(message({ text }), 'wujin_bot');
      return t !== undefined ? { text: t } : { action };
    };
    expect(input('/start')).toEqual({ text: '/start' });
    expect(input('/start campaign-2026')).toEqual({ text: '/start' });
    expect(input('/calendar')).toEqual({ action: 'topic:calendar' });
    expect(input('/apply@wujin_bot')).toEqual({ action: 'flow:start:eligibility' });
    expect(input('/mydata')).toEqual({ text: '/mydata' });
    expect(input('/forget')).toEqual({ text: '/forget' });
    expect(input('/lang EN')).toEqual({ text: '/lang en' });
    expect(input('/lang')).toEqual({ text: '/lang' });
    // Not ours: handled as typed.
    expect(input('/apply@other_bot')).toEqual({ text: '/apply@other_bot' });
    expect(input('/unknown')).toEqual({ text: '/unknown' });
  });

  it('gives a message without text an empty text, and cuts text the engine would refuse', () => {
    expect(convertTelegramMessage(message({})).text).toBe('');
    const long = convertTelegramMessage(message({ text: `${'字'.repeat(1999)}😀😀` })).text!;
    expect(long).toHaveLength(1999);
    expect(convertTelegramMessage(message({ text: 'x'.repeat(4000) })).text).toHaveLength(2000);
  });

  it('converts a button press with the callback query id as message id', () => {
    const query = { id: '9001', from: { ...from, language_code: 'en' }, chat_instance: 'c', data: 'menu' } as CallbackQuery;
    expect(convertCallbackQuery(query, 'menu')).toEqual({ channel: 'telegram', userId: '42', messageId: 'c:9001', action: 'menu', languageHint: 'en' });
  });
});
