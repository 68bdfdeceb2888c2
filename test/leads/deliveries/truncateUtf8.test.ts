import { describe, expect, it } from 'vitest';
import { truncateUtf8 } from '../../../src/leads/deliveries/truncateUtf8.js';

describe('truncateUtf8', () => {
  it('leaves short text alone', () => {
    expect(truncateUtf8('短文本\nshort', 4096)).toBe('短文本\nshort');
  });

  it('cuts at a line boundary within the byte limit', () => {
    const text = Array.from({ length: 100 }, (_, i) => `第${i}行：集成电路引才合伙人`).join('\n');
    const cut = truncateUtf8(text, 300, '\n…');
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(300);
    expect(cut.endsWith('\n…')).toBe(true);
    const lines = cut.split('\n').slice(0, -1);
    expect(lines.every((line, i) => line === `第${i}行：集成电路引才合伙人`)).toBe(true);
  });

  it('cuts one long line at a character boundary, never inside a character', () => {
    const cut = truncateUtf8('汉'.repeat(100) + '😀'.repeat(10), 50, '…');
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(50);
    expect(cut).toBe('汉'.repeat(15) + '…');
    expect(cut).not.toContain('\uFFFD');
  });
});
