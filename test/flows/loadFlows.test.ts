import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/projectRoot.js';
import { InputError } from '../../src/shared/errors.js';
import { loadFlows, parseFlowFiles } from '../../src/flows/loadFlows.js';

const FLOWS_DIR = path.join(PROJECT_ROOT, 'flows');

async function problemsOf(edit: (text: string) => string): Promise<string[]> {
  const text = edit(await readFile(path.join(FLOWS_DIR, 'eligibility.yaml'), 'utf8'));
  try {
    parseFlowFiles({ 'eligibility.yaml': text }, 'flows', new Set(['eligibility', 'competitions', 'talent_package']));
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).issues.map((i) => `${i.where}: ${i.problem}`);
  }
  throw new Error('expected the flow to be rejected');
}

describe('flow files', () => {
  it('loads the shipped flows', async () => {
    const flows = await loadFlows(FLOWS_DIR);
    expect([...flows.keys()].sort()).toEqual(['eligibility', 'handoff']);
    const eligibility = flows.get('eligibility')!;
    expect(eligibility.steps[0]?.kind).toBe('consent');
    const fields = eligibility.steps.flatMap((s) => (s.kind === 'question' ? [s.field] : []));
    for (const field of ['industry', 'degree', 'role', 'stage', 'core_tech', 'team_size', 'overseas', 'intention', 'timeline', 'event', 'name', 'contact']) {
      expect(fields).toContain(field);
    }
  });

  it('names the file, the step and the field of a bad validator', async () => {
    const problems = await problemsOf((t) => t.replace('validate: { type: integer, min: 1, max: 500 }', 'validate: { type: integer, min: 1 }'));
    expect(problems.some((p) => p.startsWith('flows/eligibility.yaml: steps.6 (team_size).validate.max'))).toBe(true);
  });

  it('rejects an unknown step kind, a duplicate step id and a flow without consent first', async () => {
    expect((await problemsOf((t) => t.replace('kind: summary', 'kind: review'))).join('\n')).toMatch(/steps\.13 \(summary\)\.kind/);
    expect((await problemsOf((t) => t.replace('- id: degree', '- id: industry'))).join('\n')).toMatch(/duplicate step id industry/);
    expect((await problemsOf((t) => t.replace('kind: consent', 'kind: question'))).join('\n')).toMatch(/steps\.0/);
  });

  it('rejects a condition on nothing and an unknown topic', async () => {
    expect((await problemsOf((t) => t.replace('when: { field: intention, in: [within_1y, later, "yes"] }', 'when: { in: [within_1y] }'))).join('\n')).toMatch(/timeline\)\.when/);
    expect((await problemsOf((t) => t.replace('offerOnTopics: [eligibility, competitions, talent_package, programme_overview]', 'offerOnTopics: [visas]'))).join('\n')).toMatch(/unknown knowledge topic visas/);
  });

  it('reports broken YAML with the file name', async () => {
    expect(() => parseFlowFiles({ 'x.yaml': 'id: [' })).toThrow(/flows\/x\.yaml: not valid YAML/);
  });
});
