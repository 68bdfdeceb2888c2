/**
 * The conversation logs in a real headless Chromium (Debian's `chromium`, like the other
 * browser tests), against the real app with the console and the logs on, on a random port:
 * an applicant opens the chat page (whose welcome carries the notice of the logs), asks a
 * question with their phone number and rates the answer 👎; an editor finds the conversation
 * in the logs, filtered by rating, with the number redacted, opens the transcript, and sees the
 * hit and the 👎 counted on the answer quality page.
 *
 * With SCREENSHOTS=1 it writes docs/screenshots/console-logs.png and console-quality.png (docs/console.md).
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/projectRoot.js';
import { ENGINE_TEXTS } from '../../src/core/texts.js';
import { launchChromium } from '../helpers/launchChromium.js';
import { ADMIN, createAdminTestApp, type AdminTestApp } from './adminTestKit.js';

const WAIT_MS = 15_000;
const PHONE = '13987654321';

let t: AdminTestApp;
let browser: Browser | undefined;
let baseUrl = '';

beforeAll(async () => {
  t = await createAdminTestApp({ conversationLogMs: 30 * 24 * 3600_000 });
  await t.app.http.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.http.server.address() as AddressInfo).port}`;
  await t.admin.services.accounts.create({ username: 'editor1', role: 'editor', password: 'editor1-password-123', createdBy: ADMIN.username });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.app.http.close();
});

async function newPage(width: number): Promise<{ page: Page; errors: string[] }> {
  const context = await browser!.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 500) errors.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  return { page, errors };
}

describe('conversation logs in Chromium', () => {
  it('show an applicant’s conversation to staff with the phone number redacted, the entry and the 👎', async () => {
    const { page: chat, errors: chatErrors } = await newPage(800);
    await chat.goto(`${baseUrl}/`);
    const welcome = chat.locator('#messages .message.bot').first();
    await welcome.waitFor({ timeout: WAIT_MS });
    expect(await welcome.textContent()).toContain(ENGINE_TEXTS.zh.logNotice(30));
    await chat.getByTestId('question').fill(`请问买房有补贴吗？我的电话${PHONE}`);
    await chat.getByTestId('send').click();
    const reply = chat.locator('#messages .message.bot').nth(1);
    await reply.waitFor({ timeout: WAIT_MS });
    const rated = chat.waitForResponse((r) => r.url().endsWith('/api/feedback'));
    await reply.getByTestId('feedback-down').click();
    expect(await (await rated).json()).toEqual({ recorded: true });
    expect(chatErrors).toEqual([]);

    const { page, errors } = await newPage(1280);
    await page.goto(`${baseUrl}/admin/login`);
    await page.locator('#f-username').fill('editor1');
    await page.locator('#f-password').fill('editor1-password-123');
    await Promise.all([page.waitForURL((url) => !url.pathname.endsWith('/login')), page.getByTestId('login-submit').click()]);
    await page.getByRole('link', { name: '对话记录' }).click();
    await page.getByTestId('log-filters').locator('#f-rating').selectOption('down');
    await Promise.all([page.waitForURL(/rating=down/), page.getByTestId('log-filters').getByRole('button', { name: '筛选' }).click()]);

    const rows = page.getByTestId('log-turns').locator('tbody tr');
    expect(await rows.count()).toBe(1);
    const row = rows.first();
    expect(await row.getByTestId('log-asked').textContent()).toBe('请问买房有补贴吗？我的电话[phone]');
    expect(await row.textContent()).toContain('housing-subsidy.zh');
    expect(await row.textContent()).toContain('👎');
    expect(await row.getByTestId('log-answer').textContent()).toContain('购房');
    expect(await page.content()).not.toContain(PHONE);
    if (process.env.SCREENSHOTS === '1') {
      mkdirSync(path.join(PROJECT_ROOT, 'docs', 'screenshots'), { recursive: true });
      await page.screenshot({ path: path.join(PROJECT_ROOT, 'docs', 'screenshots', 'console-logs.png'), fullPage: true });
    }

    await Promise.all([page.waitForURL(/\/admin\/logs\/[\w-]+$/), row.getByTestId('log-conversation').click()]);
    const turns = page.getByTestId('transcript-turn');
    expect(await turns.count()).toBe(1);
    expect(await turns.first().textContent()).toContain('[phone]');
    expect(await page.content()).not.toContain(PHONE);

    // The answer quality counts the hit and the 👎 against the entry.
    await page.getByRole('link', { name: '回答质量' }).click();
    const entryRow = page.getByTestId('quality-entries').locator('tbody tr', { hasText: 'housing-subsidy.zh' });
    expect((await entryRow.locator('td').allTextContents()).slice(0, 6)).toEqual(['housing-subsidy.zh', '1', '0', '0', '1', '100%']);
    if (process.env.SCREENSHOTS === '1') await page.screenshot({ path: path.join(PROJECT_ROOT, 'docs', 'screenshots', 'console-quality.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
