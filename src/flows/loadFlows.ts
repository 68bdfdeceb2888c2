/**
 * Reads and validates `flows/*.yaml`. Errors name the file and the step (by index and id)
 * with the field at fault.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../shared/errors.js';
import { flowSchema, type Flow } from './flowSchema.js';

/** The flows by id. */
export type Flows = ReadonlyMap<string, Flow>;

/**
 * Validates flow files given as texts keyed by file name.
 *
 * @param files - YAML texts by file name
 * @param label - how to name the folder in messages
 * @param knownTopics - knowledge topics `offerOnTopics` may name
 * @throws InputError listing every problem as "<folder>/<file>: steps.3 (team_size).validate.max: …"
 */
export function parseFlowFiles(files: Record<string, string>, label = 'flows', knownTopics?: ReadonlySet<string>): Flows {
  const flows = new Map<string, Flow>();
  const issues: Array<{ where: string; problem: string }> = [];
  for (const [file, text] of Object.entries(files).sort()) {
    let data: unknown;
    try {
      data = parseYaml(text);
    } catch (error) {
      issues.push({ where: `${label}/${file}`, problem: `not valid YAML: ${(error as Error).message.split('\n')[0]}` });
      continue;
    }
    const parsed = flowSchema.safeParse(data);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push({ where: `${label}/${file}: ${describePath(data, issue.path)}`, problem: issue.message });
      continue;
    }
    const flow = parsed.data;
    if (flows.has(flow.id)) issues.push({ where: `${label}/${file}: id`, problem: `another flow already has id ${flow.id}` });
    for (const topic of flow.offerOnTopics) {
      if (knownTopics && !knownTopics.has(topic)) issues.push({ where: `${label}/${file}: offerOnTopics`, problem: `unknown knowledge topic ${topic}` });
    }
    flows.set(flow.id, flow);
  }
  if (issues.length) throw new InputError(issues[0]!.where, issues[0]!.problem, issues);
  return flows;
}

/** "steps.3 (team_size).validate.max" — the step's id next to its index. */
function describePath(data: unknown, issuePath: ReadonlyArray<PropertyKey>): string {
  const parts = issuePath.map(String);
  if (parts[0] === 'steps' && parts[1] !== undefined) {
    const steps = (data as { steps?: Array<{ id?: unknown }> } | null)?.steps;
    const id = Array.isArray(steps) ? steps[Number(parts[1])]?.id : undefined;
    if (typeof id === 'string') parts[1] = `${parts[1]} (${id})`;
  }
  return parts.length ? parts.join('.') : '-';
}

/**
 * Loads every `*.yaml` file of a folder.
 *
 * @param dir - the flows folder
 * @param knownTopics - knowledge topics the flows may name
 */
export async function loadFlows(dir: string, knownTopics?: ReadonlySet<string>): Promise<Flows> {
  const names = (await readdir(dir)).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'));
  const files: Record<string, string> = {};
  for (const name of names) files[name] = await readFile(path.join(dir, name), 'utf8');
  if (names.length === 0) throw new InputError(dir, 'no flow files (*.yaml) found');
  return parseFlowFiles(files, dir, knownTopics);
}
