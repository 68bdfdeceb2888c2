/**
 * Editing, previewing, publishing through the evaluation gate, history, restore, export and
 * import — through the console's HTTP routes, with the web chat API checking what the bot
 * answers.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { packKnowledgeArchive, unpackKnowledgeArchive } from '../../src/admin/publish/knowledgeArchive.js';
import { readKnowledgeFiles } from '../../src/admin/content/knowledgeFiles.js';
import { createStoreKnowledgeSource, type ContentSignal } from '../../src/admin/content/storeKnowledgeSource.js';
import { KNOWLEDGE_DIR } from '../helpers/testApp.js';
import { ADMIN, askChat, createAccount, createAdminTestApp, formFieldsOf, login, type AdminTestApp, type ConsoleClient } from './adminTestKit.js';

const HOUSING = '/admin/content/entries/housing-subsidy';
const NEW_ANSWER = '有。武进区“一揽子”政策为**获奖入选人才项目**提供最高50万元购房补贴。\n\n办理前请先向区委人才办预约（控制台测试修改）。';

let t: AdminTestApp;
let editor: ConsoleClient;
let diskFiles: Record<string, string>;

beforeAll(async () => {
  diskFiles = await readKnowledgeFiles(KNOWLEDGE_DIR);
});

beforeEach(async () => {
  await t?.app.http.close();
  t = await createAdminTestApp();
  const admin = await login(t.app, ADMIN.username, ADMIN.password);
  editor = await createAccount(t, admin, { username: 'editor1', role: 'editor' });
});

afterAll(async () => {
  await t?.app.http.close();
});

/** Edits the housing entry through its form; returns the response of the save. */
async function editHousing(change: (fields: Record<string, string>) => void, intent = 'save') {
  const fields = formFieldsOf((await editor.get(HOUSING)).body, 'entry-form');
  change(fields);
  return editor.post(HOUSING, { ...fields, intent });
}

async function publish(note = 'test'): Promise<number> {
  const draft = await t.admin.services.content.draft();
  const response = await editor.post('/admin/content/publish', { expectedHash: draft!.hash, note });
  expect(response.statusCode, response.body.slice(0, 3000)).toBe(303);
  return Number(/history\/(\d+)/.exec(response.headers.location as string)![1]);
}

