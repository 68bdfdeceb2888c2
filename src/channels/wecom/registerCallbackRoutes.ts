/**
 * `GET /wecom/callback` (the URL check when the callback is configured) and
 * `POST /wecom/callback` (messages and events). Both verify the timestamp, the signature
 * and the receive id before anything else; bodies are read as text up to 32 KB and parsed
 * without DOCTYPE or entities.
 *
 * A verified POST is answered 200 with an empty body at once and its work runs afterwards:
 * WeCom drops a callback after 5 seconds and sends it again, while the engine may take
 * longer. Retries are recognised in the store by `MsgId` (events: `FromUserName`,
 * `CreateTime`, `Event` and `EventKey`) and answered 200 without doing the work again.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import { InputError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { StateStore } from '../../store/contract.js';
import { openCallback, type CallbackSecrets } from './callbackCrypto.js';
import { MAX_CALLBACK_BODY_BYTES, parseCallbackXml } from './parseCallbackXml.js';

/** The callback route, as configured in the WeCom admin console. */
export const WECOM_CALLBACK_PATH = '/wecom/callback';
/** How long a callback is remembered for de-duplication: one day. */
const CALLBACK_ID_TTL_MS = 24 * 3600_000;

/** What the callback routes need. */
export interface CallbackRouteDependencies {
  secrets: CallbackSecrets;
  store: StateStore;
  clock: Clock;
  logger: Logger;
  /** How far a callback's timestamp may be from our clock, in milliseconds. */
  maxClockSkewMs: number;
  /**
   * Starts the work of a verified, first-seen callback in the background and returns at
   * once; false when the channel is stopping (the callback is answered 503 and retried).
   */
  dispatch(fields: Readonly<Record<string, string>>, messageId: string): boolean;
  /** True while the channel accepts callbacks. */
  accepting(): boolean;
}

const signedQuerySchema = z.object({
  msg_signature: z.string().min(1).max(128),
  timestamp: z.string().min(1).max(32),
  nonce: z.string().min(1).max(128),
});
const urlCheckQuerySchema = signedQuerySchema.extend({ echostr: z.string().min(1).max(4096) });

/**
 * The key a callback is de-duplicated by, and the message id the engine gets: `MsgId` for
 * messages; for events (which have none) a hash of who, when and what.
 */
export function identifyCallback(fields: Readonly<Record<string, string>>): { dedupKey: string; messageId: string } {
  if (fields.MsgId) return { dedupKey: `msg:${fields.MsgId}`, messageId: fields.MsgId };
  const parts = [fields.FromUserName ?? fields.OpenKfId ?? '', fields.CreateTime ?? '', fields.Event ?? '', fields.EventKey ?? fields.Token ?? ''];
  const hash = createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 40);
  return { dedupKey: `event:${hash}`, messageId: `event-${hash}` };
}

function refuse(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.status(status).send({ error: { code, message } });
}

/**
 * Registers the two callback routes in their own scope (their own body parser and limit).
 *
 * @param http - the Fastify instance
 * @param deps - see {@link CallbackRouteDependencies}
 */
export function registerCallbackRoutes(http: FastifyInstance, deps: CallbackRouteDependencies): void {
  const { logger } = deps;
  void http.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_CALLBACK_BODY_BYTES }, (_request, body, done) => done(null, body));

    scope.get(WECOM_CALLBACK_PATH, async (request, reply) => {
      const query = urlCheckQuerySchema.safeParse(request.query);
      if (!query.success) return refuse(reply, 400, 'invalid_request', 'expected msg_signature, timestamp, nonce and echostr');
      // A '+' of the base64 echostr sent unescaped arrives as a space.
      const echostr = query.data.echostr.replace(/ /g, '+');
      const opened = openCallback(deps.secrets, { signature: query.data.msg_signature, timestamp: query.data.timestamp, nonce: query.data.nonce, encrypted: echostr }, deps.clock.now(), deps.maxClockSkewMs);
      if (!opened.ok) {
        logger.warn({ status: opened.status, reason: opened.reason, ip: request.ip }, 'WeCom URL check refused');
        return refuse(reply, opened.status, 'invalid_callback', opened.reason);
      }
      logger.info({}, 'WeCom callback URL verified');
      return reply.status(200).type('text/plain; charset=utf-8').send(opened.message);
    });

    scope.post(WECOM_CALLBACK_PATH, { bodyLimit: MAX_CALLBACK_BODY_BYTES }, async (request, reply) => {
      const query = signedQuerySchema.safeParse(request.query);
      if (!query.success) return refuse(reply, 400, 'invalid_request', 'expected msg_signature, timestamp and nonce');
      let fields: Record<string, string>;
      try {
        const envelope = parseCallbackXml(typeof request.body === 'string' ? request.body : '', 'body');
        if (!envelope.Encrypt) throw new InputError('body', 'expected <Encrypt> in the body');
        const opened = openCallback(deps.secrets, { signature: query.data.msg_signature, timestamp: query.data.timestamp, nonce: query.data.nonce, encrypted: envelope.Encrypt }, deps.clock.now(), deps.maxClockSkewMs);
        if (!opened.ok) {
          logger.warn({ status: opened.status, reason: opened.reason, ip: request.ip }, 'WeCom callback refused');
          return refuse(reply, opened.status, 'invalid_callback', opened.reason);
        }
        fields = parseCallbackXml(opened.message, 'decrypted message');
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        logger.warn({ reason: error.message, ip: request.ip }, 'WeCom callback refused');
        return refuse(reply, 400, 'invalid_callback', error.message);
      }
      if (!deps.accepting()) return refuse(reply, 503, 'unavailable', 'the WeCom channel is stopping; WeCom will retry');
      const { dedupKey, messageId } = identifyCallback(fields);
      const seenKey = `wecom:callback:${dedupKey}`;
      if (!(await deps.store.setIfAbsent(seenKey, 1, { ttlMs: CALLBACK_ID_TTL_MS }))) {
        logger.debug({ messageId }, 'WeCom callback repeated; already being handled');
        return reply.status(200).type('text/plain; charset=utf-8').send('');
      }
      if (!deps.dispatch(fields, messageId)) {
        await deps.store.delete(seenKey);
        return refuse(reply, 503, 'unavailable', 'the WeCom channel is stopping; WeCom will retry');
      }
      return reply.status(200).type('text/plain; charset=utf-8').send('');
    });
  });
}
