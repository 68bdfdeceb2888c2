/**
 * Dialogue sets (`docs/eval-format.md`, "Dialogue sets"): one dialogue per JSON line, a
 * list of turns, each what the applicant types or presses and what must hold after it.
 */
import { z } from 'zod';
import { languageSchema } from '../shared/language.js';
import { forbidPatternSchema } from './patternSchema.js';

/** The dialogue acts a turn may expect the bot to recognise. */
export const DIALOGUE_ACTS = ['greeting', 'thanks', 'goodbye', 'help', 'human', 'apply', 'resume', 'menu', 'frustration'] as const;

/** What must hold after one turn; every key given must hold, none is required. */
export const turnExpectSchema = z.strictObject({
  /** The first sourced answer of the turn has this topic. */
  topic: z.string().min(1).optional(),
  /** True: the turn's answer is the "I don't know" fallback; false: it is not. */
  fallback: z.boolean().optional(),
  /** Some reply of the turn responds to this dialogue act. */
  act: z.enum(DIALOGUE_ACTS).optional(),
  /** The flow the last reply asks for (`expects.flowId`); null: the last reply asks nothing of a flow. */
  flow: z.string().min(1).nullable().optional(),
  /** The step the last reply asks (`expects.stepId`); null: none. */
  step: z.string().min(1).nullable().optional(),
  /** Fields that hold an answer in the flow's state after the turn. */
  answered: z.array(z.string().min(1)).optional(),
  /** True: this turn submitted an application (a lead was saved for this conversation); false: it did not. */
  submitted: z.boolean().optional(),
  /** True: some reply offers a person; false: none does. */
  offersPerson: z.boolean().optional(),
  /** Strings the turn's reply text must contain. */
  require: z.array(z.string()).optional(),
  /** Regular expressions the turn's reply text must not match. */
  forbid: z.array(forbidPatternSchema).optional(),
});
/** What must hold after one turn. */
export type TurnExpect = z.infer<typeof turnExpectSchema>;

/** One turn: exactly one of `text`, `press` (part of a button label of the previous turn) or `action`. */
export const dialogueTurnSchema = z
  .object({
    text: z.string().min(1).optional(),
    press: z.string().min(1).optional(),
    action: z.string().min(1).optional(),
    expect: turnExpectSchema.optional(),
    /** Also accepted beside `expect`, as in question sets. */
    require: z.array(z.string()).default([]),
    forbid: z.array(forbidPatternSchema).default([]),
  })
  .refine((t) => [t.text, t.press, t.action].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of text, press or action',
    path: ['text'],
  });
/** One turn of a dialogue. */
export type DialogueTurn = z.infer<typeof dialogueTurnSchema>;

/** One dialogue. */
export const dialogueSchema = z.object({
  id: z.string().min(1),
  lang: languageSchema,
  /** What the dialogue tests, for people reading the report. */
  note: z.string().optional(),
  turns: z.array(dialogueTurnSchema).min(1, 'a dialogue has at least one turn'),
});
/** One dialogue. */
export type Dialogue = z.infer<typeof dialogueSchema>;
