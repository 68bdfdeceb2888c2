/**
 * The lines of a JSON Lines file, each parsed, with where it stands ("file.jsonl:3") — the
 * part every evaluation reader shares; each validates the values with its own schema.
 */

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
