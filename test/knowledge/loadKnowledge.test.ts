import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/shared/errors.js';
import { loadKnowledge, parseKnowledgeFiles } from '../../src/knowledge/loadKnowledge.js';
import { KNOWLEDGE_DIR } from '../helpers/testApp.js';

/** The shipped knowledge as file texts, to break one file at a time. */
let shipped: Record<string, string>;
beforeAll(async () => {
  shipped = {};
  for (const name of await readdir(path.join(KNOWLEDGE_DIR, 'entries'))) shipped[`entries/${name}`] = await readFile(path.join(KNOWLEDGE_DIR, 'entries', name), 'utf8');
  for (const name of ['topics.yaml', 'calendar.yaml', 'lexicon.yaml']) shipped[name] = await readFile(path.join(KNOWLEDGE_DIR, name), 'utf8');
});

function problemsOf(files: Record<string, string>): Array<{ where: string; problem: string }> {
  try {
    parseKnowledgeFiles(files);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return [...(error as InputError).issues];
  }
  throw new Error('expected the content to be rejected');
}

describe('knowledge loading', () => {
  it('loads the shipped content: every topic, both languages', async () => {
    const content = await loadKnowledge(KNOWLEDGE_DIR);
    const topics = content.topics.map((t) => t.id);
    for (const topic of topics) {
      expect(content.entries.some((e) => e.topic === topic && e.language === 'zh'), topic).toBe(true);
      expect(content.entries.some((e) => e.topic === topic && e.language === 'en'), topic).toBe(true);
    }
  });

  it('reports a topic whose dates come from a topic that does not exist', () => {
    const broken = shipped['topics.yaml']!.replace('datesFrom: calendar', 'datesFrom: timetable');
    expect(broken).not.toBe(shipped['topics.yaml']);
    const problems = problemsOf({ ...shipped, 'topics.yaml': broken });
    expect(problems.find((p) => p.where.includes('datesFrom'))?.problem).toContain('"timetable" is not another topic');
  });

  it('reports a wrong field with its file path and field', () => {
    const file = 'entries/housing-subsidy.zh.md';
    const broken = shipped[file]!.replace(/^review: verified$/m, 'review: maybe').replace(/^asOf: .*$/m, 'asOf: last week');
    const problems = problemsOf({ ...shipped, [file]: broken });
    expect(problems.map((p) => p.where)).toEqual(
      expect.arrayContaining([`knowledge/${file}: review`, `knowledge/${file}: asOf`]),
    );
  });

  it('reports a missing required field and an unknown one', () => {
    const file = 'entries/talent-loan.en.md';
    const broken = shipped[file]!.replace(/^title: .*$/m, 'titel: Talent loan');
    const problems = problemsOf({ ...shipped, [file]: broken });
    const wheres = problems.map((p) => p.where);
    expect(wheres).toContain(`knowledge/${file}: title`);
    expect(wheres.some((w) => w.startsWith(`knowledge/${file}`))).toBe(true);
  });

  it('reports broken YAML, missing front matter, an empty answer and a mismatched file name', () => {
    const problems = problemsOf({
      ...shipped,
      'entries/statistics.zh.md': shipped['entries/statistics.zh.md']!.replace('topic: statistics', 'topic: [statistics'),
      'entries/statistics.en.md': 'no front matter here',
      'entries/departments.en.md': shipped['entries/departments.en.md']!.replace(/\n---\n[\s\S]*$/, '\n---\n'),
      'entries/training.en.md': shipped['entries/training.en.md']!.replace('id: training.en', 'id: coaching.en'),
    });
    const text = problems.map((p) => `${p.where}: ${p.problem}`).join('\n');
    expect(text).toMatch(/statistics\.zh\.md: front matter: not valid YAML/);
    expect(text).toMatch(/statistics\.en\.md: -: expected YAML front matter/);
    expect(text).toMatch(/departments\.en\.md: body: the answer/);
    expect(text).toMatch(/training\.en\.md: id: file name must be "coaching\.en\.md"/);
  });

  it('requires every entry in both languages and known topics', () => {
    const withoutEn = Object.fromEntries(Object.entries(shipped).filter(([f]) => f !== 'entries/talent-loan.en.md'));
    expect(problemsOf(withoutEn).map((p) => p.where)).toContain('knowledge/entries/talent-loan.en.md: -');
    const unknownTopic = { ...shipped, 'entries/talent-loan.zh.md': shipped['entries/talent-loan.zh.md']!.replace('topic: talent_loan', 'topic: car_subsidy') };
    expect(problemsOf(unknownTopic).some((p) => p.where.endsWith('talent-loan.zh.md: topic') && /unknown topic/.test(p.problem))).toBe(true);
  });

  it('requires a review note on needs_review entries', () => {
    const file = 'entries/startup-funding.zh.md';
    const broken = shipped[file]!.replace(/^reviewNote: .*$/m, '');
    expect(problemsOf({ ...shipped, [file]: broken }).map((p) => p.where)).toContain(`knowledge/${file}: reviewNote`);
  });

  it('validates the calendar and the lexicon', () => {
    const problems = problemsOf({
      ...shipped,
      'calendar.yaml': shipped['calendar.yaml']!.replace(/status: held/, 'status: soon'),
      'lexicon.yaml': 'synonyms:\n  - [only-one]\n',
    });
    const wheres = problems.map((p) => p.where);
    expect(wheres.some((w) => /calendar\.yaml: events\.0\.status/.test(w))).toBe(true);
    expect(wheres.some((w) => /lexicon\.yaml: synonyms\.0/.test(w))).toBe(true);
  });

  it('loadKnowledge reports the folder path', async () => {
    await expect(loadKnowledge('/nonexistent/knowledge')).rejects.toThrow(/\/nonexistent\/knowledge\/topics\.yaml/);
  });
});
