/**
 * Which failures of a 微信客服 reply are not worth trying again, decided by the error's class
 * (`src/shared/errors.ts`). WeCom answers most refusals with HTTP 200 and an `errcode`:
 *
 * - retried: `NetworkError` (no answer, a timeout), errcode -1 (系统繁忙), 45009 (calls too
 *   often) and 45033 (too many at once), 60020 (untrusted IP: retried while the operator
 *   fixes the trusted IPs), HTTP 5xx, 408 and 429, the store being unavailable, and
 *   anything else unexpected (a model or engine failure);
 * - permanent: the 95000 range (the customer's message quota is used up, the session is in
 *   a state where the API may not send or change it, the one-time code is spent), any other
 *   WeCom errcode from 40000 up (a request WeCom will never accept), another platform's
 *   HTTP 4xx ({@link isPermanentDeliveryError}), and an {@link InputError}.
 *
 * Reference: https://developer.work.weixin.qq.com/document/path/90313 (global error codes).
 */
import { InputError, PlatformError } from '../../shared/errors.js';
import { isPermanentDeliveryError } from '../../leads/isPermanentDeliveryError.js';
import { WECOM_ERRCODES } from './api.js';

/** WeCom errcodes from 40000 up that say "later", not "never". */
const RETRYABLE_WECOM_ERRCODES: ReadonlySet<number> = new Set([WECOM_ERRCODES.apiFrequencyLimit, WECOM_ERRCODES.apiConcurrencyLimit, WECOM_ERRCODES.untrustedIp]);

/**
 * True when `error` will happen again on every attempt: the queued reply is given up at once.
 *
 * @param error - what the attempt threw
 */
export function isPermanentKfError(error: unknown): boolean {
  if (error instanceof InputError) return true;
  if (!(error instanceof PlatformError)) return false;
  if (error.platform === 'wecom' && error.code >= 40_000) return !RETRYABLE_WECOM_ERRCODES.has(error.code);
  return isPermanentDeliveryError(error);
}

/** True when WeCom refused to send more to this customer now (quota used up, or a person or nobody holds the session). */
export function isKfSendRefused(error: unknown): error is PlatformError {
  return error instanceof PlatformError && error.platform === 'wecom' && (error.code === WECOM_ERRCODES.kfQuotaExceeded || error.code === WECOM_ERRCODES.kfSessionStateInvalid);
}
