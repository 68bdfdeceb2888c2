import { describe, expect, it } from 'vitest';
import { NetworkError, PlatformError } from '../../src/shared/errors.js';
import { isPermanentDeliveryError } from '../../src/leads/isPermanentDeliveryError.js';

describe('isPermanentDeliveryError', () => {
  it('is true for a 4xx refusal other than 408 and 429', () => {
    for (const code of [400, 401, 403, 404, 410, 422]) expect(isPermanentDeliveryError(new PlatformError('webhook', 'POST partner', code, 'no'))).toBe(true);
  });

  it('is true for a WeCom group robot that is gone (93000)', () => {
    expect(isPermanentDeliveryError(new PlatformError('wecom', 'webhook/send', 93000, 'invalid webhook url'))).toBe(true);
  });

  it('is false for what may work later: 408, 429, 5xx, WeCom errcodes, network errors', () => {
    for (const code of [408, 429, 500, 503, 45009, 93000]) expect(isPermanentDeliveryError(new PlatformError('webhook', 'POST partner', code, 'later'))).toBe(false);
    expect(isPermanentDeliveryError(new PlatformError('wecom', 'webhook/send', 45009, 'api freq out of limit', 60))).toBe(false);
    expect(isPermanentDeliveryError(new PlatformError('wecom', 'kf/send_msg', 93000, 'not a robot call'))).toBe(false);
    expect(isPermanentDeliveryError(new NetworkError('partner', new Error('ECONNREFUSED')))).toBe(false);
    expect(isPermanentDeliveryError(new Error('boom'))).toBe(false);
  });
});
