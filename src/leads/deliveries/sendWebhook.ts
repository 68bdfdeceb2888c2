/**
 * Delivery by webhook: a POST of the lead as JSON, signed per Standard Webhooks
 * (https://www.standardwebhooks.com/) with the `standardwebhooks` library, so partners
 * verify it with any Standard Webhooks library.
 */
import { PlatformError } from '../../shared/errors.js';
import { postJson, summariseAnswer, type FetchFunction } from './postJson.js';

/** One signed POST. */
export interface WebhookRequest {
  url: string;
  /** The partner's secret, `whsec_<base64>`. Never logged. */
  secret: string;
  /** The idempotency key: the outbox item id, the same on every retry (`webhook-id`). */
  id: string;
  /** When the message is sent (`webhook-timestamp`; receivers reject ones more than 5 minutes off). */
  timestamp: Date;
  /** The JSON body, signed exactly as sent. */
  body: string;
}

/** What a webhook delivery needs. */
export interface SendWebhookDependencies {
  fetch: FetchFunction;
  /** Time limit of the attempt in milliseconds. */
  timeoutMs: number;
}

/**
 * Sends one webhook. Any 2xx status is success.
 *
 * @param request - see {@link WebhookRequest}
 * @param deps - see {@link SendWebhookDependencies}
 * @throws PlatformError for any other status (with the partner's `retry-after`, if sent)
 * @throws NetworkError when the partner did not answer in time
 */
export async function sendWebhook(request: WebhookRequest, deps: SendWebhookDependencies): Promise<void> {
  // Imported on the first webhook: most deployments deliver leads otherwise.
  const { Webhook } = await import('standardwebhooks');
  const signature = new Webhook(request.secret).sign(request.id, request.timestamp, request.body);
  const target = describeUrl(request.url);
  const response = await postJson(deps.fetch, {
    url: request.url,
    body: request.body,
    timeoutMs: deps.timeoutMs,
    target,
    headers: {
      'webhook-id': request.id,
      'webhook-timestamp': String(Math.floor(request.timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    },
  });
  if (response.status >= 200 && response.status < 300) return;
  const retryAfter = Number(response.headers.get('retry-after'));
  throw new PlatformError('webhook', `POST ${target}`, response.status, summariseAnswer(response.text), Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
}

/** The URL without credentials, query or fragment, for messages. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'the partner webhook URL';
  }
}
