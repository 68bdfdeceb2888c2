/**
 * The dialogue phrases page: editors add phrasings and edit replies of dialogue acts into
 * the draft, through the same validation as the files; a refused edit leaves the draft
 * alone; partners cannot open it; a published phrasing is recognised by the bot.
 */
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { dialogueActsFileSchema } from '../../src/knowledge/dialogueActSchema.js';
import { ADMIN, createAccount, createAdminTestApp, formFieldsOf, login, type AdminTestApp, type ConsoleClient } from './adminTestKit.js';

const PAGE = '/admin/content/dialogue-acts';
const FILE = 'dialogue-acts.yaml';

let t: AdminTestApp;
let admin: ConsoleClient;
let editor: ConsoleClient;

beforeEach(async () => {
  await t?.app.http.close();
  t = await createAdminTestApp();
  admin = await login(t.app, ADMIN.username, ADMIN.password);
  editor = await createAccount(t, admin, { username: 'editor1', role: 'editor' });
});

afterAll(async () => {
  await t?.app.http.close();
});

/** Opens the page, changes its fields and posts them as a browser would. */
async function editActs(change: (fields: Record<string, string>) => void) {
  const page = await editor.get(PAGE);
  expect(page.statusCode).toBe(200);
  const fields = formFieldsOf(page.body, 'dialogue-acts-form');
  change(fields);
  return editor.post(PAGE, fields);
}

/** The acts of the draft's file, validated by the file's schema. */
async function draftActs() {
  const draft = await t.admin.services.content.draft();
  expect(draft).toBeDefined();
  return dialogueActsFileSchema.parse(parseYaml(draft!.files[FILE]!));
}

/** The acts of the first replies the web chat gives a new user. */
async function actsOf(text: string, app = t.app): Promise<Array<string | undefined>> {
  const response = await app.http.inject({ method: 'POST', url: '/api/chat', payload: { user: `web-${Math.random().toString(36).slice(2)}`, text } });
  return (response.json() as { replies: Array<{ act?: string }> }).replies.map((r) => r.act);
}

