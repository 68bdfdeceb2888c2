import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { buildWebApp } from '../../helpers/webApp.js';
import { historyKey } from '../../../src/core/engine.js';
import type { Store } from '../../../src/store/contract.js';
import { fixedKnowledge } from '../../../src/knowledge/knowledgeBase.js';
import { launchChromium } from '../../helpers/launchChromium.js';
import { createTestBot } from '../../helpers/testApp.js';

/** Generous: a loaded two-core machine answers the first turn slowly. */
const REPLY_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 120_000;

let app: App | undefined;
let browser: Browser | undefined;
let botUrl = '';
const sites: Server[] = [];
const contexts: BrowserContext[] = [];

/** The embed's attributes per page of the stand-in site: `/` a valid set, `/odd` values the widget must not take. */
const ATTRIBUTES: Record<string, string> = {
  '/': 'data-lang="zh" data-color="#0b5cab" data-position="left"',
  '/odd': 'data-lang="fr" data-color="red;background:url(https://evil.example/x)" data-position="top"',
};

/** A stand-in for a government site on its own origin: pages with the one-line embed. */
async function startSite(): Promise<string> {
  const site = createServer((request, response) => {
    const attributes = ATTRIBUTES[request.url ?? ''];
    if (attributes === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>武进区人民政府</title><link rel="icon" href="data:,"></head>
<body><h1>武进区人民政府</h1><p>人才政策</p>
<script src="${botUrl}/widget.js" ${attributes}></script></body></html>`);
  });
  sites.push(site);
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
}

let allowedSite = '';
let store: Store | undefined;
let otherSite = '';

beforeAll(async () => {
  allowedSite = await startSite();
  otherSite = await startSite();
  const bot = await createTestBot();
  store = bot.store;
  app = buildWebApp({ clock: bot.clock, store: bot.store, knowledge: fixedKnowledge(bot.knowledge), profile: bot.profile, webAllowedOrigins: [allowedSite] });
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  botUrl = `http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await app?.http.close();
  await Promise.all(sites.map((s) => new Promise((resolve) => s.close(resolve))));
});

/** The site's page on a phone-sized screen; uncaught errors and console errors are collected. */
async function openSite(url: string): Promise<{ page: Page; errors: string[] }> {
  if (!browser) throw new Error('browser not started');
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(url);
  return { page, errors };
}

/** The test id of the element focused inside the widget's shadow root ('' when none). */
function focusedInWidget(page: Page): Promise<string> {
  // A string: the test project has no DOM types.
  return page.evaluate<string>("document.getElementById('talentbot-widget')?.shadowRoot?.activeElement?.getAttribute('data-testid') ?? ''");
}

describe('the embed script on another site', () => {
  it('on an allowed site: the button opens the panel, "你好" gets the bot\'s answer, Esc closes', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page, errors } = await openSite(allowedSite + '/');
    const launcher = page.getByRole('button', { name: '打开人才政策咨询' });
    await launcher.waitFor({ state: 'visible', timeout: REPLY_TIMEOUT_MS });
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate<string>("getComputedStyle(document.getElementById('talentbot-widget').shadowRoot.querySelector('.launcher')).backgroundColor")).toBe('rgb(11, 92, 171)');
    expect((await launcher.boundingBox())!.x).toBeLessThan(390 / 2);

    await launcher.click();
    const panel = page.getByRole('dialog', { name: '武进区人才政策咨询' });
    await panel.waitFor({ state: 'visible' });
    expect(await launcher.getAttribute('aria-expanded')).toBe('true');
    expect(await focusedInWidget(page)).toBe('talentbot-question');
    // On a phone the panel takes the whole screen.
    expect((await panel.boundingBox())!.width).toBe(390);

    const replies = page.getByTestId('bot-reply');
    await replies.first().waitFor({ state: 'visible', timeout: REPLY_TIMEOUT_MS });
    const before = await replies.count();
    await page.getByRole('textbox', { name: '输入您的问题' }).fill('你好');
    await page.getByTestId('talentbot-send').click();
    await replies.nth(before).waitFor({ state: 'visible', timeout: REPLY_TIMEOUT_MS });
    const answer = (await replies.nth(before).textContent()) ?? '';
    expect(answer).toContain('以赛聚才');
    expect(await replies.nth(before).getByRole('button').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('talentbot-error').count()).toBe(0);
    // Typing spent the greeting's buttons; pressing one of the new ones marks it and spends the rest.
    expect(await replies.first().locator('button').evaluateAll((buttons) => buttons.every((b) => (b as unknown as { disabled: boolean }).disabled))).toBe(true);
    const fresh = replies.nth(before).locator('button');
    const pressed = (await fresh.first().textContent()) ?? '';
    const count = await replies.count();
    await fresh.first().click();
    await replies.nth(count).waitFor({ state: 'visible', timeout: REPLY_TIMEOUT_MS });
    expect(await replies.nth(before).locator('button.used').allTextContents()).toEqual([pressed]);
    expect(await fresh.evaluateAll((buttons) => buttons.every((b) => (b as unknown as { disabled: boolean }).disabled))).toBe(true);
    expect(await page.getByTestId('talentbot-typing').count()).toBe(0);
    expect(await focusedInWidget(page)).toBe('talentbot-question');
    // The panel shows no earlier messages again, so nothing is kept for it.
    const user = await page.evaluate<string>("localStorage.getItem('talentbot.widget.user') ?? ''");
    expect(user.length).toBeGreaterThanOrEqual(16);
    expect(await store!.lists.read(historyKey('web', user))).toEqual([]);

    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    expect(await focusedInWidget(page)).toBe('talentbot-launcher');
    expect(errors).toEqual([]);
  });

  it('takes safe defaults for attribute values it does not know', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page, errors } = await openSite(allowedSite + '/odd');
    const launcher = page.getByRole('button', { name: '打开人才政策咨询' });
    await launcher.waitFor({ state: 'visible', timeout: REPLY_TIMEOUT_MS });
    expect(await page.evaluate<string>("getComputedStyle(document.getElementById('talentbot-widget').shadowRoot.querySelector('.launcher')).backgroundColor")).toBe('rgb(179, 38, 30)');
    expect((await launcher.boundingBox())!.x).toBeGreaterThan(390 / 2);
    expect(errors).toEqual([]);
  });

  it('on a site that is not allowed: the browser refuses the answers and the panel says it cannot connect', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page, errors } = await openSite(otherSite + '/');
    const launcher = page.getByRole('button', { name: '打开人才政策咨询' });
    await launcher.waitFor({ state: 'visible', timeout: REPLY_TIMEOUT_MS });
    await launcher.click();
    const error = page.getByTestId('talentbot-error');
    await error.waitFor({ state: 'visible', timeout: REPLY_TIMEOUT_MS });
    expect(await error.textContent()).toBe('暂时无法连接，请稍后再试。');
    expect(await page.getByTestId('bot-reply').count()).toBe(0);
    expect(errors.join('\n')).toMatch(/CORS|Access-Control-Allow-Origin/);
  });
});
