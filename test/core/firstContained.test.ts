/**
 * The indexed search for the first contained word finds exactly what testing every word in
 * list order finds: whole Latin words beside Chinese, list order over position in the text,
 * and the shipped act phrases over every question of the evaluation fixtures.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/projectRoot.js';
import { firstContainedFinder } from '../../src/core/understand/firstContained.js';
import { containsWord, soughtWord } from '../../src/flows/plainText.js';
import { loadKnowledge } from '../../src/knowledge/loadKnowledge.js';

const finderOf = (words: string[]) => firstContainedFinder(words, (w) => soughtWord(w));
const everyWord = (words: string[]) => (text: string) => words.find((w) => containsWord(text, w));

describe('firstContainedFinder', () => {
  it('finds Latin words only as whole words, also beside Chinese characters', () => {
    const find = finderOf(['ai', 'talk to', 'apply']);
    expect(find('做ai的')).toBe('ai');
    expect(find('i said so')).toBeUndefined();
    expect(find('can i talk to someone')).toBe('talk to');
    expect(find('can i talk today')).toBeUndefined();
    expect(find('reapply')).toBeUndefined();
    expect(find('how to apply?')).toBe('apply');
  });

  it('lets the word listed first win, wherever the words stand in the text', () => {
    const find = finderOf(['人工', '你好', 'human']);
    expect(find('你好，我要human，转人工')).toBe('人工');
    expect(find('human 你好')).toBe('你好');
    expect(find('')).toBeUndefined();
  });

  it('finds what testing every shipped act phrase finds, for every evaluation question', async () => {
    const content = await loadKnowledge(path.join(PROJECT_ROOT, 'knowledge'));
    const acts = Object.values(content.dialogueActs!.acts);
    const phrases = acts.flatMap((a) => [...a.contains.zh, ...a.contains.en, ...a.short.zh, ...a.short.en]);
    const folder = path.join(PROJECT_ROOT, 'test', 'fixtures');
    const texts = readdirSync(folder)
      .filter((f) => f.endsWith('-questions.jsonl'))
      .flatMap((f) => readFileSync(path.join(folder, f), 'utf8').split('\n').filter(Boolean))
      .map((line) => (JSON.parse(line) as { q: string }).q.toLowerCase());
    expect(texts.length).toBeGreaterThan(1000);
    const indexed = finderOf(phrases);
    const linear = everyWord(phrases);
    const differing = texts.filter((t) => indexed(t) !== linear(t));
    expect(differing).toEqual([]);
    expect(texts.filter((t) => linear(t) !== undefined).length).toBeGreaterThan(50);
  });
});
