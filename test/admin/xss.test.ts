/**
 * Stored XSS: markup typed into every editable field — entry title, phrasings, answer,
 * source, review note, tags, topic names, calendar events and settings — and into what
 * applicants and partners send (inbox questions, lead answers and contact, partner notes,
 * a login name) comes out as text on every console page and in the bot's replies.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboxRecorder } from '../../src/admin/inbox/inbox.js';
import { renderMarkdown } from '../../src/admin/content/renderMarkdown.js';
import { PROJECT_ROOT } from '../../src/config/projectRoot.js';
import { ADMIN, askChat, createAccount, createAdminTestApp, formFieldsOf, login, makeLead, type AdminTestApp, type ConsoleClient } from './adminTestKit.js';

const PAYLOAD = `<script>alert("x")</script><img src=x onerror=alert(1)>"'&`;
const RAW = ['<script>alert(', '<img src=x', 'onerror=alert(1)>', 'href="javascript:'];

let t: AdminTestApp;
let admin: ConsoleClient;
let editor: ConsoleClient;
let partner: ConsoleClient;
let leadId = '';

/** Fails when a page holds the payload as markup; passes when it holds it escaped. */
function expectNeutralised(body: string, where: string) {
  for (const raw of RAW) expect(body.includes(raw), `${where} contains ${raw}`).toBe(false);
  expect(body.includes('&lt;script&gt;alert(') || body.includes('&lt;img src=x'), `${where} shows the payload as text`).toBe(true);
}

beforeAll(async () => {
  t = await createAdminTestApp();
  admin = await login(t.app, ADMIN.username, ADMIN.password);
  editor = await createAccount(t, admin, { username: 'ed', role: 'editor' });
  partner = await createAccount(t, admin, { username: 'icp', role: 'partner', partnerId: 'ic-partner' });

  const url = '/admin/content/entries/housing-subsidy';
  const fields = formFieldsOf((await editor.get(url)).body, 'entry-form');
  for (const l of ['zh', 'en']) {
    fields[`${l}.title`] = `${fields[`${l}.title`]} ${PAYLOAD}`;
    fields[`${l}.questions`] = `${fields[`${l}.questions`]}\n${PAYLOAD}`;
    fields[`${l}.body`] = `${fields[`${l}.body`]}\n\n- **${PAYLOAD}**\n\n${PAYLOAD}`;
    fields[`${l}.sourceTitle`] = PAYLOAD;
    fields[`${l}.sourcePublisher`] = PAYLOAD;
    fields[`${l}.reviewNote`] = PAYLOAD;
    fields[`${l}.tags`] = `${fields[`${l}.tags`]}, ${PAYLOAD.replace(/,/g, '')}`;
  }
  fields['en.sourceUrl'] = 'javascript:alert(1)';
  const refused = await editor.post(url, { ...fields, intent: 'save' });
  expect(refused.statusCode).toBe(400);
  expect(refused.body).toContain('data-testid="error-en.sourceUrl"');
  expectNeutralised(refused.body, 'the refused form');
  fields['en.sourceUrl'] = '';
  expect((await editor.post(url, { ...fields, intent: 'save' })).statusCode).toBe(303);

  const newEntry = formFieldsOf((await editor.get('/admin/content/new-entry')).body, 'entry-form');
  const created: Record<string, string> = { ...newEntry, slug: 'xss-test', topic: '__new', newTopicId: 'xss_topic', newTopicZh: PAYLOAD, newTopicEn: PAYLOAD, intent: 'save' };
  for (const l of ['zh', 'en']) {
    Object.assign(created, {
      [`${l}.title`]: PAYLOAD,
      [`${l}.questions`]: `${PAYLOAD} 停车证`,
      [`${l}.body`]: PAYLOAD,
      [`${l}.sourceTitle`]: 'x',
      [`${l}.sourcePublisher`]: 'x',
      [`${l}.sourceDate`]: '2024-10-23',
      [`${l}.asOf`]: '2024-10-23',
      [`${l}.review`]: 'verified',
    });
  }
  expect((await editor.post('/admin/content/new-entry', created)).statusCode).toBe(303);

  const eventUrl = '/admin/content/events/xian-station-2024';
  const event = formFieldsOf((await editor.get(eventUrl)).body, 'event-form');
  expect((await editor.post(eventUrl, { ...event, nameZh: PAYLOAD, nameEn: PAYLOAD, regionZh: PAYLOAD, noteEn: PAYLOAD, sourceTitle: PAYLOAD })).statusCode).toBe(303);
  const settings = formFieldsOf((await editor.get('/admin/content/calendar')).body, 'calendar-form');
  expect((await editor.post('/admin/content/calendar', { ...settings, howToHearZh: `${settings.howToHearZh}${PAYLOAD}` })).statusCode).toBe(303);

  await createInboxRecorder(t.store, t.clock).record({ question: `${PAYLOAD} 人才能不能申请停车位`, language: 'zh', fallback: true });
  const lead = await makeLead(t, { answers: { industry: 'integrated_circuits', org: PAYLOAD, name: PAYLOAD, contact: '13800138000' }, contact: { name: PAYLOAD, phone: '13800138000' } });
  leadId = lead.id;
  expect((await partner.post(`/admin/portal/leads/${leadId}/status`, { status: 'contacted', note: PAYLOAD })).statusCode).toBe(303);
  await expect(login(t.app, PAYLOAD, 'whatever-password')).rejects.toThrow();
});

