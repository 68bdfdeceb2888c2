/**
 * Tencent's published callback samples (`test/fixtures/wecom/official-vectors.json`, a copy
 * of `../shared/wecom/official-vectors.json`) through our URL check and message decryption,
 * exactly; and back through encryption with the recovered random, which must give the
 * published ciphertext.
 */
import { describe, expect, it } from 'vitest';
import { openCallback, sealCallback, signaturesMatch } from '../../../src/channels/wecom/callbackCrypto.js';
import { parseCallbackXml } from '../../../src/channels/wecom/parseCallbackXml.js';
import { OFFICIAL_VECTORS as A } from './officialVectors.js';

const secrets = { token: A.token, encodingAesKey: A.encodingAESKey, corpId: A.receiveId };

describe('official WeCom callback vectors', () => {
  it('the URL check recovers the published plaintext and random', () => {
    const v = A.verifyUrl;
    const opened = openCallback(secrets, { signature: v.msg_signature, timestamp: v.timestamp, nonce: v.nonce, encrypted: v.echostr }, Number(v.timestamp) * 1000);
    expect(opened).toMatchObject({ ok: true, message: v.expected_plaintext });
    expect(opened.ok && opened.random.toString('hex')).toBe(v.expected_random_hex);
  });

  it('the message decrypts to the published XML and random', () => {
    const v = A.decryptMsg;
    const envelope = parseCallbackXml(v.post_body, 'body');
    const opened = openCallback(secrets, { signature: v.msg_signature, timestamp: v.timestamp, nonce: v.nonce, encrypted: envelope.Encrypt! }, Number(v.timestamp) * 1000);
    expect(opened).toMatchObject({ ok: true, message: v.expected_plaintext });
    expect(opened.ok && opened.random.toString('hex')).toBe(v.expected_random_hex);
    expect(parseCallbackXml(v.expected_plaintext, 'decrypted message')).toMatchObject({ FromUserName: 'mycreate', Content: 'hello', MsgId: '4561255354251345929', AgentID: '218' });
  });

  it('re-encrypting with the recovered random reproduces the published ciphertext and signature', () => {
    for (const v of [A.verifyUrl, { ...A.decryptMsg, echostr: parseCallbackXml(A.decryptMsg.post_body, 'body').Encrypt! }]) {
      const sealed = sealCallback(secrets, v.expected_plaintext, { timestamp: v.timestamp, nonce: v.nonce, random: Buffer.from(v.expected_random_hex, 'hex') });
      expect(sealed.encrypted).toBe(v.echostr);
      expect(sealed.signature).toBe(v.msg_signature);
    }
  });

  it('refuses the vectors with another CorpID, a changed signature, or a stale clock', () => {
    const v = A.decryptMsg;
    const encrypted = parseCallbackXml(v.post_body, 'body').Encrypt!;
    const signed = { signature: v.msg_signature, timestamp: v.timestamp, nonce: v.nonce, encrypted };
    const now = Number(v.timestamp) * 1000;
    expect(openCallback({ ...secrets, corpId: 'wx0000000000000000' }, signed, now)).toMatchObject({ ok: false, status: 403 });
    expect(openCallback(secrets, { ...signed, signature: `${v.msg_signature.slice(0, -1)}0` }, now)).toMatchObject({ ok: false, status: 401 });
    expect(openCallback({ ...secrets, token: 'another' }, signed, now)).toMatchObject({ ok: false, status: 401 });
    expect(openCallback(secrets, signed, now + 6 * 60_000)).toMatchObject({ ok: false, status: 401 });
    expect(openCallback(secrets, { ...signed, timestamp: 'yesterday' }, now)).toMatchObject({ ok: false, status: 400 });
  });

  it('compares signatures in constant time, whatever their lengths', () => {
    expect(signaturesMatch('abc', 'abc')).toBe(true);
    expect(signaturesMatch('abc', 'abd')).toBe(false);
    expect(signaturesMatch('abc', 'abcd')).toBe(false);
    expect(signaturesMatch('', '')).toBe(true);
  });
});
