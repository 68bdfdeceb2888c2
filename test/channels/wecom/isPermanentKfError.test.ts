import { describe, expect, it } from 'vitest';
import { isKfSendRefused, isPermanentKfError } from '../../../src/channels/wecom/isPermanentKfError.js';
import { InputError, NetworkError, PlatformError } from '../../../src/shared/errors.js';

const wecom = (code: number) => new PlatformError('wecom', 'kf/send_msg', code, 'fake');

describe('isPermanentKfError', () => {
  it('retries what may pass: busy, rate limits, untrusted IP, 5xx, 429, network, the store, the unexpected', () => {
    for (const error of [wecom(-1), wecom(45009), wecom(45033), wecom(60020), wecom(502), wecom(429), new NetworkError('wecom', new Error('timeout')), new PlatformError('sqlite', 'set', 503, 'SQLITE_BUSY'), new Error('model failed')]) {
      expect(isPermanentKfError(error)).toBe(false);
    }
  });

  it('gives up on what will not: the 95000 range, other errcodes, other 4xx, bad input', () => {
    for (const error of [wecom(95001), wecom(95016), wecom(95018), wecom(40003), wecom(44004), new PlatformError('partner', 'post', 404, 'gone'), new InputError('text', 'too long')]) {
      expect(isPermanentKfError(error)).toBe(true);
    }
  });

  it('tells a used-up quota or a session the bot does not hold from other refusals', () => {
    expect(isKfSendRefused(wecom(95001))).toBe(true);
    expect(isKfSendRefused(wecom(95018))).toBe(true);
    expect(isKfSendRefused(wecom(40003))).toBe(false);
  });
});
