/**
 * Zod schema of `knowledge/dialogue-acts.yaml`: what people say that is not a policy
 * question (greetings, thanks, asking for a person, wanting to apply, frustration, yes and
 * no) with the bot's words for each, and the follow-up vocabulary (references back, topic
 * switches, aspects such as cost or duration) that lets a short question be answered
 * against the topic of the conversation. The engine binds behaviour to the act ids; the
 * words are content.
 */
import { z } from 'zod';
import { compilesAsRegExp } from '../shared/compilesAsRegExp.js';
import { bilingualTextSchema } from './schema.js';

/** The dialogue acts the engine knows. Each id has a fixed behaviour in `src/core/understand`. */
export const dialogueActIdSchema = z.enum(['greeting', 'thanks', 'goodbye', 'help', 'human', 'apply', 'resume', 'restart', 'menu', 'frustration', 'injection', 'yes', 'no', 'subscribe', 'unsubscribe', 'back', 'privacy']);
/** A dialogue act's id. */
export type DialogueActId = z.infer<typeof dialogueActIdSchema>;

const wordsSchema = z
  .object({ zh: z.array(z.string().trim().min(1)).default([]), en: z.array(z.string().trim().min(1)).default([]) })
  .strict()
  .default({ zh: [], en: [] });
/** Words in both languages. */
export type BilingualWords = z.infer<typeof wordsSchema>;

const patternSchema = z.string().min(1).refine((p) => compilesAsRegExp(p, 'iu'), { message: 'not a valid regular expression' });

/** One act: whole-message phrasings, phrases recognised anywhere, and the reply. */
export const dialogueActSchema = z
  .object({
    /** The whole message is one of these (after fillers, punctuation and emoji are removed). */
    whole: wordsSchema,
    /** The message contains one of these (only for unmistakable wordings). */
    contains: wordsSchema,
    /** A short message (not a question) contains one of these ("cool cool thanks a bunch", "fine. good bye"). */
    short: wordsSchema,
    /**
     * Regular expressions (case-insensitive) of wishes said in many ways ("我想申請參加你們的比賽",
     * "I'd like to start my application"). A match is weaker than a phrasing: when the message
     * clearly asks about a policy instead ("我想申请人才公寓"), the question is answered.
     */
    patterns: z.object({ zh: z.array(patternSchema).default([]), en: z.array(patternSchema).default([]) }).strict().default({ zh: [], en: [] }),
    /**
     * A message with one of these words is not this act by a contained phrase or a pattern, only
     * by a whole phrasing: "报名截止是哪天" and "when can I sign up?" ask a date, not to apply.
     */
    notWith: wordsSchema,
    /** What the bot says first. */
    reply: bilingualTextSchema.optional(),
  })
  .strict();
/** One dialogue act. */
export type DialogueAct = z.infer<typeof dialogueActSchema>;

/** One aspect a follow-up can ask about (cost, duration, …). */
export const followUpAspectSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z_]*$/),
    /** How the bot names it ("the cost") when the source does not state it. */
    name: bilingualTextSchema,
    /** Words that ask about it. */
    words: wordsSchema,
    /** What an entry that states it contains (regular expressions, case-insensitive). */
    evidence: z.array(patternSchema).min(1),
    /**
     * Also checked when a question names its topic ("人才公寓月租金多少"): if the entry does not
     * state it, the reply says so instead of giving the entry as if it answered. For specifics
     * (a rent, a rate, a deadline), not for what every entry answers in its own way.
     */
    checkAlways: z.boolean().default(false),
    /**
     * A figure or a date (a rent, a rate, a term, a deadline). Asked for directly — or exactly,
     * as a follow-up — when the entry does not give it, the reply is only that the source does
     * not state it (naming the entry, offering a person), and claims no source.
     */
    figure: z.boolean().default(false),
    /**
     * Checked on an entry under review too: what the entry asks staff to confirm (an amount) never
     * answers it ("创业资助的通过率是百分之多少").
     */
    beyondReview: z.boolean().default(false),
  })
  .strict();
/** One aspect a follow-up can ask about. */
export type FollowUpAspect = z.infer<typeof followUpAspectSchema>;

/** The whole `dialogue-acts.yaml`. */
export const dialogueActsFileSchema = z
  .object({
    /** Politeness and filler words ignored when a whole message is compared with phrasings. */
    fillers: wordsSchema,
    acts: z.partialRecord(dialogueActIdSchema, dialogueActSchema).default({}),
    /**
     * Words of a general "what support is there for me" question. A self-description answered
     * with the package at a glance must ask one of these (or retrieval must find its question);
     * otherwise it may be about something the content does not cover (rent, taxes, wages).
     */
    supportQuestions: wordsSchema,
    followUps: z
      .object({
        /** Words pointing back to what was just discussed (这个, it). */
        references: wordsSchema,
        /** Words that say nothing about a topic (吗, 怎么, is, the); a question of only these, references and aspect words names no topic. */
        generic: wordsSchema,
        /** Patterns of "那X呢" / "what about X"; group 1 is X. */
        switches: z.object({ zh: z.array(patternSchema).default([]), en: z.array(patternSchema).default([]) }).strict().default({ zh: [], en: [] }),
        aspects: z.array(followUpAspectSchema).default([]),
        /** Words that ask for an exact figure ("具体", "年化", "exact", "per month"). */
        exact: wordsSchema.default({ zh: [], en: [] }),
      })
      .strict()
      .default({ references: { zh: [], en: [] }, generic: { zh: [], en: [] }, switches: { zh: [], en: [] }, aspects: [], exact: { zh: [], en: [] } }),
  })
  .strict();
/** Dialogue acts and follow-up vocabulary. */
export type DialogueActs = z.infer<typeof dialogueActsFileSchema>;

/** No acts at all: for content without the file. */
export const NO_DIALOGUE_ACTS: DialogueActs = dialogueActsFileSchema.parse({});
