/**
 * What goes into the engine and what comes out, for every channel. Channel adapters
 * convert their platform's updates into an {@link InboundMessage} and render each
 * {@link Reply} the way their platform can.
 */
import { z } from 'zod';
import { languageSchema } from '../shared/language.js';

/** Longest text the engine accepts in one message, in characters. */
export const MAX_INBOUND_TEXT_CHARS = 2000;

/**
 * A button action: an opaque string the engine produced and gets back when the button is
 * pressed. Known forms: `topic:<topic id>`, `lang:<zh|en>`, `menu`.
 */
export const actionSchema = z.string().trim().min(1).max(200);

/** One message from an applicant, whatever the channel. */
export const inboundMessageSchema = z
  .object({
    /** The channel's name, e.g. `web`, `telegram`, `wecom-kf`. */
    channel: z.string().min(1).max(32),
    /** The user's id on that channel. Together with `channel` it identifies the conversation. */
    userId: z.string().min(1).max(128),
    /** The platform's message id (or one the adapter made up), for logs and de-duplication. */
    messageId: z.string().min(1).max(128),
    /**
     * Whether a repeat of `messageId` is answered from the first time. Default true; adapters
     * that make ids up (the web chat without a client id, the CLI) turn it off, which saves
     * two store operations per turn.
     */
    deduplicate: z.boolean().optional(),
    /** What the user typed. */
    text: z.string().max(MAX_INBOUND_TEXT_CHARS).optional(),
    /** The action of a pressed button. */
    action: actionSchema.optional(),
    /** The language the platform reports for the user, if any. */
    languageHint: languageSchema.optional(),
    /**
     * True when the channel shows the conversation again later (the web page after a reload):
     * the turn is added to the conversation's history (`conversationHistory.ts`). Default false.
     */
    keepHistory: z.boolean().optional(),
  })
  .refine((m) => (m.text === undefined) !== (m.action === undefined), {
    message: 'give exactly one of text or action',
    path: ['text'],
  });
/** One message from an applicant, whatever the channel. */
export type InboundMessage = z.infer<typeof inboundMessageSchema>;

/** A button under a reply. */
export const buttonSchema = z.object({
  label: z.string().min(1),
  action: actionSchema,
});
/** A button under a reply. */
export type Button = z.infer<typeof buttonSchema>;

/** The knowledge entry an answer comes from, as shown to the user. */
export const replySourceSchema = z.object({
  id: z.string(),
  topic: z.string(),
  title: z.string(),
  /** The date the entry's facts are valid for, `YYYY-MM-DD`. */
  asOf: z.string(),
  /** Who published the underlying source. */
  publisher: z.string(),
});
/** The knowledge entry an answer comes from. */
export type ReplySource = z.infer<typeof replySourceSchema>;

/**
 * What kind of answer a reply waits for, so that a channel without buttons (the WeCom app,
 * a voice user, the terminal) can show numbered options without reading engine state.
 */
export const replyExpectsSchema = z.object({
  /** `choice`: one of `options`; `text`: free text; `contact`: a phone or e-mail; `number`, `year`; `consent` and `confirm`: yes or no. */
  kind: z.enum(['choice', 'text', 'contact', 'number', 'year', 'consent', 'confirm']),
  /** The flow asking, e.g. `eligibility`. */
  flowId: z.string(),
  /** The step asking, e.g. `degree`. */
  stepId: z.string(),
  /** The options, in the order a channel numbers them (1, 2, …); a typed number picks one only where they were shown numbered. */
  options: z.array(buttonSchema).default([]),
});
/** What kind of answer a reply waits for. */
export type ReplyExpects = z.infer<typeof replyExpectsSchema>;

/** One message from the bot. */
export const replySchema = z.object({
  /** The text, in simple Markdown: paragraphs, "- " bullets and **bold** only. */
  text: z.string(),
  buttons: z.array(buttonSchema).default([]),
  /** The entries this answer is taken from; the first answered the question. Empty for menus and the fallback. */
  sources: z.array(replySourceSchema).default([]),
  /** True when the bot could not answer from its content and says so. */
  fallback: z.boolean().default(false),
  /** The language the reply is written in. */
  language: languageSchema,
  /** Set when the reply asks a question of a flow: what kind of answer it waits for. */
  expects: replyExpectsSchema.optional(),
  /** The dialogue act this reply responds to (`greeting`, `thanks`, `goodbye`, `help`, `human`, `apply`, …), when the message was one. */
  act: z.string().optional(),
  /**
   * True when the reply offers to put the applicant through to a person: a person button (the
   * menu's, the fallback's, one under an entry under review), the contact answer, the request
   * for staff. Channels rely on it instead of recognising the engine's buttons or topics.
   */
  offersPerson: z.boolean().optional(),
  /** Set on a sourced answer that can be rated 👍 / 👎: send the rating with this entry id (`Engine.rate`). */
  feedback: z.object({ entryId: z.string() }).optional(),
});
/** One message from the bot. */
export type Reply = z.infer<typeof replySchema>;
