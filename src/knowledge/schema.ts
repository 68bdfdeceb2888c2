/**
 * Zod schemas for everything under `knowledge/`: entries, the calendar, topics and the
 * lexicon. These schemas are the single source of the knowledge types (`z.infer`); the
 * loader, `npm run kb:check` and (later) the staff console validate with the same ones.
 */
import { z } from 'zod';
import { languageSchema } from '../shared/language.js';


/** A calendar date written `YYYY-MM-DD` (YAML dates are accepted and normalised). */
export const isoDateSchema = z.preprocess(
  (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date written YYYY-MM-DD'),
);

/** Text given in both languages. */
export const bilingualTextSchema = z.object({
  zh: z.string().trim().min(1),
  en: z.string().trim().min(1),
});
/** Text given in both languages. */
export type BilingualText = z.infer<typeof bilingualTextSchema>;

/** Where a piece of content comes from. The URL is optional: never invent one. */
export const sourceSchema = z.object({
  title: z.string().trim().min(1),
  publisher: z.string().trim().min(1),
  date: isoDateSchema,
  url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
});
/** Where a piece of content comes from. */
export type Source = z.infer<typeof sourceSchema>;

/**
 * Review status. `verified` entries are answered in full; `needs_review` entries are
 * answered with their body only (which holds the verified parts) plus a note that the
 * rest must be confirmed with the talent office. What is unverified is described in
 * `reviewNote`, which is for staff and is never shown to applicants.
 */
export const reviewStatusSchema = z.enum(['verified', 'needs_review']);
/** Review status of an entry. */
export type ReviewStatus = z.infer<typeof reviewStatusSchema>;

/** Entry ids look like `housing-subsidy.zh`: a slug shared by the pair, then the language. */
export const entryIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*\.(zh|en)$/, 'expected "<slug>.<zh|en>", e.g. "housing-subsidy.zh"');

/** The YAML front matter of one knowledge entry file. */
export const entryFrontMatterSchema = z
  .object({
    id: entryIdSchema,
    topic: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a topic id such as housing_subsidy'),
    language: languageSchema,
    title: z.string().trim().min(1),
    questions: z.array(z.string().trim().min(1)).min(1, 'list at least one question this entry answers'),
    source: sourceSchema,
    asOf: isoDateSchema,
    review: reviewStatusSchema,
    reviewNote: z.string().trim().min(1).optional(),
    tags: z.array(z.string().trim().min(1)).default([]),
  })
  .strict()
  .superRefine((entry, ctx) => {
    if (!entry.id.endsWith(`.${entry.language}`)) {
      ctx.addIssue({ code: 'custom', path: ['id'], message: `id must end with ".${entry.language}" to match language` });
    }
    if (entry.review === 'needs_review' && !entry.reviewNote) {
      ctx.addIssue({ code: 'custom', path: ['reviewNote'], message: 'say what staff must confirm when review is needs_review' });
    }
  });

/** One knowledge entry: front matter plus its Markdown answer. */
export const knowledgeEntrySchema = entryFrontMatterSchema.safeExtend({
  /** The answer, as Markdown. For `needs_review` entries it holds only verified statements. */
  body: z.string().trim().min(1, 'the answer (the Markdown after the front matter) is empty'),
});
/** One knowledge entry: front matter plus its Markdown answer. */
export type KnowledgeEntry = z.infer<typeof knowledgeEntrySchema>;

/** `knowledge/topics.yaml`: the topics entries may declare. */
export const topicsFileSchema = z
  .object({
    topics: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z][a-z0-9_]*$/),
            name: bilingualTextSchema,
            /** The topics this one gives at a glance (the whole package covers each of its policies): a question asking for all of them at once is about this topic. */
            covers: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).optional(),
            /**
             * This topic's events are held in many places: a question that names a place and one of
             * these words ("any competitions in Europe?") asks where, not about another place's policy.
             */
            venues: z.array(z.string().trim().min(1)).optional(),
            /**
             * This topic answers only questions that ask with one of these words ("什么时候", "when"):
             * without them ("还有邀请制的活动吗"), a close hit of another topic answers first.
             */
            askedWith: z.array(z.string().trim().min(1)).optional(),
            /**
             * Another topic tells this one's dates and places (the competitions' are the calendar's): a
             * follow-up asking when or where with that topic's `askedWith` words is answered by it.
             */
            datesFrom: z.string().regex(/^[a-z][a-z0-9_]*$/).optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
