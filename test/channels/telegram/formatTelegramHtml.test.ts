import { describe, expect, it } from 'vitest';
import { escapeTelegramHtml, renderMarkdownLine, renderTelegramHtml, splitParagraphs } from '../../../src/channels/telegram/formatTelegramHtml.js';
import { parseTelegramHtml } from './fakeBotApi.js';

describe('Telegram HTML from simple Markdown', () => {
  it('escapes every character Telegram reads as markup', () => {
    expect(escapeTelegramHtml('<b>&amp; "x" > y</b>')).toBe('&lt;b&gt;&amp;amp; &quot;x&quot; &gt; y&lt;/b&gt;');
  });

  it('turns **bold** into <b>, bullets into •, and escapes inside bold', () => {
    expect(renderMarkdownLine('**购房补贴 <50万>** & more')).toBe('<b>购房补贴 &lt;50万&gt;</b> &amp; more');
    expect(renderMarkdownLine('- **What**: x')).toBe('• <b>What</b>: x');
    expect(renderMarkdownLine('  - nested')).toBe('  • nested');
    expect(renderMarkdownLine('-not a bullet')).toBe('-not a bullet');
  });

  it('leaves an unpaired ** as text, and user input can never open a tag', () => {
    expect(renderMarkdownLine('2 ** 3 = 8')).toBe('2 ** 3 = 8');
    const hostile = '<a href="https://evil.example">click</a> </b> &lt; <script>';
    const html = renderTelegramHtml(hostile);
    expect(parseTelegramHtml(html)).toBe(hostile);
  });

  it('keeps paragraphs and lines', () => {
    expect(renderTelegramHtml('one\ntwo\n\n\n- three\r\n\r\nfour  ')).toBe('one\ntwo\n\n• three\n\nfour');
    expect(splitParagraphs('\n\n a \n \nb\n\n')).toEqual([' a', 'b']);
  });
});
