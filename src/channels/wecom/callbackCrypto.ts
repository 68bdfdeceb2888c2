/**
 * WeCom's callback security ("加解密方案"): every request carries `msg_signature`, the
 * SHA-1 over the sorted Token, timestamp, nonce and ciphertext; the ciphertext is AES-256-CBC
 * under the EncodingAESKey and holds 16 random bytes, the message and the receive id (the
 * CorpID). `@wecom/crypto` does the signature and AES; this module adds what it leaves out:
 * a constant-time signature comparison, a freshness check of the timestamp, and the check
 * that the decrypted receive id is our CorpID (a wrong key decrypts to garbage, not an error).
 *
 * See https://developer.work.weixin.qq.com/document/path/90968 .
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';

/** What verifies and opens callbacks. All three are secrets or identify the organisation: never log them. */
export interface CallbackSecrets {
  /** The callback Token (`WECOM_TOKEN`). */
  token: string;
  /** The 43-character EncodingAESKey (`WECOM_ENCODING_AES_KEY`). */
  encodingAesKey: string;
  /** The receive id every message must carry: the CorpID (`WECOM_CORP_ID`). */
  corpId: string;
}

/** The signed parts of one callback request. */
export interface SignedCallback {
  signature: string;
  timestamp: string;
  nonce: string;
  /** The base64 ciphertext: `echostr` for the URL check, `<Encrypt>` for messages. */
  encrypted: string;
}

/** Why a callback was refused, with the HTTP status to answer. */
export interface CallbackRejection {
  ok: false;
  status: 400 | 401 | 403;
  reason: string;
}

/** An opened callback: the plaintext and the random prefix it was encrypted with. */
export interface OpenedCallback {
  ok: true;
  message: string;
  random: Buffer;
}

/** Default tolerance between WeCom's timestamp and our clock: five minutes. */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Compares two signatures in constant time (also when their lengths differ: both are
 * hashed to the same length first).
 */
export function signaturesMatch(expected: string, given: string): boolean {
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(given, 'utf8').digest();
  return timingSafeEqual(a, b) && expected.length === given.length;
}

/**
 * Verifies and decrypts one callback: the timestamp is fresh, the signature matches, the
 * ciphertext decrypts and names our CorpID as its receive id.
 *
 * @param secrets - Token, EncodingAESKey and CorpID
 * @param callback - the signed parts of the request
 * @param nowMs - the current time, epoch milliseconds
 * @param maxSkewMs - how far the timestamp may be from `nowMs`; default five minutes
 */
export function openCallback(secrets: CallbackSecrets, callback: SignedCallback, nowMs: number, maxSkewMs = DEFAULT_MAX_CLOCK_SKEW_MS): OpenedCallback | CallbackRejection {
  if (!/^\d{1,12}$/.test(callback.timestamp)) return { ok: false, status: 400, reason: 'timestamp is not a Unix time in seconds' };
  if (Math.abs(nowMs - Number(callback.timestamp) * 1000) > maxSkewMs) {
    return { ok: false, status: 401, reason: `timestamp is more than ${Math.round(maxSkewMs / 1000)} s away from our clock (a replay, or check the server's time)` };
  }
  const expected = getSignature(secrets.token, callback.timestamp, callback.nonce, callback.encrypted);
  if (!signaturesMatch(expected, callback.signature.toLowerCase())) {
    return { ok: false, status: 401, reason: 'msg_signature does not match (check WECOM_TOKEN)' };
  }
  let opened: { message: string; id: string; random: Buffer };
  try {
    opened = decrypt(secrets.encodingAesKey, callback.encrypted);
  } catch {
    return { ok: false, status: 400, reason: 'the ciphertext cannot be decrypted (check WECOM_ENCODING_AES_KEY)' };
  }
  if (opened.random.length !== 16 || !signaturesMatch(secrets.corpId, opened.id)) {
    return { ok: false, status: 403, reason: 'the decrypted receive id is not our CorpID (check WECOM_CORP_ID and WECOM_ENCODING_AES_KEY)' };
  }
  return { ok: true, message: opened.message, random: opened.random };
}

/**
 * Encrypts and signs a message the way WeCom does: for passive replies, and for tests and
 * tools that play WeCom's part.
 *
 * @param secrets - Token, EncodingAESKey and CorpID
 * @param message - the plaintext, usually an XML document
 * @param parts - timestamp and nonce to sign with; `random`: the 16-byte prefix (default: fresh random bytes)
 */
export function sealCallback(secrets: CallbackSecrets, message: string, parts: { timestamp: string; nonce: string; random?: Buffer }): SignedCallback {
  const encrypted = encrypt(secrets.encodingAesKey, message, secrets.corpId, parts.random);
  return { signature: getSignature(secrets.token, parts.timestamp, parts.nonce, encrypted), timestamp: parts.timestamp, nonce: parts.nonce, encrypted };
}
