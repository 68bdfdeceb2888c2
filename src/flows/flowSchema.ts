/**
 * Zod schemas of the conversation flows in `flows/*.yaml`: steps (consent, questions with
 * typed validators, summary), conditions that skip steps (branching), what happens on
 * confirmation, and the qualification rules. The loader, `npm run kb:check` and the engine
 * all use these; the types come from `z.infer`.
 */
import { z } from 'zod';
import { compilesAsRegExp } from '../shared/compilesAsRegExp.js';
import { bilingualTextSchema } from '../knowledge/schema.js';

const idSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a lower-case id such as team_size');

/** One option of a choice question. Typed text matches its id, its labels, its aliases or its number. */
export const choiceSchema = z
  .object({
    id: idSchema,
    label: bilingualTextSchema,
    aliases: z.array(z.string().min(1)).default([]),
    /**
     * Words that mean this choice anywhere inside a sentence, in both languages ("我们做光伏逆变器"
     * → new energy). Read for the question being asked and, from a longer message, for the
     * other open questions too, so they must be unmistakable on their own.
     */
    keywords: z.array(z.string().min(1)).default([]),
    /**
     * Regular expressions (case-insensitive, over the normalised message) that mean this choice
     * anywhere inside a sentence, read like keywords: for what a word list cannot say, such as
     * "worked … in Japan" for overseas experience without "patents in Europe".
     */
    patterns: z
      .array(
        z.string().min(1).refine((source) => compilesAsRegExp(source, 'iu'), 'not a valid regular expression'),
      )
      .default([]),
    /** True for a general choice ("yes, timing not fixed") that counts only when the message names no other choice of the question. */
    yields: z.boolean().default(false),
    /**
     * What a plain yes or no means for this question, when it names no choice ("of course", "nah",
     * 嗯嗯, 没有): the choice marked `yes` or `no`. Read only for the question being asked.
     */
    means: z.enum(['yes', 'no']).optional(),
    /** Extra facts an answer implies, e.g. the region of an event: `{ event_region: overseas }`. */
    sets: z.record(z.string(), z.string()).optional(),
    /**
     * A year answered in the same message means this choice when it is this many years from the
     * current one, inclusive (`[0, 1]`: this year or next): "we want to open there in 2026"
     * answers the plan to come as well as the year. Read only while the question has no answer.
     */
    yearsAhead: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]).refine(([from, to]) => from <= to, 'from must not be after to').optional(),
  })
  .strict();
/** One option of a choice question. */
export type Choice = z.infer<typeof choiceSchema>;

/** How an answer is checked. */
export const validatorSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('choice'),
      choices: z.array(choiceSchema).min(2),
      /** When a message names several choices: the strongest match wins, or the first in file order (a degree: the highest). */
      prefer: z.enum(['strongest', 'first']).default('strongest'),
      /** Outside its own turn, this question is read from a message only when it also has one of these words (empty: always). */
      contextWords: z.array(z.string().min(1)).default([]),
      /** The choice a statement that names no choice means, when asked this question ("生物医药" → other). Default: none (ask again). */
      otherwise: z.string().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('text'),
      minLength: z.number().int().min(1).default(1),
      maxLength: z.number().int().max(2000).default(500),
      /** Lead-ins removed from a typed answer ("我叫", "my name is"). */
      stripPrefixes: z.array(z.string().min(1)).default([]),
      /** True when the answer is itself a question (what to ask staff): it is never taken as a policy question. */
      questions: z.boolean().default(false),
      /**
       * The answer is a person's name, which a message answering another question may give too after
       * one of these lead-ins ("什么比赛都可以。我叫李明，手机…"); after a `loose` one, which also
       * introduces roles ("我是博士", "I'm a founder"), only a full name counts (`src/flows/readPersonName.ts`).
       */
      nameLeadIns: z.object({ clear: z.array(z.string().min(1)).default([]), loose: z.array(z.string().min(1)).default([]) }).strict().optional(),
    })
    .strict(),
  /** A mainland Chinese mobile number or an e-mail address. */
  z.object({ type: z.literal('contact') }).strict(),
  z.object({ type: z.literal('integer'), min: z.number().int(), max: z.number().int() }).strict(),
  /** A year between this year + minOffset and this year + maxOffset ("明年", "next year" accepted). */
  z
    .object({
      type: z.literal('year'),
      minOffset: z.number().int().default(0),
      maxOffset: z.number().int().default(10),
      /** Outside its own turn, a year is read from a message only when it also has one of these words (empty: always). */
      contextWords: z.array(z.string().min(1)).default([]),
    })
    .strict(),
]);
/** How an answer is checked. */
export type Validator = z.infer<typeof validatorSchema>;

/** A condition on earlier answers. */
export type Condition =
  | { field: string; in?: string[]; notIn?: string[]; gte?: number; lte?: number; answered?: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/** A condition on earlier answers: one field's test, or all/any/not of conditions. */
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z
      .object({
        field: z.string().min(1),
        in: z.array(z.string()).optional(),
        notIn: z.array(z.string()).optional(),
        gte: z.number().optional(),
        lte: z.number().optional(),
        answered: z.boolean().optional(),
      })
      .strict(),
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ not: conditionSchema }).strict(),
  ]),
);

