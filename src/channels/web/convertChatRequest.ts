/**
 * The web chat API's two converters: the `POST /api/chat` body into an engine message, and
 * the engine's replies into the response body. The shapes are a contract other tools rely
 * on: keep them stable.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { InboundMessage, Reply } from '../../core/messages.js';
import { MAX_INBOUND_TEXT_CHARS, actionSchema, replyExpectsSchema } from '../../core/messages.js';
import { languageSchema } from '../../shared/language.js';
import { feedbackRatingSchema } from '../../core/answerFeedback.js';

/** The channel name web conversations are stored under. */
export const WEB_CHANNEL = 'web';

/** The web user's id: made by the page, kept in its `localStorage`, sent with every request. */
export const webUserSchema = z.string().trim().min(1, 'user is required').max(128);

/** `POST /api/chat` request body: a user id and either text or a button action. */
export const chatRequestSchema = z
  .object({
    user: webUserSchema,
    text: z.string().max(MAX_INBOUND_TEXT_CHARS, `text is longer than ${MAX_INBOUND_TEXT_CHARS} characters`).optional(),
    action: actionSchema.optional(),
    lang: languageSchema.optional(),
    /** Optional id of this message: a repeated id is answered from the first time, not handled again. */
    messageId: z.string().trim().min(1).max(128).optional(),
    /**
     * False when the client never shows earlier messages again (the embed widget): the turn is
     * not kept for `GET /api/history`. Default true (for user ids of {@link MIN_HISTORY_USER_CHARS}+ characters).
     */
    keepHistory: z.boolean().optional(),
  })
  .refine((b) => (b.text === undefined) !== (b.action === undefined), {
    message: 'give exactly one of "text" or "action"',
    path: ['text'],
  });
/** `POST /api/chat` request body. */
export type ChatRequest = z.infer<typeof chatRequestSchema>;

/** One reply in the `POST /api/chat` response (and in `GET /api/history`), as the web renders it. */
export const chatReplySchema = z.object({
  text: z.string(),
  buttons: z.array(z.object({ label: z.string(), action: z.string() })),
  sources: z.array(z.object({ id: z.string(), topic: z.string(), title: z.string(), asOf: z.string(), publisher: z.string() })),
  /** What kind of answer the reply waits for (a choice, free text, a contact…), when it asks a question. */
  expects: replyExpectsSchema.optional(),
  /** The dialogue act the reply responds to (`greeting`, `human`, `apply`…). */
  act: z.string().optional(),
  /** True when the reply offers to put the applicant through to a person. */
  offersPerson: z.boolean().optional(),
  /** On a sourced answer: it can be rated with `POST /api/feedback` and this entry id. */
  feedback: z.object({ entryId: z.string() }).optional(),
});
/** One reply as the web renders it. */
export type ChatReply = z.infer<typeof chatReplySchema>;

/** `POST /api/chat` response body. */
export const chatResponseSchema = z.object({
  replies: z.array(chatReplySchema),
  /** True exactly when the bot could not answer from its content. */
  fallback: z.boolean(),
});
/** `POST /api/chat` response body. */
export type ChatResponse = z.infer<typeof chatResponseSchema>;

/**
 * The minimum length of a web user id whose conversation is kept for `GET /api/history`. The
 * id is what identifies the person (the page makes a random one, `web-<UUID>`), so a short,
 * guessable id (`u1` in a curl example) gets no history that someone else could read.
 */
export const MIN_HISTORY_USER_CHARS = 16;

/** Converts a validated request into an engine message. */
export function convertChatRequest(request: ChatRequest): InboundMessage {
  return {
    channel: WEB_CHANNEL,
    userId: request.user,
    messageId: request.messageId ?? randomUUID(),
    // Only an id the client gave identifies a repeat; a made-up one never repeats.
    deduplicate: request.messageId !== undefined,
    ...(request.text !== undefined ? { text: request.text } : { action: request.action }),
    ...(request.lang ? { languageHint: request.lang } : {}),
    ...(request.keepHistory !== false && request.user.length >= MIN_HISTORY_USER_CHARS ? { keepHistory: true } : {}),
  };
}

/** Converts the engine's replies into the response body. */
export function convertRepliesToChatResponse(replies: readonly Reply[]): ChatResponse {
  return { replies: replies.map(convertReplyToChatReply), fallback: replies.some((r) => r.fallback) };
}

/** Converts one engine reply into the web's shape. */
export function convertReplyToChatReply(r: Reply): ChatReply {
  return {
    text: r.text,
    buttons: r.buttons.map((b) => ({ label: b.label, action: b.action })),
    sources: r.sources.map((s) => ({ id: s.id, topic: s.topic, title: s.title, asOf: s.asOf, publisher: s.publisher })),
    ...(r.expects ? { expects: r.expects } : {}),
    ...(r.act ? { act: r.act } : {}),
    ...(r.offersPerson ? { offersPerson: true } : {}),
    ...(r.feedback ? { feedback: { entryId: r.feedback.entryId } } : {}),
  };
}

/** `POST /api/feedback` request body: the web user, the entry id of the answer (`reply.feedback.entryId`) and 👍 `up` or 👎 `down`. */
export const feedbackRequestSchema = z.object({
  user: webUserSchema,
  entryId: z.string().trim().min(1, 'entryId is required').max(200),
  rating: feedbackRatingSchema,
});
/** `POST /api/feedback` request body. */
export type FeedbackRequest = z.infer<typeof feedbackRequestSchema>;
