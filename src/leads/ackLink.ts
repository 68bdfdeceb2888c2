/**
 * The signed acknowledgement link partners open to confirm they received a lead:
 * `GET /leads/<id>/ack?partner=<partnerId>&sig=<base64url HMAC-SHA256 of "<leadId>:<partnerId>">`.
 * Only someone holding the link (the partner it was sent to) can acknowledge, and a link
 * for one partner does not work for another.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { StateStore } from '../store/contract.js';

/** The state key holding the generated signing secret when ACK_SIGNING_SECRET is not set. */
export const ACK_SECRET_KEY = 'secret:ack-link';

/** Makes and checks acknowledgement links. */
export interface AckLink {
  /** The full link for a lead and the partner it is sent to. */
  url(leadId: string, partnerId: string): string;
  /** The `sig` parameter for a lead and partner. */
  sign(leadId: string, partnerId: string): string;
  /** True when `sig` is the signature of this lead and partner; compared in constant time. */
  verify(leadId: string, partnerId: string, sig: string): boolean;
  /**
   * The token of the acknowledgement page's form, issued at `issuedAt` (epoch ms): only a
   * page this server rendered for this lead and partner can post the acknowledgement.
   */
  formToken(leadId: string, partnerId: string, issuedAt: number): string;
  /** True when `token` is {@link AckLink.formToken} of these values; compared in constant time. */
  verifyFormToken(leadId: string, partnerId: string, issuedAt: number, token: string): boolean;
}

/** What {@link createAckLink} needs. */
export interface AckLinkOptions {
  /** The signing secret (ACK_SIGNING_SECRET, or the one {@link resolveAckSecret} keeps). Never logged. */
  secret: string;
  /** The deployment's external URL (PUBLIC_BASE_URL, default `http://localhost:<PORT>`), without a trailing slash. */
  publicBaseUrl: string;
}

/**
 * Creates the link maker and checker.
 *
 * @param options - see {@link AckLinkOptions}
 */
export function createAckLink(options: AckLinkOptions): AckLink {
  const base = options.publicBaseUrl.replace(/\/+$/, '');
  const mac = (leadId: string, partnerId: string) => createHmac('sha256', options.secret).update(`${leadId}:${partnerId}`).digest();
  const sign = (leadId: string, partnerId: string) => mac(leadId, partnerId).toString('base64url');
  const formToken = (leadId: string, partnerId: string, issuedAt: number) =>
    createHmac('sha256', options.secret).update(`ack-form:${leadId}:${partnerId}:${issuedAt}`).digest('base64url');
  const same = (given: string, expected: string) => {
    const a = Buffer.from(given, 'utf8');
    const b = Buffer.from(expected, 'ascii');
    return a.length === b.length && timingSafeEqual(a, b);
  };
  return {
    sign,
    formToken,
    verifyFormToken: (leadId, partnerId, issuedAt, token) => Number.isSafeInteger(issuedAt) && same(token, formToken(leadId, partnerId, issuedAt)),
    url: (leadId, partnerId) =>
      `${base}/leads/${encodeURIComponent(leadId)}/ack?partner=${encodeURIComponent(partnerId)}&sig=${sign(leadId, partnerId)}`,
    verify(leadId, partnerId, sig) {
      // Compares the canonical text of the signature, so no other spelling of the same bytes
      // passes. Its length is public (43 characters); only equal lengths are compared, in
      // constant time.
      const expected = Buffer.from(sign(leadId, partnerId), 'ascii');
      const given = Buffer.from(sig, 'utf8');
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

/**
 * The signing secret: `configured` when set, else one generated on first use and kept in
 * the store, so links stay valid across restarts with a durable store (with the in-process
 * store, links sent before a restart stop working).
 *
 * @param state - where a generated secret is kept (`secret:ack-link`)
 * @param configured - ACK_SIGNING_SECRET, if set
 */
export async function resolveAckSecret(state: StateStore, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await state.setIfAbsent(ACK_SECRET_KEY, randomBytes(32).toString('base64url'));
  const stored = await state.get(ACK_SECRET_KEY);
  if (typeof stored !== 'string' || stored.length === 0) throw new TypeError(`${ACK_SECRET_KEY} in the store is not a string; delete it to generate a new one`);
  return stored;
}
