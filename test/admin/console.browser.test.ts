/**
 * The console in a real headless Chromium (Debian's `chromium`, driven by playwright-core,
 * launched like test/channels/web/chatPage.browser.test.ts) against the real app with the
 * console mounted, on a random local port:
 *
 * - an editor changes the housing-subsidy answer, sees the live preview, publishes, and the
 *   web chat answers with the new text without a restart;
 * - a publish that would break an evaluation question is blocked, with the question, what the bot
 *   answered and a link to the entry shown, and restoring that one entry empties the draft;
 * - an inbox group becomes phrasings of an entry, and once published the question is answered;
 * - a partner on a 390 × 844 phone sees only its own leads as cards, without sideways scrolling
 *   (tap-to-call, the reply deadline counting down, the readable reference, the status history),
 *   acknowledges one, and the staff view shows it;
 * - markup published in an answer is shown by the web chat as text.
 *
 * With SCREENSHOTS=1 it writes docs/screenshots/console-*.png (used in docs/console.md).
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/launchChromium.js';
import { createInboxRecorder } from '../../src/admin/inbox/inbox.js';
import { PROJECT_ROOT } from '../../src/config/projectRoot.js';
import { ADMIN, createAdminTestApp, makeLead, type AdminTestApp } from './adminTestKit.js';

const SCREENSHOT_DIR = path.join(PROJECT_ROOT, 'docs', 'screenshots');
const WAIT_MS = 15_000;
const NEW_TEXT = '办理前请先向区委人才办预约（浏览器测试修改）。';

let t: AdminTestApp;
let browser: Browser | undefined;
let baseUrl = '';
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

// Each case has its own app, store and accounts (the browser is shared): any one runs alone with -t.
beforeEach(async () => {
  t = await createAdminTestApp();
  // The console's clock is the test's manual clock; sessions stay valid for the whole case.
  await t.app.http.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.http.server.address() as AddressInfo).port}`;
  for (const [username, role, partnerId] of [
    ['editor1', 'editor', undefined],
    ['ic-staff', 'partner', 'ic-partner'],
  ] as const) {
    await t.admin.services.accounts.create({ username, role, password: `${username}-password-123`, createdBy: ADMIN.username, ...(partnerId ? { partnerId } : {}) });
  }
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  await t?.app.http.close();
});

afterAll(async () => {
  await browser?.close();
});

/** A page in a fresh context; page errors and failed requests are collected. */
async function open(viewport = { width: 1280, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  if (!browser) throw new Error('browser not started');
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => {
    errors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (response.status() >= 500 && url.pathname !== '/favicon.ico') errors.push(`${response.status()} ${url.pathname}`);
  });
  return { page, errors };
}

/** Nothing on the page is wider than the viewport: the document does not scroll sideways. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const [scrollWidth, viewport] = (await page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')) as [number, number];
  expect(scrollWidth, `${page.url()} is ${scrollWidth}px wide in a ${viewport}px viewport`).toBeLessThanOrEqual(viewport);
}

async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/login`);
  await page.locator('#f-username').fill(username);
  await page.locator('#f-password').fill(password);
  await Promise.all([page.waitForURL((url) => !url.pathname.endsWith('/login')), page.getByTestId('login-submit').click()]);
}

async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `console-${name}.png`), fullPage: true });
}

/** Asks the web chat a question in a new conversation and returns the reply's text. */
async function askWebChat(question: string): Promise<{ text: string; page: Page }> {
  const { page } = await open({ width: 800, height: 900 });
  await page.goto(`${baseUrl}/`);
  await page.locator('#messages .message.bot').first().waitFor({ timeout: WAIT_MS });
  const before = await page.locator('#messages .message.bot').count();
  await page.getByTestId('question').fill(question);
  await page.getByTestId('send').click();
  const reply = page.locator('#messages .message.bot').nth(before);
  await reply.waitFor({ timeout: WAIT_MS });
  return { text: (await reply.textContent()) ?? '', page };
}

