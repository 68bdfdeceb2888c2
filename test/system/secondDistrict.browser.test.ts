/**
 * District B's chat page in a real headless Chromium (as `test/channels/web/chatPage.browser.test.ts`
 * does for the shipped district): the page takes its title and default language from district
 * B's profile, greets with its wording and answers from its content.
 *
 * Needs `/usr/bin/chromium` (or CHROMIUM_PATH); without it the file fails, it does not skip.
 */
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { launchChromium } from '../helpers/launchChromium.js';
import { createDistrictTestApp, DISTRICT_B } from '../helpers/testApp.js';

const PARTNERS_B = `
partners:
  - { id: lindenau-office, name: Lindenau founders' office, industries: [], fallback: true, ackWithinHours: 48, delivery: [] }
`;

let app: App | undefined;
let browser: Browser | undefined;
let baseUrl = '';

beforeAll(async () => {
  app = (await createDistrictTestApp(DISTRICT_B, PARTNERS_B)).app;
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.http.close();
});

describe("district B's chat page", () => {
  it('opens in English with its own title and greeting, and answers from its content', async () => {
    const context = await browser!.newContext({ viewport: { width: 800, height: 900 }, locale: 'zh-CN' });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(baseUrl + '/');
      const first = page.locator('#messages .message.bot').nth(0);
      await first.waitFor({ state: 'visible', timeout: 10_000 });
      expect(await first.textContent()).toContain("Welcome! I am the Lindenau District founders' assistant.");
      expect(await page.title()).toBe("Lindenau District · Founders' assistant");
      expect(await page.locator('#title').textContent()).toBe("Lindenau District · Founders' assistant");
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('#question').getAttribute('placeholder')).toBe('e.g. Is there a grant for moving my start-up to Lindenau?');

      await page.locator('#question').fill('Is there a grant for moving my start-up to Lindenau?');
      await page.locator('#send').click();
      const answer = page.locator('#messages .message.bot').nth(1);
      await answer.waitFor({ state: 'visible', timeout: 10_000 });
      const text = (await answer.textContent()) ?? '';
      expect(text).toContain('relocation grant');
      expect(text).toContain('Lindenau founders office');
      expect(await page.content()).not.toMatch(/武进|Wujin|常州|Changzhou/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
