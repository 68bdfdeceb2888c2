/**
 * Changes values of a YAML text in place: a changed flow list (`[a, b]`) or scalar is
 * replaced where it stands, so every other byte of the file — comments, spacing, quoting of
 * the untouched parts — stays as it was and the diff shows only the edit. Where that is not
 * possible (a new key, a block list) the `yaml` Document API writes the file instead, which
 * keeps comments but may reformat flow maps (`{ zh: … }` → `{zh: …}`).
 */
import { Document, isMap, isScalar, isSeq, parse as parseYaml, parseDocument, type Node } from 'yaml';
import { setValue, YAML_OUTPUT } from './entryForm.js';

/** One value to set: its path of keys and the new value (a list of strings or a string). */
export interface YamlValueChange {
  path: readonly string[];
  value: string | readonly string[];
}

const jsonOf = (value: unknown) => JSON.stringify(value ?? null);

/**
 * Applies `changes` to `text`.
 *
 * @param text - the YAML file
 * @param changes - the values to set; a change to the value already there is skipped
 * @returns the new text (the same string when nothing changed)
 */
export function rewriteYamlValues(text: string, changes: readonly YamlValueChange[]): string {
  const doc = parseDocument(text);
  const needed = changes.filter((c) => {
    const node: unknown = doc.getIn(c.path, true);
    const current: unknown = isScalar(node) ? node.value : isSeq(node) || isMap(node) ? node.toJSON() : node;
    return jsonOf(current) !== jsonOf(c.value);
  });
  if (!needed.length) return text;
  const whole = parseDocument(text);
  for (const c of needed) setValue(whole, c.path, c.value);
  const expected = jsonOf(whole.toJSON());
  const spliced = spliceValues(text, doc, needed);
  if (spliced !== undefined && jsonOf(tryParse(spliced)) === expected) return spliced;
  return whole.toString(YAML_OUTPUT);
}

function spliceValues(text: string, doc: Document, changes: readonly YamlValueChange[]): string | undefined {
  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const c of changes) {
    const node = doc.getIn(c.path, true) as Node | undefined;
    if (!node?.range || !((isSeq(node) && node.flow && Array.isArray(c.value)) || (isScalar(node) && typeof c.value === 'string'))) return undefined;
    edits.push({ start: node.range[0], end: node.range[1], text: renderFlow(c.value) });
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = `${out.slice(0, e.start)}${e.text}${out.slice(e.end)}`;
  return out;
}

/** A value as it is written inside a line: a flow list, or a scalar on one line. */
function renderFlow(value: string | readonly string[]): string {
  const doc = new Document(value);
  if (isSeq(doc.contents)) doc.contents.flow = true;
  const out = doc.toString({ lineWidth: 0, flowCollectionPadding: false }).replace(/\n$/, '');
  return out.includes('\n') ? JSON.stringify(value) : out;
}

function tryParse(text: string): unknown {
  try {
    return parseYaml(text);
  } catch {
    return undefined;
  }
}
