/**
 * `POST /telegram/webhook`: where Telegram posts updates in webhook mode. The secret token is
 * checked before the body is read; the route answers once the turn is done or after
 * `answerWithinMs`, whichever is first, so a slow turn is never re-sent; it never throws.
 * See https://core.telegram.org/bots/api#setwebhook
 */
import type { FastifyInstance } from 'fastify';
import type { Update } from 'grammy/types';
import type { Logger } from '../../shared/logger.js';
import { checkSecretToken, SECRET_TOKEN_HEADER } from './checkSecretToken.js';
import { settleWithin } from './settleWithin.js';

/** The route Telegram posts updates to in webhook mode (CONTRACTS.md). */
export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';

/** What {@link registerTelegramWebhookRoute} needs. */
export interface TelegramWebhookRouteOptions {
  /** TELEGRAM_WEBHOOK_SECRET, compared in constant time with `X-Telegram-Bot-Api-Secret-Token`. */
  secret: string;
  logger: Logger;
  /** Answer Telegram after this many milliseconds even if the turn is still running. */
  answerWithinMs: number;
  /** False while the channel is not started (or stopping): the route answers 503 and Telegram sends the update again. */
  isAccepting(): boolean;
  /** Handles one update; the promise settles when the turn is done and never rejects. */
  handleUpdate(update: Update): Promise<void>;
}

/**
 * Registers `POST /telegram/webhook` on `http`. Call before the server listens.
 *
 * @param http - the Fastify server
 * @param options - see {@link TelegramWebhookRouteOptions}
 */
export function registerTelegramWebhookRoute(http: FastifyInstance, options: TelegramWebhookRouteOptions): void {
  const { secret, logger, answerWithinMs } = options;
  http.post(
    TELEGRAM_WEBHOOK_PATH,
    {
      // Checked before the body is read: a caller without the secret learns nothing.
      onRequest: async (request, reply) => {
        if (checkSecretToken(request.headers[SECRET_TOKEN_HEADER], secret)) return;
        logger.warn({ ip: request.ip }, 'Telegram webhook call with a wrong or missing secret token; refused');
        return reply.status(401).send({ error: { code: 'unauthorized', message: 'wrong or missing X-Telegram-Bot-Api-Secret-Token' } });
      },
    },
    async (request, reply) => {
      if (!options.isAccepting()) {
        return reply.status(503).header('retry-after', '5').send({ error: { code: 'unavailable', message: 'the Telegram channel is not running; Telegram will send the update again' } });
      }
      const update = request.body as Partial<Update> | null;
      if (typeof update !== 'object' || update === null || !Number.isSafeInteger(update.update_id)) {
        return reply.status(400).send({ error: { code: 'invalid_request', message: 'expected a Telegram Update object with a numeric update_id', field: 'update_id' } });
      }
      const finished = await settleWithin(options.handleUpdate(update as Update), answerWithinMs);
      if (!finished) logger.info({ updateId: update.update_id }, 'Telegram turn still running; answered the webhook so that Telegram does not send it again');
      return reply.status(200).send();
    },
  );
}
