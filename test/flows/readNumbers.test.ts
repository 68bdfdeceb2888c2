/**
 * Head counts in people's words, as the team-size question reads them.
 */
import { describe, expect, it } from 'vitest';
import { readNumber } from '../../src/flows/readNumbers.js';

describe('readNumber', () => {
  it.each([
    ['five of us', 5],
    ['me and 2 friends', 3],
    ['me plus two PhD students', 3],
    ['me and two postdocs from my lab', 3],
    ['我们仨', 3],
    ['我们俩', 2],
    ['就我和导师的两个学生 一共三个', 3],
    ['sorry, 6 people, I forgot to count myself', 6],
    ['4 incl. me', 4],
    ['6 including myself', 6],
    ['Four, including him.', 4],
    ['3 including her', 3],
    ['2 - me and my brother', 2],
    ['就俺们仨', 3],
    ['sorry team size is wrong, we are 3 not 2', 3],
    ['是3个人，不是2个', 3],
    ['八九个吧，就算9个', 9],
    ['me + 2', 3],
  ])('"%s" is %i', (text, n) => {
    expect(readNumber(text, true)).toBe(n);
  });

  it('children and years are no team', () => {
    expect(readNumber('me and my two kids', false)).toBeUndefined();
    expect(readNumber('we have been selling for 2 years', false)).toBeUndefined();
  });
});
