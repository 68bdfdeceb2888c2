import { describe, expect, it } from 'vitest';
import { foldUtf8, splitUtf8 } from '../../../src/channels/wecom/splitUtf8.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('splitUtf8', () => {
  it('keeps short text whole', () => {
    expect(splitUtf8('你好', 2048)).toEqual(['你好']);
    expect(splitUtf8('', 2048)).toEqual(['']);
  });

  it('cuts at byte length, in order, losing nothing and never splitting a character', () => {
    const text = '武进区“以赛聚才”🎉人才政策，'.repeat(200) + 'end';
    for (const max of [2048, 1024, 100, 7, 4]) {
      const pieces = splitUtf8(text, max);
      expect(pieces.join('')).toBe(text);
      expect(Math.max(...pieces.map(bytes))).toBeLessThanOrEqual(max);
      // No piece starts or ends inside a character (a lone surrogate would not survive UTF-8).
      expect(pieces.every((p) => Buffer.from(p, 'utf8').toString('utf8') === p)).toBe(true);
      // Pieces are full, apart from the last: at least half the limit.
      expect(Math.min(...pieces.slice(0, -1).map(bytes)) * 2).toBeGreaterThanOrEqual(max - 4);
    }
  });

  it('prefers a line break, then a space or punctuation, then a hard cut', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `第${i}行：人才公寓申请`).join('\n');
    const pieces = splitUtf8(lines, 2048);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces.slice(0, -1)) expect(piece.endsWith('\n')).toBe(true);
    expect(splitUtf8('aaaa bbbb cccc', 10)).toEqual(['aaaa bbbb ', 'cccc']);
    expect(splitUtf8('a'.repeat(25), 10)).toEqual(['a'.repeat(10), 'a'.repeat(10), 'a'.repeat(5)]);
  });
});

describe('foldUtf8', () => {
  it('folds short texts into one message and starts another where the limit would be hit', () => {
    expect(foldUtf8(['一', '二', '三'], 2048)).toEqual(['一\n\n二\n\n三']);
    const long = '长'.repeat(600); // 1,800 bytes
    const folded = foldUtf8(['短', long, '尾'], 2048);
    expect(folded).toEqual([`短\n\n${long}\n\n尾`]);
    const two = foldUtf8([long, long, '尾'], 2048);
    expect(two).toEqual([long, `${long}\n\n尾`]);
    for (const message of foldUtf8([long.repeat(3), long], 2048)) expect(bytes(message)).toBeLessThanOrEqual(2048);
    expect(foldUtf8([long.repeat(3), long], 2048).join('').replace(/\n\n/g, '')).toBe(long.repeat(4));
  });
});
