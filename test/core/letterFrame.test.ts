/**
 * A message written as a letter is read without its salutation and sign-off.
 */
import { describe, expect, it } from 'vitest';
import { withoutLetterFrame } from '../../src/core/understand/letterFrame.js';

describe('withoutLetterFrame', () => {
  it('drops the salutation line and everything from the sign-off on', () => {
    expect(withoutLetterFrame("Dear Sir or Madam,\nMy research is in quantum sensing. Would this fall within one of Wujin's key industries?\nRegards,\nDr. Petrov")).toBe(
      "My research is in quantum sensing. Would this fall within one of Wujin's key industries?",
    );
    expect(withoutLetterFrame('尊敬的老师：您好！\n请问人才公寓如何申请？\n此致\n敬礼\n张三')).toBe('请问人才公寓如何申请？');
  });

  it('keeps a short message, and a message that would be left empty, as it is', () => {
    expect(withoutLetterFrame('Dear team, what is the talent loan?')).toBe('Dear team, what is the talent loan?');
    expect(withoutLetterFrame('Dear Sir,\n\n')).toBe('Dear Sir,\n\n');
    // A line of the question that starts like a sign-off word but goes on is kept.
    expect(withoutLetterFrame('Hi,\nthanks for the answer. Is the apartment free?\nBest,\nAnna')).toBe('thanks for the answer. Is the apartment free?');
  });
});
