import { describe, expect, it } from 'vitest';
import { createPhraseReplacer } from '../../src/knowledge/replacePhrases.js';

const phrases = new Map([
  ['office space', 'office_space'],
  ['office', 'workplace'],
  ['ai', 'artificial_intelligence'],
]);
const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const members = [...phrases.keys()].sort((a, b) => b.length - a.length);
const regex = new RegExp(members.map((m) => `(?<![\\p{L}\\p{N}])${escape(m)}(?![\\p{L}\\p{N}])`).join('|'), 'gu');

describe('replacing whole-word phrases', () => {
  const replace = createPhraseReplacer(phrases);
  it.each([
    'an office space near the office',
    'offices and aide but ai, AI-ready ai',
    'ai人工智能office',
    '𠀀office space𠀀 office',
    '',
    'office-space',
  ])('does what the alternation regex did: %s', (text) => {
    expect(replace(text)).toBe(text.replace(regex, (m) => phrases.get(m) ?? m));
  });
  it('prefers the longest phrase at a position', () => {
    expect(replace('office space')).toBe('office_space');
  });
});