/** Publishes the draft from its page. */
async function publishDraft(page: Page, note: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/content/draft`);
  await page.getByTestId('publish-ok').waitFor({ timeout: WAIT_MS });
  await page.locator('#f-note').fill(note);
  await Promise.all([page.waitForURL(/\/admin\/content\/history\/\d+/), page.getByTestId('publish').click()]);
  await expect.poll(() => page.getByTestId('flash').textContent()).toContain('已发布');
}

describe('staff console in Chromium', () => {
  it('an editor changes the housing answer, sees the preview, publishes, and the web chat answers with the new text', async () => {
    const { page: login, errors } = await open();
    await login.goto(`${baseUrl}/admin/login`);
    await screenshot(login, 'login');
    await logIn(login, 'editor1', 'editor1-password-123');
    const page = login;

    await page.goto(`${baseUrl}/admin/content`);
    await page.locator('#q').fill('购房');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.getByTestId('entry-link-housing-subsidy').click();
    await page.waitForURL(/entries\/housing-subsidy$/);

    const body = page.locator('#f-zh-body');
    await body.fill(`${await body.inputValue()}\n\n${NEW_TEXT}`);
    await page.locator('#f-previewQuestion').pressSequentially('买房有补贴吗');
    await expect.poll(() => page.getByTestId('preview-reply').textContent(), { timeout: WAIT_MS }).toContain(NEW_TEXT);
    expect(await page.getByTestId('preview-source').textContent()).toContain('购房补贴');
    await screenshot(page, 'edit-preview');

    await Promise.all([page.waitForURL(/done=saved/), page.getByTestId('save').click()]);
    expect(await page.getByTestId('flash').textContent()).toContain('已保存到草稿');
    expect((await askWebChat('买房有补贴吗')).text).not.toContain(NEW_TEXT);

    await page.goto(`${baseUrl}/admin/content/draft`);
    expect(await page.getByTestId('accuracy').textContent()).toContain('100.0% (40/40)');
    expect(await page.getByTestId('diff').first().textContent()).toContain(`+ ${NEW_TEXT}`);
    await screenshot(page, 'publish');
    await publishDraft(page, '购房补贴：办理前预约');
    await screenshot(page, 'history');

    const { text } = await askWebChat('买房有补贴吗');
    expect(text).toContain(NEW_TEXT);
    expect(text).toContain('50万');
    expect(errors).toEqual([]);
  });

  it('blocks a publish that would break an evaluation question and shows the question', async () => {
    const { page, errors } = await open();
    await logIn(page, 'editor1', 'editor1-password-123');
    await page.goto(`${baseUrl}/admin/content/entries/housing-subsidy`);
    await page.locator('#f-zh-body').fill('有。武进区为获奖入选人才项目提供购房补贴，金额以最新通知为准。');
    await Promise.all([page.waitForURL(/done=saved/), page.getByTestId('save').click()]);

    await page.goto(`${baseUrl}/admin/content/draft`);
    await page.getByTestId('publish-blocked').waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('publish-blocked').textContent()).toContain('准确率低于当前发布版本');
    const broken = (await page.getByTestId('broken-questions').textContent()) ?? '';
    expect(broken).toContain('买房有补贴吗');
    expect(broken).toContain('回答中缺少“50万”。');
    expect(broken).toContain('金额以最新通知为准');
    expect(await page.getByTestId('broken-questions').getByTestId('gate-entry').first().getAttribute('href')).toBe('/admin/content/entries/housing-subsidy');
    expect(await page.getByTestId('publish').count()).toBe(0);
    await screenshot(page, 'publish-blocked');

    // Restoring the one entry puts the draft back to the published content: nothing is left to publish.
    await Promise.all([page.waitForURL(/done=entryRestored/), page.getByTestId('restore-housing-subsidy').click()]);
    expect(await page.getByTestId('no-draft').isVisible()).toBe(true);
    // The web chat answers with the published text, never the blocked draft's.
    const { text } = await askWebChat('买房有补贴吗');
    expect(text).toContain('50万');
    expect(text).not.toContain('金额以最新通知为准');
    expect(errors).toEqual([]);
  });

  it('turns an inbox group into phrasings of an entry, and the question is then answered', async () => {
    const question = '买新房政府给报销吗';
    expect((await askWebChat(question)).text).toContain('联系工作人员');
    // What the engine's fallback hook records (see docs/console.md).
    const recorder = createInboxRecorder(t.store, t.clock);
    await recorder.record({ question, language: 'zh', fallback: true, topic: 'housing_subsidy' });
    await recorder.record({ question: `${question}？我的电话13812345678`, language: 'zh', fallback: true });
    await recorder.record({ question: '明天常州天气怎么样', language: 'zh', fallback: true });

    const { page, errors } = await open();
    await logIn(page, 'editor1', 'editor1-password-123');
    await page.goto(`${baseUrl}/admin/inbox`);
    const group = page.getByTestId('inbox-group').filter({ hasText: question });
    expect(await group.textContent()).not.toContain('13812345678');
    expect(await group.getByTestId('attach-slug').inputValue()).toBe('housing-subsidy');
    await screenshot(page, 'inbox');
    await Promise.all([page.waitForURL(/done=attached/), group.getByTestId('attach').click()]);

    await publishDraft(page, '待答问题：买新房报销');
    const { text } = await askWebChat(question);
    expect(text).toContain('50万');
    expect(text).toContain('购房补贴');
    expect(errors).toEqual([]);
  });

  it('a partner sees only its own leads, acknowledges one, and the staff view shows it', async () => {
    const own = await makeLead(t);
    const other = await makeLead(t, { answers: { industry: 'new_energy', name: '李雷', contact: '13900139000' }, contact: { name: '李雷', phone: '13900139000' } });
    expect([own.partnerId, other.partnerId]).toEqual(['ic-partner', 'energy-a']);

    const { page, errors } = await open({ width: 390, height: 844 });
    await logIn(page, 'ic-staff', 'ic-staff-password-123');
    expect(new URL(page.url()).pathname).toBe('/admin/portal');
    const cards = page.getByTestId('portal-lead');
    expect(await cards.count()).toBe(1);
    expect(await page.content()).not.toContain(other.id);
    expect(await page.content()).not.toContain('李雷');
    // A card that fits the phone: the readable reference, tap-to-call, the deadline counting down.
    expect(await cards.getByTestId('portal-lead-link').textContent()).toMatch(/^[A-Z0-9]{8}$/);
    expect(await cards.getByTestId('portal-call').getAttribute('href')).toBe('tel:13800138000');
    expect(await cards.getByTestId('portal-countdown').textContent()).toMatch(/^还剩 2[34] 小时 \d+ 分$/);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'portal-phone');
    // The countdown goes on while the page stays open (the console's script, on the browser's clock).
    await page.clock.install();
    await page.goto(`${baseUrl}/admin/portal`);
    const countdown = cards.getByTestId('portal-countdown');
    const [, h, m] = /^还剩 (\d+) 小时 (\d+) 分$/.exec((await countdown.textContent()) ?? '')!.map(Number) as [number, number, number];
    await page.clock.fastForward('02:30:00');
    const left = h * 60 + m - 150;
    expect(await countdown.textContent()).toBe(`还剩 ${Math.floor(left / 60)} 小时 ${left % 60} 分`);
    await page.clock.fastForward('22:00:00');
    const over = 22 * 60 - left;
    expect(await countdown.textContent()).toBe(over >= 60 ? `已超时 ${Math.floor(over / 60)} 小时 ${over % 60} 分` : `已超时 ${over} 分钟`);
    expect(await cards.getByTestId('portal-deadline').getAttribute('class')).toBe('deadline overdue');

    const guessed = await page.goto(`${baseUrl}/admin/portal/leads/${other.id}`);
    expect(guessed?.status()).toBe(404);
    await page.goto(`${baseUrl}/admin/portal`);
    await page.getByTestId('portal-lead-link').click();
    await expectNoSidewaysScroll(page);
    await Promise.all([page.waitForURL(/done=acknowledged/), page.getByTestId('acknowledge').click()]);
    await page.locator('#f-status').selectOption('contacted');
    await page.locator('#f-note').fill('已电话联系，约下周面谈');
    await Promise.all([page.waitForURL(/done=statusSaved/), page.getByTestId('save-status').click()]);
    // The status history, on the phone, as a list.
    const steps = await page.getByTestId('lead-history').locator('li').allTextContents();
    expect(steps.at(-2)).toContain('合作伙伴已确认接收');
    expect(steps.at(-1)).toContain('状态改为“已联系” — 已电话联系，约下周面谈');
    expect(await page.getByTestId('portal-deadline').textContent()).toMatch(/^已于 .* 确认接收$/);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'portal-lead-phone');

    const staff = (await open()).page;
    await logIn(staff, 'editor1', 'editor1-password-123');
    await staff.goto(`${baseUrl}/admin/leads?partner=ic-partner`);
    expect(await staff.getByTestId('lead-status').first().textContent()).toBe('已联系');
    await screenshot(staff, 'leads');
    await staff.getByTestId('lead-link').first().click();
    expect(await staff.getByTestId('partner-note').textContent()).toBe('已电话联系，约下周面谈');
    const history = (await staff.getByTestId('lead-history').textContent()) ?? '';
    expect(history).toContain('合作伙伴已确认接收');
    expect(history).toContain('via portal');
    expect(history).toContain('状态改为“已联系”');
    expect(history).not.toContain('status:contacted');
    await staff.goto(`${baseUrl}/admin/funnel`);
    await staff.getByTestId('funnel-chart').waitFor();
    await screenshot(staff, 'funnel');
    expect(errors).toEqual([]);
  });

  it('shows markup published in an answer as text in the web chat', async () => {
    const payload = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const { page, errors } = await open();
    await logIn(page, 'editor1', 'editor1-password-123');
    await page.goto(`${baseUrl}/admin/content/entries/housing-subsidy`);
    const body = page.locator('#f-en-body');
    await body.fill(`${await body.inputValue()}\n\n${payload}`);
    await Promise.all([page.waitForURL(/done=saved/), page.getByTestId('save').click()]);
    await publishDraft(page, 'markup test');

    const chat = await askWebChat('Is there a subsidy for buying a home?');
    expect(chat.text).toContain(payload);
    expect(await chat.page.locator('#messages img, #messages script').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
