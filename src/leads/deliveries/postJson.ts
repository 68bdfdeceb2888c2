/**
 * One JSON POST to another system with a time limit: the shared wire of the webhook,
 * WeCom robot and Telegram deliveries. Network failures and timeouts become
 * {@link NetworkError}s naming the target without credentials.
 */
import { NetworkError } from '../../shared/errors.js';

/** The HTTP call, passed in: `globalThis.fetch` in production, the same against local servers in tests. */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

/** Default time limit of one attempt, in milliseconds. */
export const DEFAULT_DELIVERY_TIMEOUT_MS = 10_000;

/** One POST. */
export interface PostJsonRequest {
  url: string;
  /** The JSON text to send, exactly as it was signed (if it was). */
  body: string;
  headers?: Record<string, string>;
  /** Time limit for the whole exchange, answer body included, in milliseconds. */
  timeoutMs: number;
  /** How to name the target in errors: never a URL with a key or token in it. */
  target: string;
}

/** The answer, read in full. */
export interface PostJsonResponse {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * Posts JSON and reads the answer. Any HTTP status is returned, not thrown.
 *
 * @param fetch - the HTTP call
 * @param request - see {@link PostJsonRequest}
 * @throws NetworkError when no answer arrived in time or the connection failed
 */
export async function postJson(fetch: FetchFunction, request: PostJsonRequest): Promise<PostJsonResponse> {
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'talentbot', ...request.headers },
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw new NetworkError(request.target, new Error(`no answer within ${request.timeoutMs} ms`));
    }
    const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
    const message = error instanceof Error ? error.message : String(error);
    throw new NetworkError(request.target, new Error(typeof code === 'string' ? `${message} (${code})` : message));
  }
}

/** The first 300 characters of an answer, on one line, for error messages. */
export function summariseAnswer(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat || '(empty answer)';
}