describe('dialogue phrases page', () => {
  it('shows every act with its phrasings, lists and reply, the comments note, and is linked from the content page', async () => {
    const list = await editor.get('/admin/content');
    expect(list.body).toContain(`href="${PAGE}"`);
    const page = await editor.get(PAGE);
    for (const act of ['greeting', 'thanks', 'goodbye', 'help', 'human', 'apply', 'resume', 'menu', 'frustration', 'yes', 'no']) {
      expect(page.body).toContain(`data-testid="act-${act}"`);
    }
    const fields = formFieldsOf(page.body, 'dialogue-acts-form');
    expect(fields['greeting.whole.zh']!.split('\n')).toContain('哈喽');
    expect(fields['human.contains.zh']!.split('\n')).toContain('转人工');
    expect(fields['thanks.short.en']!.split('\n')).toContain('cheers');
    expect(fields['thanks.reply.en']).toBe("You're welcome! Ask me anything else at any time.");
    expect(fields['greeting.contains.zh']).toBeUndefined();
    expect(fields['apply.reply.zh']).toBeUndefined();
    expect(page.body).toContain('data-testid="comments-note"');
    expect(page.body).not.toContain('followUps');
    expect(page.body).not.toContain('evidence');
  });

  it('adds a phrasing into the draft: only that list changes, the file validates, and the change is audited', async () => {
    const before = (await t.admin.services.content.working()).files[FILE]!;
    const saved = await editActs((f) => (f['greeting.whole.zh'] = `${f['greeting.whole.zh']}\r\n哈喽哈喽\r\n`));
    expect(saved.statusCode, saved.body.slice(0, 2000)).toBe(303);
    expect(saved.headers.location).toBe(`${PAGE}?done=saved`);

    const acts = await draftActs();
    expect(acts.acts.greeting!.whole.zh).toContain('哈喽哈喽');
    expect(acts.acts.greeting!.whole.zh.filter((w) => w === '哈喽')).toHaveLength(1);
    const after = (await t.admin.services.content.draft())!.files[FILE]!;
    const changed = after.split('\n').filter((line, i) => line !== before.split('\n')[i]);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatch(/^ {6}zh: \[你好, .*, 嗨你好, 哈喽哈喽\]$/);
    expect((await t.admin.services.audit.list({ actionPrefix: 'content.' })).map((e) => [e.action, e.target])).toEqual([['content.dialogue_acts_saved', FILE]]);
    expect((await editor.get(PAGE)).body).toContain('哈喽哈喽');
  });

  it('refuses an empty reply with the error under the field and leaves the draft unchanged', async () => {
    const refused = await editActs((f) => {
      f['thanks.reply.zh'] = '  ';
      f['thanks.whole.en'] = `${f['thanks.whole.en']}\nhowdy partner`;
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('data-testid="error-thanks.reply.zh"');
    expect(refused.body).toContain('howdy partner');
    expect(await t.admin.services.content.draft()).toBeUndefined();
    expect(await t.admin.services.audit.list({ actionPrefix: 'content.' })).toEqual([]);
  });

  it('refuses a form it does not send (an unknown act, half a pair) and a stale one', async () => {
    const fields = formFieldsOf((await editor.get(PAGE)).body, 'dialogue-acts-form');
    expect((await editor.post(PAGE, { ...fields, 'weather.whole.zh': '天气' })).statusCode).toBe(400);
    expect((await editor.post(PAGE, { baseHash: fields.baseHash!, 'greeting.whole.zh': '你好' })).statusCode).toBe(400);
    expect((await editor.post(PAGE, { ...fields, baseHash: 'stale', 'greeting.whole.zh': '你好' })).statusCode).toBe(409);
    expect(await t.admin.services.content.draft()).toBeUndefined();
  });

  it('shows markup typed into a phrasing or reply as text', async () => {
    const markup = '<script>alert(1)</script>';
    const saved = await editActs((f) => {
      f['thanks.whole.en'] = `${f['thanks.whole.en']}\n${markup}`;
      f['thanks.reply.en'] = `You're welcome ${markup}`;
    });
    expect(saved.statusCode).toBe(303);
    const page = await editor.get(PAGE);
    expect(page.body).not.toContain(markup);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect((await draftActs()).acts.thanks!.reply!.en).toBe(`You're welcome ${markup}`);
  });

  it('is closed to partner accounts', async () => {
    const partner = await createAccount(t, admin, { username: 'icp', role: 'partner', partnerId: 'ic-partner' });
    expect((await partner.get(PAGE)).statusCode).toBe(403);
    expect((await partner.post(PAGE, { 'greeting.whole.zh': '你好', 'greeting.whole.en': 'hi' })).statusCode).toBe(403);
    expect(await t.admin.services.content.draft()).toBeUndefined();
  });

  it('makes the bot recognise published phrasings as the act', async () => {
    // "大家伙好呀" is no greeting before the edit ("哈喽哈喽" already is, as a typing variant of 哈喽).
    expect(await actsOf('大家伙好呀')).not.toContain('greeting');
    await editActs((f) => (f['greeting.whole.zh'] = `${f['greeting.whole.zh']}\n哈喽哈喽\n大家伙好呀`));
    expect(await actsOf('大家伙好呀')).not.toContain('greeting');

    const draft = (await t.admin.services.content.draft())!;
    const response = await editor.post('/admin/content/publish', { expectedHash: draft.hash, note: 'greetings' });
    expect(response.statusCode, response.body.slice(0, 3000)).toBe(303);
    expect(t.knowledge.revision).toBe(1);
    expect(await actsOf('大家伙好呀')).toContain('greeting');
    expect(await actsOf('哈喽哈喽')).toContain('greeting');

    // Another process of the same deployment loads the published revision from the store.
    const other = await createAdminTestApp({ store: t.store, clock: t.clock });
    try {
      expect(other.knowledge.revision).toBe(1);
      expect(await actsOf('大家伙好呀', other.app)).toContain('greeting');
      expect(await actsOf('哈喽哈喽', other.app)).toContain('greeting');
    } finally {
      await other.app.http.close();
    }
  });
});
