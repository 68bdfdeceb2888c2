/**
 * The web chat API's two converters: the `POST /api/chat` body into an engine message, and
 * the engine's replies into the response body. The shapes are a contract other tools rely
 * on: keep them stable.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { InboundMessage, Reply, ReplyExpects } from '../../core/messages.js';
import { MAX_INBOUND_TEXT_CHARS, actionSchema } from '../../core/messages.js';
import { languageSchema } from '../../knowledge/schema.js';

/** The channel name web conversations are stored under. */
export const WEB_CHANNEL = 'web';

/** `POST /api/chat` request body: a user id and either text or a button action. */
export const chatRequestSchema = z
  .object({
    user: z.string().trim().min(1, 'user is required').max(128),
    text: z.string().max(MAX_INBOUND_TEXT_CHARS, `text is longer than ${MAX_INBOUND_TEXT_CHARS} characters`).optional(),
    action: actionSchema.optional(),
    lang: languageSchema.optional(),
    /** Optional id of this message: a repeated id is answered from the first time, not handled again. */
    messageId: z.string().trim().min(1).max(128).optional(),
  })
  .refine((b) => (b.text === undefined) !== (b.action === undefined), {
    message: 'give exactly one of "text" or "action"',
    path: ['text'],
  });
/** `POST /api/chat` request body. */
export type ChatRequest = z.infer<typeof chatRequestSchema>;

/** `POST /api/chat` response body. */
export interface ChatResponse {
  replies: Array<{
    text: string;
    buttons: Array<{ label: string; action: string }>;
    sources: Array<{ id: string; topic: string; title: string; asOf: string; publisher: string }>;
    /** What kind of answer the reply waits for (a choice, free text, a contact…), when it asks a question. */
    expects?: ReplyExpects;
    /** The dialogue act the reply responds to (`greeting`, `human`, `apply`…). */
    act?: string;
    /** True when the reply offers to put the applicant through to a person. */
    offersPerson?: boolean;
  }>;
  /** True exactly when the bot could not answer from its content. */
  fallback: boolean;
}

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
  };
}

/** Converts the engine's replies into the response body. */
export function convertRepliesToChatResponse(replies: readonly Reply[]): ChatResponse {
  return {
    replies: replies.map((r) => ({
      text: r.text,
      buttons: r.buttons.map((b) => ({ label: b.label, action: b.action })),
      sources: r.sources.map((s) => ({ id: s.id, topic: s.topic, title: s.title, asOf: s.asOf, publisher: s.publisher })),
      ...(r.expects ? { expects: r.expects } : {}),
      ...(r.act ? { act: r.act } : {}),
      ...(r.offersPerson ? { offersPerson: true } : {}),
    })),
    fallback: replies.some((r) => r.fallback),
  };
}
