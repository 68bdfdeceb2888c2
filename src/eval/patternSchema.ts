/**
 * A `forbid` pattern of an evaluation set: a JavaScript regular expression, read with the `u`
 * flag as the evaluation applies it. A pattern that does not compile (`(?i)…` from another
 * regex dialect) is a line error of the set, not a crash halfway through the run.
 */
import { z } from 'zod';
import { compilesAsRegExp } from '../shared/compilesAsRegExp.js';

/** One `forbid` pattern. */
export const forbidPatternSchema = z.string().refine((pattern) => compilesAsRegExp(pattern, 'u'), { message: 'is not a JavaScript regular expression (with the u flag; write (?i) patterns without it)' });