describe('editing and publishing', () => {
  it('changes the housing answer: preview, draft, publish, and the bot answers the new text without a restart', async () => {
    expect((await askChat(t.app, '买房有补贴吗')).text).not.toContain('控制台测试修改');

    const preview = await editHousing((f) => Object.assign(f, { 'zh.body': NEW_ANSWER, previewQuestion: '买房有补贴吗' }), 'preview');
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('控制台测试修改');
    expect(preview.body).toContain('data-testid="preview-source"');
    expect(await t.admin.services.content.draft()).toBeUndefined();

    const saved = await editHousing((f) => (f['zh.body'] = NEW_ANSWER.replace(/\n/g, '\r\n')));
    expect(saved.statusCode).toBe(303);
    const draft = (await t.admin.services.content.draft())!;
    const changed = Object.keys(draft.files).filter((f) => draft.files[f] !== diskFiles[f]);
    expect(changed).toEqual(['entries/housing-subsidy.zh.md']);
    const [before, after] = [diskFiles['entries/housing-subsidy.zh.md']!, draft.files['entries/housing-subsidy.zh.md']!];
    expect(after.split('---\n')[1]).toBe(before.split('---\n')[1]);
    expect(after.endsWith(`${NEW_ANSWER}\n`)).toBe(true);
    expect((await askChat(t.app, '买房有补贴吗')).text).not.toContain('控制台测试修改');

    const check = await editor.get('/admin/content/draft');
    expect(check.body).toContain('data-testid="publish-ok"');
    expect(check.body).toContain('100.0% (40/40)');
    const revision = await publish('housing: appointment');
    expect(revision).toBe(1);
    expect(t.knowledge.revision).toBe(1);
    const answer = await askChat(t.app, '买房有补贴吗');
    expect(answer.topic).toBe('housing_subsidy');
    expect(answer.text).toContain('控制台测试修改');

    const history = await editor.get('/admin/content/history/1');
    expect(history.body).toContain('housing: appointment');
    expect(history.body).toContain('editor1');
    expect(history.body).toMatch(/class="added">\+ 办理前请先向区委人才办预约/);
    const audit = await t.admin.services.audit.list({ actionPrefix: 'content.' });
    expect(audit.map((e) => e.action)).toEqual(['content.publish', 'content.entry_saved']);
  });

  it('serves the live preview endpoint with unsaved changes', async () => {
    const fields = formFieldsOf((await editor.get(HOUSING)).body, 'entry-form');
    const response = await editor.post('/admin/content/preview', { ...fields, 'zh.body': NEW_ANSWER, previewQuestion: '购房补贴最高多少？' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('控制台测试修改');
    expect(response.body).toContain('housing-subsidy.zh');
    const fallback = await editor.post('/admin/content/preview', { ...fields, previewQuestion: '明天常州天气怎么样' });
    expect(fallback.body).toContain('不确定');
  });

  it('blocks a publish that breaks an evaluation question and shows the question', async () => {
    await editHousing((f) => (f['zh.body'] = '有。武进区为获奖入选人才项目提供最高60万元购房补贴。'));
    const page = await editor.get('/admin/content/draft');
    expect(page.body).toContain('data-testid="publish-blocked"');
    expect(page.body).toContain('data-testid="broken-questions"');
    expect(page.body).toContain('买房有补贴吗');
    expect(page.body).toContain('回答中缺少“50万”。');
    expect(page.body).not.toContain('answer lacks');
    const broken = page.body.slice(page.body.indexOf('data-testid="broken-questions"'));
    expect(broken).toContain('href="/admin/content/entries/housing-subsidy" data-testid="gate-entry"');
    expect(broken).toContain('60万元购房补贴');
    expect(broken).toContain('主题“购房补贴”');
    expect(page.body).toContain('data-testid="new-figures"');
    expect(page.body).toContain('600000');
    expect(page.body).not.toContain('data-testid="publish"');

    const draft = (await t.admin.services.content.draft())!;
    const response = await editor.post('/admin/content/publish', { expectedHash: draft.hash, note: 'try anyway' });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('买房有补贴吗');
    expect(await t.admin.services.content.head()).toBe(0);
    expect((await askChat(t.app, '买房有补贴吗')).text).toContain('50万');
    expect((await t.admin.services.audit.list({ actionPrefix: 'content.publish_blocked' }))).toHaveLength(1);
  });

  it('speaks English to English-speaking staff: the question, what the bot said instead and why', async () => {
    await editHousing((f) => (f['zh.body'] = '有。武进区为获奖入选人才项目提供最高60万元购房补贴。'));
    const page = await editor.get('/admin/content/draft?lang=en');
    const broken = page.body.slice(page.body.indexOf('data-testid="broken-questions"'));
    expect(broken).toContain('The answer lacks “50万”.');
    expect(broken).toContain('What the bot answered');
  });

  it('restores one entry of the draft to the published text and keeps the other changes', async () => {
    await editHousing((f) => (f['zh.body'] = '有。武进区为获奖入选人才项目提供最高60万元购房补贴。'));
    const url = '/admin/content/entries/startup-funding';
    const fields = formFieldsOf((await editor.get(url)).body, 'entry-form');
    expect((await editor.post(url, { ...fields, 'en.title': `${fields['en.title']} (edited)`, intent: 'save' })).statusCode).toBe(303);
    const page = await editor.get('/admin/content/draft');
    expect(page.body).toContain('data-testid="publish-blocked"');
    expect(page.body).toContain('data-testid="restore-housing-subsidy"');
    const form = formFieldsOf(page.body, 'restore-housing-subsidy');
    const restored = await editor.post('/admin/content/draft/restore-entry', form);
    expect(restored.statusCode, restored.body.slice(0, 2000)).toBe(303);
    const draft = (await t.admin.services.content.draft())!;
    expect(draft.files['entries/housing-subsidy.zh.md']).toBe(diskFiles['entries/housing-subsidy.zh.md']);
    expect(draft.files['entries/startup-funding.en.md']).toContain('(edited)');
    const after = await editor.get('/admin/content/draft');
    expect(after.body).toContain('data-testid="publish-ok"');
    expect(after.body).not.toContain('data-testid="restore-housing-subsidy"');
    expect((await t.admin.services.audit.list({ actionPrefix: 'content.entry_restored' })).map((e) => e.target)).toEqual(['housing-subsidy']);

    const stale = await editor.post('/admin/content/draft/restore-entry', { ...form, target: 'startup-funding' });
    expect(stale.statusCode).toBe(409);
    expect((await t.admin.services.content.draft())!.files['entries/startup-funding.en.md']).toContain('(edited)');
  });

  it('blocks a forbidden figure even without a drop elsewhere', async () => {
    const url = '/admin/content/entries/startup-funding';
    const fields = formFieldsOf((await editor.get(url)).body, 'entry-form');
    fields['zh.body'] = `${fields['zh.body']}\n\n最高可获500万元创业资助。`;
    expect((await editor.post(url, { ...fields, intent: 'save' })).statusCode).toBe(303);
    const page = await editor.get('/admin/content/draft');
    expect(page.body).toContain('data-testid="publish-blocked"');
    expect(page.body).toMatch(/个回答包含禁止出现的数字/);
    expect(page.body).toContain('获奖项目能拿到多少创业资助？');
  });

  it('shows schema errors next to their fields and saves nothing', async () => {
    const response = await editHousing((f) => Object.assign(f, { 'zh.title': '  ', 'en.sourceUrl': 'not a url', 'zh.asOf': '2024/10/23', 'en.questions': '\n\n', 'zh.review': 'needs_review' }));
    expect(response.statusCode).toBe(400);
    for (const name of ['zh.title', 'en.sourceUrl', 'zh.asOf', 'en.questions', 'zh.reviewNote']) expect(response.body, name).toContain(`data-testid="error-${name}"`);
    expect(response.body).toContain('expected a date written YYYY-MM-DD');
    expect(response.body).toContain('not a url');
    expect(await t.admin.services.content.draft()).toBeUndefined();
  });

  it('refuses a save based on a page someone else changed meanwhile, keeping their change', async () => {
    const stale = formFieldsOf((await editor.get(HOUSING)).body, 'entry-form');
    await editHousing((f) => (f['en.title'] = 'Home-purchase subsidy (first)'));
    const response = await editor.post(HOUSING, { ...stale, 'en.title': 'Home-purchase subsidy (second)', intent: 'save' });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('被他人修改');
    expect(response.body).toContain('Home-purchase subsidy (second)');
    expect((await t.admin.services.content.draft())!.files['entries/housing-subsidy.en.md']).toContain('Home-purchase subsidy (first)');
  });

  it('creates an entry with a new topic, edits an event and the calendar, touching only those lines', async () => {
    const newEntry = formFieldsOf((await editor.get('/admin/content/new-entry')).body, 'entry-form');
    const language = (title: string, q: string, body: string) => ({ title, questions: q, body, sourceTitle: '武进区：构建以赛聚才新赛道 为新质生产力注入新动能', sourcePublisher: '常州市武进区人民政府', sourceDate: '2024-10-23', sourceUrl: '', asOf: '2024-10-23', review: 'verified', reviewNote: '', tags: '' });
    const fields: Record<string, string> = { ...newEntry, slug: 'parking-permit', topic: '__new', newTopicId: 'parking', newTopicZh: '停车', newTopicEn: 'Parking', intent: 'save' };
    for (const [l, v] of Object.entries({ zh: language('停车证', '人才停车证怎么办', '资料没有说明停车证。'), en: language('Parking permit', 'How do I get a parking permit?', 'The source does not mention parking permits.') })) {
      for (const [k, value] of Object.entries(v)) fields[`${l}.${k}`] = value;
    }
    expect((await editor.post('/admin/content/new-entry', fields)).statusCode).toBe(303);
    let draft = (await t.admin.services.content.draft())!;
    expect(draft.files['entries/parking-permit.zh.md']).toContain('topic: parking');
    expect(draft.files['topics.yaml']).toBe(`${diskFiles['topics.yaml']}  - id: parking\n    name: {zh: 停车, en: Parking}\n`);

    const eventUrl = '/admin/content/events/xian-station-2024';
    const event = formFieldsOf((await editor.get(eventUrl)).body, 'event-form');
    expect((await editor.post(eventUrl, { ...event, start: '2024-07-01' })).statusCode).toBe(303);
    const settings = formFieldsOf((await editor.get('/admin/content/calendar')).body, 'calendar-form');
    expect((await editor.post('/admin/content/calendar', { ...settings, asOf: '2024-10-24' })).statusCode).toBe(303);
    draft = (await t.admin.services.content.draft())!;
    const before = diskFiles['calendar.yaml']!.split('\n');
    const after = draft.files['calendar.yaml']!.split('\n');
    expect(after.length).toBe(before.length + 1);
    expect(after.filter((l) => !before.includes(l))).toEqual(['asOf: 2024-10-24', '    start: 2024-07-01']);

    const bad = await editor.post(eventUrl, { ...event, baseHash: formFieldsOf((await editor.get(eventUrl)).body, 'event-form').baseHash!, end: '2024-01-01', start: '2024-07-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('data-testid="error-end"');
  });
});

describe('history and restore', () => {
  it('restores an earlier revision: the republished files equal it, and the bot answers from it', async () => {
    await editHousing((f) => (f['zh.body'] = `${f['zh.body']}\n\n第一版修改。`));
    const first = await publish('first');
    await editHousing((f) => (f['zh.body'] = f['zh.body']!.replace('第一版修改。', '第二版修改。')));
    const second = await publish('second');
    expect((await askChat(t.app, '买房有补贴吗')).text).toContain('第二版修改');

    expect((await editor.post(`/admin/content/history/${first}/restore`)).statusCode).toBe(303);
    const page = await editor.get('/admin/content/draft');
    expect(page.body).toContain('草稿由第 1 版恢复而来');
    const third = await publish('restore 1');
    expect([first, second, third]).toEqual([1, 2, 3]);
    const [r1, r3] = await Promise.all([t.admin.services.content.revision(1), t.admin.services.content.revision(3)]);
    expect(r3!.files).toEqual(r1!.files);
    expect(r3!.restoredFrom).toBe(1);
    expect((await askChat(t.app, '买房有补贴吗')).text).toContain('第一版修改');

    expect((await editor.post('/admin/content/history/0/restore')).statusCode).toBe(303);
    await publish('back to the files');
    expect((await t.admin.services.content.published()).files).toEqual(diskFiles);
    const list = await editor.get('/admin/content/history');
    for (const n of [0, 1, 2, 3, 4]) expect(list.body).toContain(`data-testid="revision-${n}"`);
  });
});

describe('other processes', () => {
  it('picks up a published revision by polling the store and by the reload signal', async () => {
    const handlers = new Set<(message: string) => void>();
    const signal: ContentSignal = {
      publish: async (_channel, message) => handlers.forEach((h) => h(message)),
      subscribe: async (_channel, handler) => {
        handlers.add(handler);
        return async () => void handlers.delete(handler);
      },
    };
    const publisher = await createStoreKnowledgeSource({ store: t.store, clock: t.clock, knowledgeDir: KNOWLEDGE_DIR, pollMs: 0, signal });
    const listener = await createStoreKnowledgeSource({ store: t.store, clock: t.clock, knowledgeDir: KNOWLEDGE_DIR, pollMs: 0, signal });
    const poller = await createStoreKnowledgeSource({ store: t.store, clock: t.clock, knowledgeDir: KNOWLEDGE_DIR, pollMs: 0 });
    const other = await createAdminTestApp({ store: t.store, clock: t.clock, knowledge: publisher });
    try {
      const otherEditor = await login(other.app, 'editor1', 'editor1-password-123');
      const fields = formFieldsOf((await otherEditor.get(HOUSING)).body, 'entry-form');
      expect((await otherEditor.post(HOUSING, { ...fields, 'zh.body': NEW_ANSWER, intent: 'save' })).statusCode).toBe(303);
      const draft = (await t.admin.services.content.draft())!;
      expect((await otherEditor.post('/admin/content/publish', { expectedHash: draft.hash, note: 'from the other process' })).statusCode).toBe(303);
      await expect.poll(() => listener.revision).toBe(1);
      expect(listener.current().entryFor('housing_subsidy', 'zh')!.body).toContain('控制台测试修改');
      expect(poller.revision).toBe(0);
      expect(await poller.refresh()).toBe(true);
      expect(poller.current().entryFor('housing_subsidy', 'zh')!.body).toContain('控制台测试修改');
      expect(t.knowledge.revision).toBe(0);
      await t.knowledge.refresh();
      expect((await askChat(t.app, '买房有补贴吗')).text).toContain('控制台测试修改');
    } finally {
      await other.app.http.close();
      await Promise.all([publisher.close(), listener.close(), poller.close()]);
    }
  });
});

describe('export and import', () => {
  it('exports the knowledge/ files byte for byte, and importing the export changes nothing', async () => {
    const response = await editor.get('/admin/content/export?revision=published');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain('knowledge-r0.tar.gz');
    const archive = unpackKnowledgeArchive(response.rawPayload);
    expect(archive.files).toEqual(diskFiles);
    expect(archive.regression).toBe(readFileSync(path.join(KNOWLEDGE_DIR, 'regression.jsonl'), 'utf8'));
    expect(packKnowledgeArchive({ files: archive.files, regression: archive.regression! }, (await t.admin.services.content.published()).at)).toEqual(response.rawPayload);

    const imported = await importArchive(editor, response.rawPayload);
    expect(imported.statusCode).toBe(303);
    expect(await t.admin.services.content.draft()).toBeUndefined();

    try {
      const dir = mkdtempSync(path.join(tmpdir(), 'talentbot-export-'));
      writeFileSync(path.join(dir, 'k.tar.gz'), response.rawPayload);
      execFileSync('tar', ['-xzf', 'k.tar.gz'], { cwd: dir });
      expect(await readKnowledgeFiles(path.join(dir, 'knowledge'))).toEqual(diskFiles);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  });

  it('round-trips edited content and staff questions: export → import → export gives the same texts', async () => {
    await editHousing((f) => (f['zh.body'] = NEW_ANSWER));
    await t.admin.services.regression.add([{ lang: 'zh', q: '买新房政府给报销吗', expect: { topic: 'housing_subsidy' }, addedBy: 'editor1' }]);
    const exported = await editor.get('/admin/content/export?revision=draft');
    const first = unpackKnowledgeArchive(exported.rawPayload);
    expect(first.regression).toContain('买新房政府给报销吗');

    const fresh = await createAdminTestApp();
    try {
      const freshEditor = await login(fresh.app, ADMIN.username, ADMIN.password);
      expect((await importArchive(freshEditor, exported.rawPayload, fresh.app)).statusCode).toBe(303);
      const again = unpackKnowledgeArchive((await freshEditor.get('/admin/content/export?revision=draft')).rawPayload);
      expect(again.files).toEqual(first.files);
      expect(again.regression).toBe(first.regression);
      expect((await fresh.admin.services.regression.staff()).map((c) => c.q)).toEqual(['买新房政府给报销吗']);
      expect((await fresh.admin.services.audit.list({ actionPrefix: 'content.import' }))).toHaveLength(1);
    } finally {
      await fresh.app.http.close();
    }
  });

  it('refuses an archive with invalid content, listing the problems, and keeps the draft', async () => {
    const files = { ...diskFiles, 'entries/housing-subsidy.zh.md': diskFiles['entries/housing-subsidy.zh.md']!.replace('asOf: 2024-10-23', 'asOf: soon') };
    const response = await importArchive(editor, packKnowledgeArchive({ files }, 0));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('data-testid="import-problems"');
    expect(response.body).toContain('entries/housing-subsidy.zh.md: asOf');
    expect(await t.admin.services.content.draft()).toBeUndefined();
    const garbage = await importArchive(editor, Buffer.from('this is not an archive'));
    expect(garbage.statusCode).toBe(400);
  });
});

/** Posts an archive through the import form (multipart, like a browser). */
function importArchive(client: ConsoleClient, data: Buffer, app = t.app) {
  const boundary = '----talentbot-test-boundary';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${client.csrf}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="archive"; filename="knowledge.tar.gz"\r\nContent-Type: application/gzip\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return app.http.inject({ method: 'POST', url: '/admin/content/import', headers: { cookie: client.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
}
