/**
 * The lines of a JSON Lines file, each parsed, with where it stands ("file.jsonl:3") — the
 * part every evaluation reader shares; each validates the values with its own schema.
 */

import type { z } from 'zod';
import { InputError } from '../shared/errors.js';

/** One issue found in a file: where, and what is wrong. */
export interface LineIssue {
  where: string;
  problem: string;
}

/** One non-empty line: its parsed value, or why it is not JSON. */
export type JsonLine = { where: string; data: unknown; problem?: undefined } | { where: string; problem: string };

/**
 * Parses every non-empty line of `text` as JSON, in file order.
 *
 * @param text - the JSON Lines text
 * @param label - the file name, for `where`
 */
export function readJsonLines(text: string, label: string): JsonLine[] {
  const lines: JsonLine[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${label}:${i + 1}`;
    try {
      lines.push({ where, data: JSON.parse(line) as unknown });
    } catch {
      lines.push({ where, problem: 'not valid JSON' });
    }
  });
  return lines;
}

/**
 * Parses and validates every line: `schemaOf` picks the schema a line's value must match.
 *
 * @param text - the JSON Lines text
 * @param label - the file name, for error messages ("file.jsonl:3 expect.topic: …")
 * @param schemaOf - the schema for one parsed value
 * @param emptyPath - how a problem with the whole value is named after `where`
 * @throws InputError listing every problem with its line and field
 */
export function parseJsonLines<T>(text: string, label: string, schemaOf: (data: unknown) => z.ZodType<T>, emptyPath = ''): T[] {
  const values: T[] = [];
  const issues: LineIssue[] = [];
  for (const line of readJsonLines(text, label)) {
    if (line.problem !== undefined) {
      issues.push(line);
      continue;
    }
    const parsed = schemaOf(line.data).safeParse(line.data);
    if (parsed.success) values.push(parsed.data);
    else for (const issue of parsed.error.issues) issues.push({ where: `${line.where} ${issue.path.join('.') || emptyPath}`, problem: issue.message });
  }
  if (issues.length) throw new InputError(issues[0]!.where, issues[0]!.problem, issues);
  return values;
}
