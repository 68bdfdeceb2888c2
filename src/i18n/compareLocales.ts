/**
 * Compares one language's texts of a namespace with the reference language's (Chinese): the
 * same keys, every value a text or a group of texts, and the same `{{variables}}` in each
 * text — so a translation can neither miss a text nor drop or invent a value the code fills in.
 */

/** A namespace's texts as read from its JSON file: texts, grouped by key. */
export interface LocaleTree {
  readonly [key: string]: string | LocaleTree;
}

/** One difference, with the dotted key it is at. */
export interface LocaleIssue {
  key: string;
  problem: string;
}

const VARIABLE = /\{\{\s*([^,}\s]+)[^}]*\}\}/g;

/** The `{{variables}}` a text fills in, sorted, each once. */
export function textVariables(text: string): string[] {
  return [...new Set([...text.matchAll(VARIABLE)].map((m) => m[1]!))].sort();
}

/** True for a value a locale file may hold at a key: a text or a group of texts. */
function isTree(value: unknown): value is LocaleTree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What is wrong with `value` as a text or a group of texts (`undefined`: nothing). */
export function findShapeIssues(value: unknown, at = ''): LocaleIssue[] {
  if (typeof value === 'string') return [];
  if (!isTree(value)) return [{ key: at || '(file)', problem: 'must be a text or an object of texts (no lists, numbers or null)' }];
  return Object.entries(value).flatMap(([key, inner]) => findShapeIssues(inner, at ? `${at}.${key}` : key));
}

/**
 * The differences of `other` from `reference`, key by key.
 *
 * @param reference - the reference language's texts (Chinese), already checked with {@link findShapeIssues}
 * @param other - another language's texts of the same namespace, likewise
 * @param at - the dotted key of both trees (empty at the top)
 */
export function compareLocales(reference: LocaleTree, other: LocaleTree, at = ''): LocaleIssue[] {
  const issues: LocaleIssue[] = [];
  const path = (key: string) => (at ? `${at}.${key}` : key);
  for (const [key, want] of Object.entries(reference)) {
    const got = other[key];
    if (got === undefined) issues.push({ key: path(key), problem: 'missing: add this text' });
    else if (typeof want === 'string' && typeof got !== 'string') issues.push({ key: path(key), problem: 'must be a text, as in the reference language' });
    else if (typeof want !== 'string' && typeof got === 'string') issues.push({ key: path(key), problem: 'must be an object of texts, as in the reference language' });
    else if (typeof want === 'string' && typeof got === 'string') {
      const [wanted, found] = [textVariables(want), textVariables(got)];
      if (wanted.join() !== found.join()) issues.push({ key: path(key), problem: `fills in ${list(found)} but must fill in ${list(wanted)}, as in the reference language` });
    } else issues.push(...compareLocales(want as LocaleTree, got as LocaleTree, path(key)));
  }
  for (const key of Object.keys(other)) if (!(key in reference)) issues.push({ key: path(key), problem: 'not in the reference language: remove it or add it there too' });
  return issues;
}

function list(variables: readonly string[]): string {
  return variables.length ? variables.map((v) => `{{${v}}}`).join(', ') : 'no variables';
}
