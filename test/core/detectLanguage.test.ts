import { describe, expect, it } from 'vitest';
import { chooseReplyLanguage } from '../../src/core/detectLanguage.js';

describe('chooseReplyLanguage', () => {
  it('keeps a Chinese conversation Chinese for a Latin name, and switches for an English sentence', () => {
    expect(chooseReplyLanguage('Julien Moreau', 'zh')).toBe('zh');
    expect(chooseReplyLanguage("O'Brien Smith-Jones", 'zh')).toBe('zh');
    expect(chooseReplyLanguage('which sectors do you support', 'zh')).toBe('en');
    expect(chooseReplyLanguage('Julien Moreau', undefined)).toBe('en');
  });
});