/** One topic: its stable id and display names. */
export type Topic = z.infer<typeof topicsFileSchema>['topics'][number];

/** Kinds of calendar events. */
export const eventKindSchema = z.enum(['competition', 'invitational', 'station', 'overseas_session', 'training', 'deadline', 'other']);
/** Whether an event is still to come. `tba`: it is expected but has no announced date. */
export const eventStatusSchema = z.enum(['planned', 'open', 'closed', 'held', 'tba', 'cancelled']);

/** One event of the competition calendar. Dates are given only where a source states them. */
export const calendarEventSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
    name: bilingualTextSchema,
    kind: eventKindSchema,
    region: bilingualTextSchema,
    year: z.number().int().min(2000).max(2100).optional(),
    start: isoDateSchema.optional(),
    end: isoDateSchema.optional(),
    registrationDeadline: isoDateSchema.optional(),
    status: eventStatusSchema,
    note: bilingualTextSchema.optional(),
    source: sourceSchema,
  })
  .strict()
  .superRefine((event, ctx) => {
    if (event.start && event.end && event.end < event.start) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'end is before start' });
    }
  });
/** One event of the competition calendar. */
export type CalendarEvent = z.infer<typeof calendarEventSchema>;

/** `knowledge/calendar.yaml`. */
export const calendarFileSchema = z
  .object({
    asOf: isoDateSchema,
    /** How applicants hear about dates that are not announced yet. */
    howToHear: bilingualTextSchema,
    events: z.array(calendarEventSchema),
  })
  .strict();
/** The competition calendar. */
export type Calendar = z.infer<typeof calendarFileSchema>;

/**
 * `knowledge/lexicon.yaml`: the words retrieval needs to know, kept as content so staff can
 * review them. `terms` are kept whole by the Chinese segmenter; each synonym group maps
 * every member to its first word; stopwords carry no meaning for matching; weak words
 * (question words, generic verbs) help ranking a little but say nothing about the topic.
 * `homePlaces` name the district itself (a question that names it may mention another place
 * as where the applicant comes from).
 */
export const lexiconFileSchema = z
  .object({
    terms: z.array(z.string().trim().min(2)).default([]),
    synonyms: z.array(z.array(z.string().trim().min(1)).min(2, 'a synonym group needs at least two words')).default([]),
    stopwords: z
      .object({ zh: z.array(z.string().min(1)).default([]), en: z.array(z.string().min(1)).default([]) })
      .strict()
      .default({ zh: [], en: [] }),
    weakWords: z
      .object({ zh: z.array(z.string().min(1)).default([]), en: z.array(z.string().min(1)).default([]) })
      .strict()
      .default({ zh: [], en: [] }),
    homePlaces: z.array(z.string().trim().min(1)).default([]),
    /** Other cities, provinces and countries, recognised as places however they are typed ("hangzhou", "苏州"). */
    otherPlaces: z.array(z.string().trim().min(1)).default([]),
    /**
     * Subjects of other services ("个税", "passport", "weather"): like another place's name, a
     * question about one is not about the programme unless the content itself uses the word.
     */
    otherSubjects: z.array(z.string().trim().min(1)).default([]),
    /**
     * Of `otherSubjects`, those that come with going to an event held in many places (visas,
     * flights): a question about such an event may name them and is still answered; any other
     * subject (the weather) is never answered, even beside an event.
     */
    travelSubjects: z.array(z.string().trim().min(1)).default([]),
    /** Words that ask for everything at once (所有, 一次性, overall, "in one go"): see `preferOverview.ts`. */
    breadthWords: z.array(z.string().trim().min(1)).default([]),
  })
  .strict();
/** Retrieval vocabulary: segmenter terms, synonym groups, stopwords, weak words, home places. */
export type Lexicon = z.infer<typeof lexiconFileSchema>;