/** The first step of every flow that collects personal data: the privacy notice and consent. */
export const consentStepSchema = z
  .object({
    id: idSchema,
    kind: z.literal('consent'),
    /** Changes whenever the notice text changes; stored with the consent. */
    noticeVersion: z.string().min(1),
    prompt: bilingualTextSchema,
    accept: bilingualTextSchema,
    decline: bilingualTextSchema,
    declined: bilingualTextSchema,
  })
  .strict();

/** A question: asks, validates into `field`, is skipped unless `when` holds. */
export const questionStepSchema = z
  .object({
    id: idSchema,
    kind: z.literal('question'),
    field: idSchema,
    prompt: bilingualTextSchema,
    /** Shown with the question again after an invalid answer: say what is expected. */
    hint: bilingualTextSchema,
    /** How the answer is named in the summary. */
    label: bilingualTextSchema,
    validate: validatorSchema,
    when: conditionSchema.optional(),
    /** Whether a "skip" answer is allowed (the field is then left empty). */
    optional: z.boolean().default(false),
  })
  .strict();

/** The summary before submitting, with confirm / edit. */
export const summaryStepSchema = z
  .object({
    id: idSchema,
    kind: z.literal('summary'),
    prompt: bilingualTextSchema,
    confirm: bilingualTextSchema,
    edit: bilingualTextSchema,
  })
  .strict();

/** One step of a flow. */
export const stepSchema = z.discriminatedUnion('kind', [consentStepSchema, questionStepSchema, summaryStepSchema]);
/** One step of a flow. */
export type FlowStep = z.infer<typeof stepSchema>;
/** A question step. */
export type QuestionStep = z.infer<typeof questionStepSchema>;

/** A button the flow offers, e.g. after a not-a-fit outcome. */
export const flowButtonSchema = z.object({ label: bilingualTextSchema, action: z.string().min(1) }).strict();

/** A reason the applicant sees; `{field}` placeholders become the answer's label. */
export const reasonRuleSchema = z.object({ code: idSchema, when: conditionSchema, text: bilingualTextSchema }).strict();

/** The qualification rules: reasons to show, and the first matching outcome. */
export const qualificationSchema = z
  .object({
    reasons: z.array(reasonRuleSchema).default([]),
    outcomes: z.array(z.object({ when: conditionSchema, outcome: z.enum(['qualified', 'needs_review', 'not_a_fit']) }).strict()),
    default: z.enum(['qualified', 'needs_review', 'not_a_fit']),
  })
  .strict();
/** The qualification rules. */
export type Qualification = z.infer<typeof qualificationSchema>;

const outcomeMessageSchema = z.object({ message: bilingualTextSchema, buttons: z.array(flowButtonSchema).default([]) }).strict();

/** A whole flow file. */
export const flowSchema = z
  .object({
    id: idSchema,
    title: bilingualTextSchema,
    /** Knowledge topics whose answers offer a button that starts this flow. */
    offerOnTopics: z.array(z.string()).default([]),
    /** The label of that button and of the menu entry. */
    startLabel: bilingualTextSchema,
    /** Whether the menu offers this flow. */
    inMenu: z.boolean().default(false),
    steps: z.array(stepSchema).min(2),
    /** What confirming the summary does: judge by the rules and submit, or submit as a request for a person. */
    onConfirm: z.enum(['qualify_and_submit', 'submit_handoff']),
    qualification: qualificationSchema.optional(),
    /** What the applicant is told after submitting, by outcome. */
    outcomes: z
      .object({
        qualified: outcomeMessageSchema.optional(),
        needs_review: outcomeMessageSchema.optional(),
        not_a_fit: outcomeMessageSchema.optional(),
        handoff: outcomeMessageSchema.optional(),
      })
      .strict(),
    /** Said when the applicant re-applied within the update window and their earlier lead was updated. */
    updated: bilingualTextSchema,
  })
  .strict()
  .superRefine((flow, ctx) => {
    const ids = new Set<string>();
    flow.steps.forEach((step, i) => {
      if (ids.has(step.id)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `duplicate step id ${step.id}` });
      ids.add(step.id);
    });
    if (flow.steps[0]?.kind !== 'consent') ctx.addIssue({ code: 'custom', path: ['steps', 0, 'kind'], message: 'the first step must be the consent step' });
    if (flow.steps.at(-1)?.kind !== 'summary') ctx.addIssue({ code: 'custom', path: ['steps', flow.steps.length - 1, 'kind'], message: 'the last step must be the summary' });
    const fields = new Set(flow.steps.flatMap((s) => (s.kind === 'question' ? [s.field] : [])));
    for (const required of ['name', 'contact']) {
      if (!fields.has(required)) ctx.addIssue({ code: 'custom', path: ['steps'], message: `a flow that submits needs a "${required}" question` });
    }
    if (flow.onConfirm === 'qualify_and_submit' && !flow.qualification) {
      ctx.addIssue({ code: 'custom', path: ['qualification'], message: 'qualify_and_submit needs qualification rules' });
    }
  });
/** A whole flow. */
export type Flow = z.infer<typeof flowSchema>;
