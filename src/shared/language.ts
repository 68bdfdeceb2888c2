/**
 * The two languages of the bot, its content and its console: the schema and its type, shared
 * by every part (the kernel, with the clock, the logger, the errors and time zones).
 */
import { z } from 'zod';

/** The two languages every entry and every piece of UI text exists in. */
export const languageSchema = z.enum(['zh', 'en']);
/** A conversation or content language: `zh` (simplified Chinese) or `en`. */
export type Language = z.infer<typeof languageSchema>;
/** Both languages, in display order. */
export const LANGUAGES: readonly Language[] = languageSchema.options;
