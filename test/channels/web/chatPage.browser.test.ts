/**
 * The web chat page in a real headless Chromium (Debian's `chromium` package, driven by
 * playwright-core) against the real app on a random local port. Each case opens a fresh
 * browser context, so it starts with empty localStorage: a new web user in Chinese.
 *
 * Needs `/usr/bin/chromium` (or CHROMIUM_PATH); without it the file fails, it does not skip.
 * With SCREENSHOTS=1 it also writes docs/screenshots/web-chat.png (used in the README).
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../helpers/launchChromium.js';
import type { App } from '../../../src/app.js';
import { readAnswerFeedback } from '../../../src/admin/feedback/answerFeedbackLog.js';
import type { Store } from '../../../src/store/contract.js';
import { PROJECT_ROOT } from '../../../src/config/projectRoot.js';
import { createTestApp } from '../../helpers/testApp.js';

const SCREENSHOT_FILE = path.join(PROJECT_ROOT, 'docs', 'screenshots', 'web-chat.png');
/** How long to wait for one reply from the local server. */
const REPLY_TIMEOUT_MS = 10_000;

let app: App | undefined;
let store: Store | undefined;
let browser: Browser | undefined;
let baseUrl = '';
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  ({ app, store } = await createTestApp());
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  const address = app.http.server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${address.port}`;
  browser = await launchChromium();
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await app?.http.close();
});

/** A page in a fresh context; uncaught errors, console errors and failed requests are collected in `errors`. */
async function openChat(): Promise<{ page: Page; errors: string[] }> {
  if (!browser) throw new Error('browser not started');
  const context = await browser.newContext({ viewport: { width: 800, height: 900 }, locale: 'zh-CN' });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // Failed loads are reported by URL below, where the favicon can be told apart.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  page.on('response', (response) => {
    // The page has no favicon; Chromium asks for one anyway.
    if (response.status() >= 400 && new URL(response.url()).pathname !== '/favicon.ico') {
      errors.push(`${response.status()} ${response.request().method()} ${response.url()}`);
    }
  });
  page.on('requestfailed', (request) => errors.push(`failed ${request.method()} ${request.url()}`));
  await page.goto(baseUrl + '/');
  return { page, errors };
}

/**
 * Waits for the bot message number `index` (0-based) and returns its text. Fails at once with
 * the page's error text when the page showed its "cannot reach" message instead of a reply.
 */
async function botMessage(page: Page, index: number): Promise<string> {
  const message = page.locator('#messages .message.bot').nth(index);
  await message.waitFor({ state: 'visible', timeout: REPLY_TIMEOUT_MS });
  const text = (await message.textContent()) ?? '';
  expect(await message.getAttribute('data-testid'), `bot message ${index} is an error: ${text}`).toBe('bot-reply');
  return text;
}

/** How many bot messages are on the page now. */
function botMessageCount(page: Page): Promise<number> {
  return page.locator('#messages .message.bot').count();
}

/** Types a question, presses send and returns the reply's locator and text. */
async function ask(page: Page, question: string) {
  const before = await botMessageCount(page);
  await page.getByTestId('question').fill(question);
  await page.getByTestId('send').click();
  const text = await botMessage(page, before);
  return { reply: page.getByTestId('bot-reply').nth(before), text };
}

describe('web chat page in Chromium', () => {
  it('loads in Chinese and shows the greeting with its menu buttons', async () => {
    const { page, errors } = await openChat();
    expect(await page.title()).toBe('武进区以赛聚才 · 人才政策咨询');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.getByTestId('language-switch').textContent()).toBe('English');

    const greeting = await botMessage(page, 0);
    expect(greeting).toContain('以赛聚才');
    const buttons = await page.getByTestId('bot-reply').first().locator('.buttons button').allTextContents();
    expect(buttons).toEqual(expect.arrayContaining(['赛事日历', '重点产业', '联系工作人员', 'English']));
    expect(errors).toEqual([]);
  });

  it('answers the housing question with the amount and a dated source', async () => {
    const { page, errors } = await openChat();
    await botMessage(page, 0);

    const { reply, text } = await ask(page, '买房有补贴吗');
    expect(text).toContain('50万');
    const source = (await reply.getByTestId('source').textContent()) ?? '';
    expect(source).toContain('购房补贴');
    expect(source).toContain('2024-10-23');
    expect(await page.locator('#messages .message.user').last().textContent()).toBe('买房有补贴吗');
    expect(await page.getByTestId('question').inputValue()).toBe('');
    expect(errors).toEqual([]);

    if (process.env.SCREENSHOTS === '1') {
      mkdirSync(path.dirname(SCREENSHOT_FILE), { recursive: true });
      await page.screenshot({ path: SCREENSHOT_FILE, fullPage: true });
    }
  });

  it('switches to English and answers an English question in English with a source', async () => {
    const { page, errors } = await openChat();
    await botMessage(page, 0);

    await page.getByTestId('language-switch').click();
    expect(await botMessage(page, 1)).toContain('Switched to English.');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByTestId('language-switch').textContent()).toBe('中文');
    expect(await page.title()).toBe('Wujin talent competitions · Policy assistant');
    expect(await page.getByTestId('send').textContent()).toBe('Send');

    const { reply, text } = await ask(page, 'Which industries do you focus on?');
    expect(text).toContain('new energy');
    const source = (await reply.getByTestId('source').textContent()) ?? '';
    expect(source).toMatch(/^Source：Target industries/);
    expect(source).toContain('as of 2024-10-23');
    expect(errors).toEqual([]);
  });

  it('answers a menu button: 赛事日历 (Chinese) and Event calendar (English)', async () => {
    const { page, errors } = await openChat();
    await botMessage(page, 0);

    await page.getByTestId('bot-reply').first().getByRole('button', { name: '赛事日历', exact: true }).click();
    const zh = await botMessage(page, 1);
    expect(zh).toContain('长三角邀请赛');
    expect(await page.getByTestId('bot-reply').nth(1).getByTestId('source').textContent()).toContain('赛事日程');
    expect(await page.locator('#messages .message.user').last().textContent()).toBe('赛事日历');

    await page.getByTestId('language-switch').click();
    await botMessage(page, 2);
    await page.getByTestId('bot-reply').nth(2).getByRole('button', { name: 'Event calendar', exact: true }).click();
    const en = await botMessage(page, 3);
    expect(en).toContain('Yangtze River Delta invitational competition');
    expect(await page.getByTestId('bot-reply').nth(3).getByTestId('source').textContent()).toContain('Event calendar');
    expect(errors).toEqual([]);
  });

  it('shows the conversation again after a reload, its old buttons disabled and the pressed one marked', async () => {
    const { page, errors } = await openChat();
    await botMessage(page, 0);
    await page.getByTestId('bot-reply').first().getByRole('button', { name: '赛事日历', exact: true }).click();
    await botMessage(page, 1);
    await ask(page, '买房有补贴吗');
    const before = await page.locator('#messages .message').allTextContents();

    await page.reload();
    await page.locator('#messages .message.bot').nth(2).waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await page.locator('#messages .message').allTextContents()).toEqual(before);
    expect(await page.locator('#messages .message.user').allTextContents()).toEqual(['赛事日历', '买房有补贴吗']);
    // No second greeting: the page asks for the menu only when there is no history.
    expect(await botMessageCount(page)).toBe(3);
    const menuButtons = page.getByTestId('bot-reply').first().locator('.buttons button');
    expect(await menuButtons.evaluateAll((buttons) => buttons.every((b) => (b as unknown as { disabled: boolean }).disabled))).toBe(true);
    expect(await page.getByTestId('bot-reply').first().locator('.buttons button.used').allTextContents()).toEqual(['赛事日历']);
    expect(await page.getByTestId('bot-reply').nth(2).getByTestId('source').textContent()).toContain('2024-10-23');

    // The conversation goes on where it was.
    const { text } = await ask(page, 'Which industries do you focus on?');
    expect(text).toContain('new energy');
    expect(errors).toEqual([]);
  });

  it('spends the buttons once the applicant answers: the pressed one marked, every earlier one disabled', async () => {
    const { page, errors } = await openChat();
    await botMessage(page, 0);
    const menu = page.getByTestId('bot-reply').first().locator('.buttons button');
    expect(await menu.evaluateAll((buttons) => buttons.some((b) => (b as unknown as { disabled: boolean }).disabled))).toBe(false);
    await page.getByTestId('bot-reply').first().getByRole('button', { name: '赛事日历', exact: true }).click();
    await botMessage(page, 1);
    expect(await menu.evaluateAll((buttons) => buttons.every((b) => (b as unknown as { disabled: boolean }).disabled))).toBe(true);
    expect(await page.getByTestId('bot-reply').first().locator('.buttons button.used').allTextContents()).toEqual(['赛事日历']);
    // Typing a question spends the buttons of the calendar answer too, none of them marked.
    const calendarButtons = page.getByTestId('bot-reply').nth(1).locator('.buttons button');
    const hadButtons = await calendarButtons.count();
    await ask(page, '买房有补贴吗');
    if (hadButtons > 0) {
      expect(await calendarButtons.evaluateAll((buttons) => buttons.every((b) => (b as unknown as { disabled: boolean }).disabled))).toBe(true);
      expect(await page.getByTestId('bot-reply').nth(1).locator('.buttons button.used').count()).toBe(0);
    }
    expect(errors).toEqual([]);
  });

  it('shows a typing indicator while the answer is on its way, and removes it when the answer comes', async () => {
    const { page, errors } = await openChat();
    await botMessage(page, 0);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    // Hold the next chat request in the browser (the real server answers it once released).
    await page.route('**/api/chat', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByTestId('question').fill('买房有补贴吗');
    await page.getByTestId('send').click();
    const typing = page.getByTestId('typing');
    await typing.waitFor({ state: 'visible', timeout: REPLY_TIMEOUT_MS });
    expect(await typing.getAttribute('role')).toBe('status');
    expect(await typing.textContent()).toBe('正在回复…');
    // The indicator is not a reply: only the greeting is there yet.
    expect(await botMessageCount(page)).toBe(1);
    release();
    expect(await botMessage(page, 1)).toContain('50万');
    expect(await typing.count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('on a 390 px phone the 中文 button stays on one line and nothing scrolls sideways', async () => {
    if (!browser) throw new Error('browser not started');
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US', isMobile: true, hasTouch: true });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(baseUrl + '/');
    await botMessage(page, 0);
    await page.getByTestId('language-switch').click();
    await botMessage(page, 1);
    const button = page.getByTestId('language-switch');
    expect(await button.textContent()).toBe('中文');
    // The line boxes of the button's text: one line, one distinct top.
    const lines = await page.evaluate(`(() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('language-switch'));
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    })()`);
    expect(lines).toBe(1);
    const title = await page.locator('#title').boundingBox();
    const box = await button.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(title!.x + title!.width);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  });

  it('rates a sourced answer 👍 once, and a restored answer cannot be rated again', async () => {
    const { page, errors } = await openChat();
    await botMessage(page, 0);
    expect(await page.getByTestId('bot-reply').first().getByTestId('feedback-up').count()).toBe(0);
    const { reply } = await ask(page, '请问买房有补贴吗');
    const rated = page.waitForResponse((r) => r.url().endsWith('/api/feedback'));
    await reply.getByRole('button', { name: '有帮助', exact: true }).click();
    expect(await (await rated).json()).toEqual({ recorded: true });
    await reply.getByTestId('feedback-thanks').waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await reply.getByTestId('feedback-up').isDisabled()).toBe(true);
    expect(await reply.getByTestId('feedback-down').isDisabled()).toBe(true);
    expect(await reply.getByTestId('feedback-up').getAttribute('aria-pressed')).toBe('true');
    const records = (await readAnswerFeedback(store!)).filter((r) => r.question === '请问买房有补贴吗');
    expect(records.map((r) => [r.entryId, r.channel, r.rating])).toEqual([['housing-subsidy.zh', 'web', 'up']]);

    await page.reload();
    const restored = page.getByTestId('bot-reply').nth(1);
    await restored.getByTestId('feedback-down').waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await restored.getByTestId('feedback-down').isDisabled()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('works without JavaScript: the form posts the question and the answer comes as a page, buttons included', async () => {
    const context = await browser!.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(baseUrl + '/');
    expect(await page.getByTestId('noscript-notice').isVisible()).toBe(true);
    await page.getByTestId('question').fill('买房有补贴吗');
    await Promise.all([page.waitForURL(baseUrl + '/chat'), page.getByTestId('send').click()]);
    expect(await page.getByTestId('bot-reply').last().textContent()).toContain('50万');
    expect(await page.getByTestId('source').last().textContent()).toContain('2024-10-23');

    await page.getByTestId('question').fill('你好');
    await page.getByTestId('send').click();
    await page.getByRole('button', { name: '赛事日历', exact: true }).click();
    await page.getByText('长三角邀请赛').first().waitFor({ timeout: REPLY_TIMEOUT_MS });
    expect(await page.locator('#messages .message.user').allTextContents()).toEqual(['买房有补贴吗', '你好', '赛事日历']);
  });

  it('renders server text as text: **bold** becomes <strong>, no markup or scripts are injected', async () => {
    const { page, errors } = await openChat();
    await botMessage(page, 0);
    const { reply, text } = await ask(page, '买房有补贴吗');

    expect(await reply.locator('strong').allTextContents()).toEqual(['获奖入选人才项目']);
    expect(text).not.toContain('**');
    const scripts = await page.evaluate<string[]>("Array.from(document.scripts, (s) => s.getAttribute('src') || 'inline')");
    expect(scripts).toEqual(['/assets/chat.js']);
    const tags = await page.evaluate<string[]>(
      "Array.from(new Set(Array.from(document.querySelectorAll('#messages *'), (e) => e.tagName.toLowerCase()))).sort()",
    );
    for (const tag of tags) expect(['button', 'div', 'li', 'p', 'strong', 'ul']).toContain(tag);
    expect(errors).toEqual([]);
  });
});
