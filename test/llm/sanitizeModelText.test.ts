import { describe, expect, it } from 'vitest';
import { sanitizeModelText } from '../../src/llm/sanitizeModelText.js';

describe('sanitizeModelText', () => {
  it('removes HTML, Markdown emphasis, headings, code, links and images', () => {
    expect(sanitizeModelText('## 回答\n**最高50万元**的<b>购房补贴</b><script>alert(1)</script>，详见[官网](https://evil.example)。')).toBe('回答\n最高50万元的购房补贴alert(1)，详见官网。');
    expect(sanitizeModelText('Use `code` and ![img](http://x/y.png) _here_ __now__ ~~never~~')).toBe('Use code and img _here_ now never');
  });

  it('turns list markers into plain bullets without touching figures', () => {
    expect(sanitizeModelText('- 创业场所\n* 人才公寓\n1. 购房补贴\n2、股权融资\n2.59万人')).toBe('• 创业场所\n• 人才公寓\n• 购房补贴\n• 股权融资\n2.59万人');
  });

  it('drops invisible and direction-changing characters and extra blank lines', () => {
    expect(sanitizeModelText('a\u200Bb\u202Ec\u0007d\r\n\r\n\r\n\r\ne  ')).toBe('abcd\n\ne');
  });
});
