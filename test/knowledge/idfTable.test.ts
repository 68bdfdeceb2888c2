import { describe, expect, it } from 'vitest';
import { createIdfTable } from '../../src/knowledge/idfTable.js';

const file = new TextEncoder().encode(['人才 5.5', '公寓 7.25', 'new york 9', ' 3', '人才 6', 'noline', '天气 8.5\r', ''].join('\n'));

describe('the IDF table', () => {
  const table = createIdfTable(file);
  it('reads each word’s value, the last line winning for a repeated word', () => {
    expect(table('公寓')).toBe(7.25);
    expect(table('人才')).toBe(6);
    expect(table('天气')).toBe(8.5);
  });
  it('takes the value after the last space, so a word may have spaces', () => {
    expect(table('new york')).toBe(9);
  });
  it('knows no word of a line without one', () => {
    expect(table('')).toBeUndefined();
    expect(table('noline')).toBeUndefined();
    expect(table('签证')).toBeUndefined();
  });
});