afterAll(async () => {
  await t.app.http.close();
});

describe('stored XSS in the console', () => {
  it('shows every edited field as text on the content pages, the draft diff and the preview', async () => {
    const pages = [
      '/admin/content',
      '/admin/content?q=script',
      '/admin/content/entries/housing-subsidy',
      '/admin/content/entries/xss-test',
      '/admin/content/events/xian-station-2024',
      '/admin/content/calendar',
      '/admin/content/draft',
      '/admin/content/new-entry',
    ];
    for (const url of pages) {
      const response = await editor.get(url);
      expect(response.statusCode, url).toBe(200);
      expectNeutralised(response.body, url);
    }
    const fields = formFieldsOf((await editor.get('/admin/content/entries/housing-subsidy')).body, 'entry-form');
    const preview = await editor.post('/admin/content/preview', { ...fields, previewQuestion: '买房有补贴吗' });
    expectNeutralised(preview.body, 'preview');
    expect(preview.body).toContain('<strong>&lt;script&gt;');
  });

  it('keeps the payload as text after publishing: history, and the bot replies carry it as plain text', async () => {
    const draft = (await t.admin.services.content.draft())!;
    const published = await editor.post('/admin/content/publish', { expectedHash: draft.hash, note: PAYLOAD });
    expect(published.statusCode, published.body.slice(0, 2000)).toBe(303);
    for (const url of ['/admin/content/history', '/admin/content/history/1', '/admin/content/entries/housing-subsidy']) expectNeutralised((await editor.get(url)).body, url);

    const reply = await askChat(t.app, '买房有补贴吗');
    expect(reply.topic).toBe('housing_subsidy');
    // The API returns text (JSON); the web page inserts it with textContent only.
    expect(reply.text).toContain(PAYLOAD);
    const chatJs = readFileSync(path.join(PROJECT_ROOT, 'src', 'channels', 'web', 'assets', 'chat.js'), 'utf8');
    expect(chatJs).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect(chatJs).toMatch(/textContent/);
  });

  it('shows applicant and partner text as text: inbox, leads, lead detail, portal, audit', async () => {
    const pages: Array<[ConsoleClient, string]> = [
      [editor, '/admin/inbox'],
      [admin, '/admin/leads'],
      [admin, `/admin/leads/${leadId}`],
      [editor, `/admin/leads/${leadId}`],
      [partner, '/admin/portal'],
      [partner, `/admin/portal/leads/${leadId}`],
      [admin, '/admin/audit'],
    ];
    for (const [client, url] of pages) {
      const response = await client.get(url);
      expect(response.statusCode, url).toBe(200);
      expectNeutralised(response.body, url);
    }
    const csv = await admin.get('/admin/leads.csv');
    expect(csv.body).toContain('<script>');
    expect(csv.headers['content-type']).toContain('text/csv');
  });

  it('renders Markdown with everything escaped', () => {
    expect(renderMarkdown(`**${PAYLOAD}**\n- a <b>b</b>`).value).toBe(
      '<p><strong>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;</strong></p>\n<ul>\n<li>a &lt;b&gt;b&lt;/b&gt;</li>\n</ul>',
    );
  });

  it('serves the console with a strict content security policy', async () => {
    const response = await editor.get('/admin/content');
    expect(response.headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    expect(response.body).not.toMatch(/<script(?! src="\/admin\/assets\/console\.js" defer><\/script>)/);
    expect(response.body).not.toMatch(/ style="/);
  });
});
