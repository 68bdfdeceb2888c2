import { describe, expect, it } from 'vitest';
import { resolveTelegramConfig } from '../../../src/channels/telegram/telegramConfig.js';
import { InputError } from '../../../src/shared/errors.js';

describe('resolveTelegramConfig', () => {
  it('fills in every default once and takes the bot id from the token', () => {
    const config = resolveTelegramConfig({ token: '123456:ABC-def_9', apiRoot: 'http://127.0.0.1:8081//' });
    expect(config).toMatchObject({ mode: 'polling', botId: '123456', apiRoot: 'http://127.0.0.1:8081', maxRetryAttempts: 3, callTimeoutMs: 60_000, webhookAnswerWithinMs: 5_000 });
  });

  it('refuses a malformed token and a webhook without its secret, naming the variable', () => {
    expect(() => resolveTelegramConfig({ token: 'not a token' })).toThrow(InputError);
    expect(() => resolveTelegramConfig({ token: '1:a', mode: 'webhook' })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
  });
});
