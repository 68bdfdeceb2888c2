import { describe, expect, it } from 'vitest';
import { splitTelegramMessage, TELEGRAM_MAX_MESSAGE_CHARS } from '../../../src/channels/telegram/splitTelegramMessage.js';
import { parseTelegramHtml } from './fakeBotApi.js';

/** Every part is valid Telegram HTML within the limit; returns the visible texts. */
function checkParts(parts: string[], limit: number): string[] {
  return parts.map((part) => {
    expect(part.length).toBeLessThanOrEqual(limit);
    const visible = parseTelegramHtml(part);
    expect(typeof visible, part).toBe('string');
    return visible as string;
  });
}

describe('splitting long replies', () => {
  it('keeps a short text in one message', () => {
    expect(splitTelegramMessage('a\n\nb')).toEqual(['a\n\nb']);
    expect(splitTelegramMessage('')).toEqual([]);
  });

  it('cuts at paragraph boundaries, packing as many whole paragraphs as fit', () => {
    const paragraphs = ['a'.repeat(2000), 'b'.repeat(2000), 'c'.repeat(2000), 'd'.repeat(90)];
    const parts = splitTelegramMessage(paragraphs.join('\n\n'));
    expect(parts).toEqual([`${paragraphs[0]}\n\n${paragraphs[1]}`, `${paragraphs[2]}\n\n${paragraphs[3]}`]);
    expect(checkParts(parts, TELEGRAM_MAX_MESSAGE_CHARS)).toHaveLength(2);
  });

  it('counts escapes and tags against the limit', () => {
    const text = `${'&'.repeat(500)}\n\n**${'<'.repeat(500)}**`;
    const parts = splitTelegramMessage(text, 2600);
    expect(parts).toHaveLength(2);
    expect(checkParts(parts, 2600)).toEqual(['&'.repeat(500), '<'.repeat(500)]);
  });

  it('cuts a paragraph too long for one message between its lines', () => {
    const lines = Array.from({ length: 6 }, (_, i) => `- item ${i} ${'x'.repeat(30)}`);
    const parts = splitTelegramMessage(`intro\n\n${lines.join('\n')}`, 100);
    const visible = checkParts(parts, 100);
    expect(parts.length).toBeGreaterThan(1);
    expect(visible.join('\n').replace(/\n+/g, '\n')).toBe(['intro', ...lines.map((l) => l.replace('- ', '• '))].join('\n'));
    for (const v of visible) expect(v.startsWith('•') || v.startsWith('intro')).toBe(true);
  });

  it('cuts a single over-long line after punctuation or spaces, never inside an entity, and reopens bold', () => {
    const sentence = '申请人可以获得购房补贴。';
    const line = `**${sentence.repeat(30)}** & ${'word '.repeat(40)}<end>`;
    const parts = splitTelegramMessage(line, 120);
    const visible = checkParts(parts, 120);
    expect(visible.join('').replace(/\s/g, '')).toBe(line.replace(/\*\*/g, '').replace(/\s/g, ''));
    expect(parts.length).toBeGreaterThan(3);
    // Bold cut in two is closed and reopened; the cut falls after a full stop.
    expect(parts.filter((p) => p.includes('申请人')).every((p) => p.startsWith('<b>'))).toBe(true);
    expect(parts[0]!.endsWith('。</b>')).toBe(true);
    // Words are not cut.
    expect(visible.join(' ').match(/\bw(o|or)?\b|\bord\b|\brd\b/g)).toBeNull();
  });

  it('refuses a limit too small to make progress', () => {
    expect(() => splitTelegramMessage('x', 3)).toThrow(RangeError);
  });
});
