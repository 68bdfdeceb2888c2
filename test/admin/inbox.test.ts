/**
 * The inbox of unanswered questions: personal data stripped before storage, grouping by
 * similar wording, and what staff do with a group — phrasings of an entry (then answered
 * once published), a new entry, questions for the regression set, dismissal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToInbox, aggregateInbox, createInbox, createInboxRecorder, readInbox } from '../../src/admin/inbox/inbox.js';
import { createManualClock } from '../../src/shared/clock.js';
import { createMemoryStore } from '../../src/store/memoryStore.js';
import { stripPersonalData } from '../../src/admin/shared/stripPersonalData.js';
import type { Store } from '../../src/store/contract.js';
import { createEngine } from '../../src/core/engine.js';
import { fixedKnowledge } from '../../src/knowledge/knowledgeBase.js';
import { ENGINE_TEXTS } from '../../src/core/texts.js';
import { shippedKnowledgeBase, shippedProfile, TEST_NOW } from '../helpers/testApp.js';
import { ADMIN, askChat, createAccount, createAdminTestApp, formFieldsOf, login, type AdminTestApp, type ConsoleClient } from './adminTestKit.js';

describe('stripPersonalData', () => {
  it.each([
    ['我的手机是13812345678，能回电吗', '我的手机是[phone]，能回电吗'],
    ['电话 +86 138-1234-5678 或 0519-86123456', '电话 [phone] 或 [phone]'],
    ['email me at wang.fang@example.com please', 'email me at [email] please'],
    ['身份证32048219900101123X', '身份证[id]'],
    ['我的订单号是 20240101889900', '我的订单号是 [number]'],
    ['我叫王芳，想问购房补贴', '我叫[name]，想问购房补贴'],
    ['手机号１３８１２３４５６７８', '手机号[phone]'],
    ['本人姓名：欧阳娜娜 博士', '本人姓名：[name] 博士'],
    ['王先生想了解人才公寓', '[name]先生想了解人才公寓'],
    ['my name is John Smith, can I apply?', 'my name is [name], can I apply?'],
    ['微信号 wxid_abc123 加我', '[contact] 加我'],
    ['see https://example.com/x?id=1', 'see [link]'],
    ['2024年的补贴是50万吗', '2024年的补贴是50万吗'],
  ])('%s', (input, expected) => {
    expect(stripPersonalData(input)).toBe(expected);
  });
});

describe('grouping', () => {
  const now = Date.parse('2026-03-01T00:00:00Z');
  it('groups the same and similar wordings, keeps languages apart, counts and remembers when', () => {
    let doc = readInbox(undefined);
    const add = (question: string, language: 'zh' | 'en' = 'zh', at = now, topic?: string) => (doc = addToInbox(doc, { question, language, fallback: true, ...(topic ? { topic } : {}) }, at));
    add('买新房政府给报销吗？');
    add('买新房政府给报销吗', 'zh', now + 1000, 'housing_subsidy');
    add('买新房 政府给不给报销', 'zh', now + 2000);
    add('明天天气怎么样');
    add('Does the government refund a new home?', 'en');
    add('does the government refund new homes', 'en');
    expect(doc.groups).toHaveLength(3);
    const housing = doc.groups.find((g) => g.wordings.some((w) => w.text.startsWith('买新房')))!;
    expect(housing.count).toBe(3);
    expect(housing.wordings.map((w) => [w.text, w.count])).toEqual([
      ['买新房政府给报销吗？', 2],
      ['买新房 政府给不给报销', 1],
    ]);
    expect(housing.lastSeen).toBe(now + 2000);
    expect(housing.topics).toEqual({ housing_subsidy: 1 });
    expect(doc.groups.find((g) => g.language === 'en')!.count).toBe(2);
  });

  it('never stores the personal data of a question', async () => {
    const { createMemoryStore } = await import('../../src/store/memoryStore.js');
    const { createManualClock } = await import('../../src/shared/clock.js');
    const clock = createManualClock(now);
    const store = createMemoryStore(clock);
    await createInboxRecorder(store, clock).record({ question: '我叫李雷，电话13912345678，买房补贴怎么领', language: 'zh', fallback: true });
    const stored = JSON.stringify(await store.state.listPrefix('admin:inbox'));
    expect(stored).not.toContain('13912345678');
    expect(stored).not.toContain('李雷');
    expect(stored).toContain('[phone]');
  });

  it('groups recorded questions when read exactly as one-at-a-time grouping does', () => {
    const questions = ['买新房政府给报销吗？', '买新房政府给报销吗', '买新房 政府给不给报销', '明天天气怎么样', 'Does the government refund a new home?', 'does the government refund new homes'];
    const records = questions.map((text, i) => ({ text, language: /[a-z]/i.test(text) ? ('en' as const) : ('zh' as const), fallback: true, at: now + i * 1000 }));
    let doc = readInbox(undefined);
    for (const r of records) doc = addToInbox(doc, { question: r.text, language: r.language, fallback: true }, r.at);
    const strip = (groups: Array<{ terms: string[] }>) => groups.map(({ terms: _terms, ...rest }) => rest);
    expect(strip(aggregateInbox([...records].reverse()))).toEqual(strip(doc.groups));
  });

  it('records each question as its own small key, and forgets the wordings holding an erased name', async () => {
    const clock = createManualClock(now);
    const store = createMemoryStore(clock);
    const recorder = createInboxRecorder(store, clock);
    await recorder.record({ question: '欧阳锋锐问火星补贴', language: 'zh', fallback: true });
    await recorder.record({ question: '火星补贴有吗', language: 'zh', fallback: true });
    expect(await store.state.listPrefix('admin:inbox:q:')).toHaveLength(2);
    expect(await recorder.forget(['欧阳锋锐'])).toBe(1);
    const texts = (await createInbox(store, clock).list()).flatMap((g) => g.wordings.map((w) => w.text));
    expect(texts).toEqual(['火星补贴有吗']);
  });

  it('converts an inbox of the older one-document form, keeping counts and decisions', async () => {
    const clock = createManualClock(now);
    const store = createMemoryStore(clock);
    let doc = readInbox(undefined);
    doc = addToInbox(doc, { question: '买新房政府给报销吗', language: 'zh', fallback: true }, now);
    doc = addToInbox(doc, { question: '买新房政府给报销吗', language: 'zh', fallback: true }, now + 1);
    doc = addToInbox(doc, { question: '明天天气怎么样', language: 'zh', fallback: true }, now + 2);
    doc.groups[1]!.status = 'dismissed';
    await store.state.set('admin:inbox', doc);
    const inbox = createInbox(store, clock);
    const groups = await inbox.list();
    expect(groups.map((g) => [g.wordings[0]?.text, g.count, g.status])).toEqual([
      ['买新房政府给报销吗', 2, 'open'],
      ['明天天气怎么样', 1, 'dismissed'],
    ]);
    expect(await store.state.get('admin:inbox')).toBeUndefined();
  });

  it('keeps what the bot answered with each question, stripped and short, and counts it per group', async () => {
    const clock = createManualClock(TEST_NOW);
    const store = createMemoryStore(clock);
    const engine = createEngine({ clock, store, knowledge: fixedKnowledge(await shippedKnowledgeBase()), profile: await shippedProfile(), inbox: createInboxRecorder(store, clock) });
    const [reply] = await engine.handle({ channel: 'web', userId: 'u1', messageId: 'm1', text: '火星上的人才有没有补贴' });
    expect(reply!.fallback).toBe(true);
    await engine.handle({ channel: 'web', userId: 'u2', messageId: 'm2', text: '火星上的人才有没有补贴？' });
    await new Promise((resolve) => setImmediate(resolve));
    const [group] = await createInbox(store, clock).list();
    expect(group!.answers).toHaveLength(1);
    expect(group!.answers[0]).toMatchObject({ count: 2 });
    expect(group!.answers[0]!.entryId).toBeUndefined();
    expect(group!.answers[0]!.text).toBe(stripPersonalData(reply!.text, 160));

    const recorder = createInboxRecorder(store, clock);
    await recorder.record({ question: '人才公寓租金多少', language: 'zh', fallback: false, entryId: 'workspace-apartment.zh', answer: `请致电13800000000。${'很长的回答'.repeat(100)}` });
    const apartments = (await createInbox(store, clock).list()).find((g) => g.wordings[0]!.text === '人才公寓租金多少')!;
    expect(apartments.answers).toEqual([{ entryId: 'workspace-apartment.zh', text: expect.stringMatching(/^请致电\[phone\]。很长的回答/), count: 1 }]);
    expect([...apartments.answers[0]!.text].length).toBe(160);
  });

  it('never throws into the conversation when the store fails', async () => {
    const broken = { state: { update: async () => Promise.reject(new Error('down')) } } as unknown as Store;
    await expect(createInboxRecorder(broken, { now: () => 0 }).record({ question: 'x', language: 'zh', fallback: true })).resolves.toBeUndefined();
  });
});

describe('the inbox in the console', () => {
  let t: AdminTestApp;
  let editor: ConsoleClient;

  beforeAll(async () => {
    t = await createAdminTestApp();
    const admin = await login(t.app, ADMIN.username, ADMIN.password);
    editor = await createAccount(t, admin, { username: 'ed', role: 'editor' });
  });
  afterAll(async () => {
    await t.app.http.close();
  });

  it('turns a group into phrasings of an entry; once published, the question is answered', async () => {
    const question = '买新房政府给报销吗';
    const before = await askChat(t.app, question);
    expect(before.fallback).toBe(true);
    const recorder = createInboxRecorder(t.store, t.clock);
    await recorder.record({ question, language: 'zh', fallback: true });
    await recorder.record({ question: `${question}？`, language: 'zh', fallback: true, topic: 'housing_subsidy' });
    await recorder.record({ question: `${question}，电话13800000000`, language: 'zh', fallback: true });
    const group = (await t.admin.services.inbox.list())[0]!;
    expect(group.count).toBe(3);

    const inbox = await editor.get('/admin/inbox');
    expect(inbox.body).toContain(question);
    expect(inbox.body).toMatch(/<option value="housing-subsidy" selected>/);
    expect((await editor.post(`/admin/inbox/${group.id}/attach`, { slug: 'housing-subsidy' })).statusCode).toBe(303);
    const draft = (await t.admin.services.content.draft())!;
    expect(draft.files['entries/housing-subsidy.zh.md']).toContain(`  - ${question}\n`);
    expect(draft.files['entries/housing-subsidy.zh.md']).toContain(`  - ${question}，电话\n`);
    expect(draft.files['entries/housing-subsidy.zh.md']).not.toMatch(/\[phone\]|13800000000/);
    expect((await t.admin.services.inbox.get(group.id))!.status).toBe('attached');
    expect(await askChat(t.app, question)).toMatchObject({ fallback: true });

    expect((await editor.post('/admin/content/publish', { expectedHash: draft.hash, note: 'inbox phrasings' })).statusCode).toBe(303);
    const after = await askChat(t.app, question);
    expect(after.topic).toBe('housing_subsidy');
    expect(after.text).toContain('50万');
    expect((await editor.get('/admin/inbox')).body).toContain('data-testid="inbox-empty"');
  });

  it("saves a group's questions into the regression set, which then gates publishing", async () => {
    const recorder = createInboxRecorder(t.store, t.clock);
    await recorder.record({ question: '首付能不能帮忙出一点', language: 'zh', fallback: true });
    const group = (await t.admin.services.inbox.list()).find((g) => g.status === 'open')!;
    expect((await editor.post(`/admin/inbox/${group.id}/regression`, { topic: 'housing_subsidy' })).statusCode).toBe(303);
    expect(await t.admin.services.regression.staff()).toMatchObject([{ lang: 'zh', q: '首付能不能帮忙出一点', expect: { topic: 'housing_subsidy' }, addedBy: 'ed' }]);
    expect((await editor.get('/admin/regression')).body).toContain('首付能不能帮忙出一点');

    // A draft that answers it raises accuracy; the page counts 41 questions.
    const url = '/admin/content/entries/housing-subsidy';
    const fields = formFieldsOf((await editor.get(url)).body, 'entry-form');
    expect((await editor.post(url, { ...fields, 'zh.questions': `${fields['zh.questions']}\n首付能不能帮忙出一点`, intent: 'save' })).statusCode).toBe(303);
    const page = await editor.get('/admin/content/draft');
    expect(page.body).toContain('共 41 道回归题');
    expect(page.body).toContain('41/41');
    expect(page.body).toContain('40/41');
  });

  it('shows the ratings of answers per entry, the most 👎 first', async () => {
    const rate = async (user: string, text: string, rating: 'up' | 'down') => {
      const chat = (await t.app.http.inject({ method: 'POST', url: '/api/chat', payload: { user, text } })).json() as { replies: Array<{ feedback?: { entryId: string } }> };
      const entryId = chat.replies[0]!.feedback!.entryId;
      expect((await t.app.http.inject({ method: 'POST', url: '/api/feedback', payload: { user, entryId, rating } })).json()).toEqual({ recorded: true });
      return entryId;
    };
    expect((await editor.get('/admin/inbox')).body).toContain('data-testid="feedback-empty"');
    await rate('rater-1', '买房有补贴吗', 'up');
    await rate('rater-2', '买房有补贴吗', 'up');
    const industries = await rate('rater-3', '重点产业有哪些', 'down');
    const page = (await editor.get('/admin/inbox')).body;
    const table = page.slice(page.indexOf('data-testid="feedback-counts"'));
    expect(table.indexOf(industries)).toBeGreaterThan(0);
    expect(table.indexOf(industries)).toBeLessThan(table.indexOf('housing-subsidy.zh'));
    expect(table).toMatch(/<td>housing-subsidy\.zh<\/td><td>2<\/td><td>0<\/td>/);
  });

  it('shows what the bot answered, sorts by frequency or recency, and pre-selects an entry only when there is a suggestion', async () => {
    const recorder = createInboxRecorder(t.store, t.clock);
    for (let i = 0; i < 3; i++) await recorder.record({ question: '博士后进站有没有生活补助', language: 'zh', fallback: true, answer: ENGINE_TEXTS.zh.fallback });
    t.clock.advance(60_000);
    await recorder.record({ question: '人才公寓能养宠物吗', language: 'zh', fallback: false, topic: 'housing_subsidy', entryId: 'workspace-apartment.zh', answer: '人才公寓由区里统一管理。' });
    const groups = await t.admin.services.inbox.list();
    const postdoc = groups.find((g) => g.wordings[0]!.text === '博士后进站有没有生活补助')!;
    const pets = groups.find((g) => g.wordings[0]!.text === '人才公寓能养宠物吗')!;
    const card = (body: string, id: string) => body.slice(body.indexOf(`data-group="${id}"`), body.indexOf('</article>', body.indexOf(`data-group="${id}"`)));

    const byCount = (await editor.get('/admin/inbox')).body;
    expect(byCount.indexOf(`data-group="${postdoc.id}"`)).toBeLessThan(byCount.indexOf(`data-group="${pets.id}"`));
    expect(card(byCount, postdoc.id)).toContain('兜底（没有可靠答案）');
    expect(card(byCount, postdoc.id)).toContain('×3');
    expect(card(byCount, pets.id)).toContain('workspace-apartment.zh');
    expect(card(byCount, pets.id)).toContain('人才公寓由区里统一管理。');
    // No suggestion: the empty choice is selected, not the first entry; one: the entry the bot answered with, before the topic's.
    expect(card(byCount, postdoc.id)).toContain('<option value="" selected>请选择条目…</option>');
    expect(card(byCount, postdoc.id).match(/ selected>/g)).toHaveLength(2);
    expect(card(byCount, pets.id)).toMatch(/<option value="workspace-apartment" selected>/);
    expect(card(byCount, pets.id)).not.toContain('请选择条目');
    const missing = await editor.post(`/admin/inbox/${postdoc.id}/attach`, { slug: '' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('请选择条目');
    expect((await t.admin.services.inbox.get(postdoc.id))!.status).toBe('open');

    const byRecent = (await editor.get('/admin/inbox?sort=recent')).body;
    expect(byRecent.indexOf(`data-group="${pets.id}"`)).toBeLessThan(byRecent.indexOf(`data-group="${postdoc.id}"`));
    expect(byRecent).toContain('<strong>最近</strong>');
  });

  it('dismisses several groups at once, or saves them as questions the bot should not know', async () => {
    const recorder = createInboxRecorder(t.store, t.clock);
    for (const question of ['月球基地有人才补贴吗', '海底隧道工程师怎么落户', '南极科考站招人吗']) await recorder.record({ question, language: 'zh', fallback: true });
    const groups = (await t.admin.services.inbox.list()).filter((g) => g.status === 'open');
    const id = (text: string) => groups.find((g) => g.wordings[0]!.text === text)!.id;
    const [moon, tunnel, antarctic] = [id('月球基地有人才补贴吗'), id('海底隧道工程师怎么落户'), id('南极科考站招人吗')];
    const page = (await editor.get('/admin/inbox')).body;
    expect(page).toContain(`<input type="checkbox" name="ids" value="${moon}" form="inbox-bulk" data-testid="bulk-select">`);
    expect(page).toContain('id="inbox-bulk"');

    expect((await editor.post('/admin/inbox/bulk', { action: 'dismiss', ids: [moon, tunnel] })).statusCode).toBe(303);
    expect((await t.admin.services.inbox.get(moon))!.status).toBe('dismissed');
    expect((await t.admin.services.inbox.get(tunnel))!.status).toBe('dismissed');
    expect((await t.admin.services.inbox.get(antarctic))!.status).toBe('open');

    expect((await editor.post('/admin/inbox/bulk', { action: 'regression_fallback', ids: [antarctic] })).statusCode).toBe(303);
    expect((await t.admin.services.inbox.get(antarctic))!.status).toBe('saved');
    expect(await t.admin.services.regression.staff()).toContainEqual(expect.objectContaining({ q: '南极科考站招人吗', expect: { fallback: true }, addedBy: 'ed' }));

    const none = await editor.post('/admin/inbox/bulk', { action: 'dismiss' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('请先勾选问题组');
    expect((await editor.post('/admin/inbox/bulk', { action: 'delete-everything', ids: [moon] })).statusCode).toBe(400);
    const audit = await t.admin.services.audit.list({ actionPrefix: 'inbox.' });
    expect(audit.map((e) => [e.action, e.target])).toEqual(expect.arrayContaining([['inbox.dismissed', `${moon} ${tunnel}`], ['inbox.saved_to_regression', antarctic]]));
  });

  it('prefills a new entry from a group, and dismisses groups', async () => {
    const recorder = createInboxRecorder(t.store, t.clock);
    await recorder.record({ question: 'Can my spouse get a job in Wujin?', language: 'en', fallback: true });
    const group = (await t.admin.services.inbox.list()).find((g) => g.language === 'en')!;
    const page = await editor.get(`/admin/content/new-entry?inbox=${group.id}`);
    const fields = formFieldsOf(page.body, 'entry-form');
    expect(fields['en.questions']).toBe('Can my spouse get a job in Wujin?');
    expect(fields.inbox).toBe(group.id);
    expect((await editor.post(`/admin/inbox/${group.id}/dismiss`)).statusCode).toBe(303);
    expect((await t.admin.services.inbox.get(group.id))!.status).toBe('dismissed');
    expect((await editor.post('/admin/inbox/nope/dismiss')).statusCode).toBe(404);
  });
});
