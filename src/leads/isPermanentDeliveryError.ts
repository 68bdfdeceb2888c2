/**
 * Which failed deliveries are not worth trying again. A partner endpoint, WeCom or Telegram
 * that answers with an HTTP 4xx status refuses the request itself (a wrong URL, a revoked
 * token, a bot blocked by the chat, a body it will never accept): the same request will be
 * refused the next twenty times too. 408 (request timeout) and 429 (too many requests) are
 * the exceptions: they say "later". A WeCom group robot that answers 93000 (the robot was
 * removed from its group, or the key is wrong) is gone too, and so is a self-built app message
 * (`wecom_app`) refused for its members or its content — 40003 (no such member), 81013 (none of
 * the members may receive it: outside the app's visible range), 48002 / 60011 (the app lacks
 * the permission), 40058 (a field WeCom will not take). Everything else — 5xx, network
 * errors, WeCom's other `errcode` values (45009 asks to wait), missing configuration — is
 * retried with backoff as before.
 */
import { PlatformError } from '../shared/errors.js';
import { WECOM_ROBOT_GONE } from './deliveries/sendWecomRobot.js';

/** 4xx statuses that mean "try again later", not "never". */
const RETRYABLE_CLIENT_ERRORS: ReadonlySet<number> = new Set([408, 429]);

/** WeCom `errcode`s of the group robot that will never succeed for the same key. */
const PERMANENT_WECOM_ROBOT_ERRORS: ReadonlySet<number> = new Set([WECOM_ROBOT_GONE]);

/** WeCom `errcode`s of the self-built app's `message/send` that will never succeed for the same members and message. */
const PERMANENT_WECOM_APP_ERRORS: ReadonlySet<number> = new Set([40003, 40058, 48002, 60011, 81013]);

/**
 * True when `error` is a {@link PlatformError} with a 4xx status other than 408 and 429, a
 * WeCom robot's 93000 or one of the app's refusals above: the delivery is marked dead at once
 * instead of being retried.
 *
 * @param error - what the delivery attempt threw
 */
export function isPermanentDeliveryError(error: unknown): error is PlatformError {
  if (!(error instanceof PlatformError)) return false;
  if (error.platform === 'wecom' && error.method === 'webhook/send' && PERMANENT_WECOM_ROBOT_ERRORS.has(error.code)) return true;
  if (error.platform === 'wecom' && error.method === 'message/send' && PERMANENT_WECOM_APP_ERRORS.has(error.code)) return true;
  return error.code >= 400 && error.code < 500 && !RETRYABLE_CLIENT_ERRORS.has(error.code);
}
