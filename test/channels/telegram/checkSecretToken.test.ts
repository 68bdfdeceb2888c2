import { describe, expect, it } from 'vitest';
import { checkSecretToken } from '../../../src/channels/telegram/checkSecretToken.js';

describe('the webhook secret check', () => {
  const secret = 'a-Secret_token-0123456789';

  it('accepts exactly the secret', () => {
    expect(checkSecretToken(secret, secret)).toBe(true);
  });

  it('refuses anything else: wrong, shorter, longer, other case, missing, repeated', () => {
    for (const given of ['x', secret.slice(0, -1), `${secret}0`, secret.toUpperCase(), '', undefined, [secret, secret]]) {
      expect(checkSecretToken(given, secret), JSON.stringify(given)).toBe(false);
    }
  });

  it('refuses everything when no secret is configured', () => {
    expect(checkSecretToken('', '')).toBe(false);
  });
});
