/**
 * The content states no fact its source does not: every figure in the knowledge base is a
 * figure of the seed article (in any notation), and the start-up grant has no amount.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFigures } from '../../src/knowledge/extractFigures.js';
import { loadKnowledge } from '../../src/knowledge/loadKnowledge.js';
import { KNOWLEDGE_DIR } from '../helpers/testApp.js';
import { PROJECT_ROOT } from '../../src/config/projectRoot.js';

/** The seed article, copied from `../shared/seed` so that the test does not need the folder beside the project. */
const SEED_ARTICLE = path.join(PROJECT_ROOT, 'test', 'fixtures', 'seed', 'wujin-talent-article.zh-CN.txt');

describe('extractFigures', () => {
  it('reads Chinese and English notations as the same numbers', () => {
    expect(extractFigures('最高50万元，2.59万人，6.7亿元，５０万')).toEqual([500000, 25900, 670000000, 500000]);
    expect(extractFigures('RMB 500,000 or 0.5 million; 670 million yuan; 1,532 people')).toEqual([500000, 500000, 670000000, 1532]);
  });
});

describe('knowledge content against the seed', () => {
  it('states only figures that the seed article states', async () => {
    const seed = await readFile(SEED_ARTICLE, 'utf8');
    const allowed = new Set(extractFigures(seed));
    const content = await loadKnowledge(KNOWLEDGE_DIR);
    const texts: Array<[string, string]> = [
      ...content.entries.map((e): [string, string] => [e.id, `${e.title}\n${e.body}`]),
      ...content.calendar.events.map((e): [string, string] => [`calendar ${e.id}`, JSON.stringify([e.name, e.region, e.note ?? ''])]),
      ['calendar howToHear', JSON.stringify(content.calendar.howToHear)],
    ];
    const unsupported = texts.flatMap(([where, text]) => extractFigures(text).filter((f) => !allowed.has(f)).map((f) => `${where}: ${f}`));
    expect(unsupported).toEqual([]);
  });

  it('gives the start-up grant no amount and keeps it under review', async () => {
    const content = await loadKnowledge(KNOWLEDGE_DIR);
    const grant = content.entries.filter((e) => e.topic === 'startup_funding');
    expect(grant.map((e) => e.language).sort()).toEqual(['en', 'zh']);
    for (const entry of grant) {
      expect(entry.review).toBe('needs_review');
      expect(entry.body).not.toMatch(/\d|百万|千万|million|\[\?\]/iu);
    }
    for (const entry of content.entries) {
      for (const line of entry.body.split('\n').filter((l) => /创业资助|start-up grant|startup grant/iu.test(l))) {
        expect(line, entry.id).not.toMatch(/\d|百万|千万|million|\[\?\]/iu);
      }
    }
  });
});
