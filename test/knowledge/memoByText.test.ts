import { describe, expect, it } from 'vitest';
import { memoByText } from '../../src/knowledge/memoByText.js';

describe('memoByText', () => {
  it('reads a text once while it is kept, and forgets the least recently used first', () => {
    const read: string[] = [];
    const upper = memoByText((text: string) => {
      read.push(text);
      return text.toUpperCase();
    }, 2);
    expect([upper('a'), upper('b'), upper('a')]).toEqual(['A', 'B', 'A']);
    expect(read).toEqual(['a', 'b']);
    upper('c'); // forgets b, used longest ago
    upper('a');
    upper('b');
    expect(read).toEqual(['a', 'b', 'c', 'b']);
  });
});
