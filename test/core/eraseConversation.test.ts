/**
 * "Forget me" removes every copy: a web user applies twice (a phone and an e-mail), asks a
 * question that lands in the inbox with their name, then asks to be forgotten. Afterwards no
 * replayed message id returns their data, their history (`GET /api/history`) is empty, the
 * inbox, the ratings of answers and the conversation logs hold no wording with their name, and no file of the SQLite store (db, -wal, -shm) holds their name, phone or e-mail.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnswerFeedbackRecorder, readAnswerFeedback } from '../../src/admin/feedback/answerFeedbackLog.js';
import { createInbox, createInboxRecorder } from '../../src/admin/inbox/inbox.js';
import { createConversationLogRecorder } from '../../src/admin/logs/conversationLog.js';
import type { App } from '../../src/app.js';
import { buildWebApp } from '../helpers/webApp.js';
import { createManualClock } from '../../src/shared/clock.js';
import { historyKey } from '../../src/core/engine.js';
import { fixedKnowledge } from '../../src/knowledge/knowledgeBase.js';
import { createSqliteStore } from '../../src/store/sqliteStore.js';
import { createTestLeadService, shippedFlows, shippedKnowledgeBase, TEST_NOW, shippedProfile } from '../helpers/testApp.js';

const NAME = '欧阳锋锐';
const PHONE = '13987654321';
const EMAIL = 'ouyang.erased@example.com';
/** Long enough for the web chat to keep the conversation's history (`MIN_HISTORY_USER_CHARS`). */
const USER = 'web-erase-me-4f1c9a2b';

let app: App | undefined;
let dir: string | undefined;
afterEach(async () => {
  await app?.http.close();
  app = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Every file of the store's folder as bytes searched for the UTF-8 of `value`. */
async function filesHolding(folder: string, value: string): Promise<string[]> {
  const holding: string[] = [];
  for (const name of await readdir(folder)) {
    if ((await readFile(join(folder, name))).includes(Buffer.from(value, 'utf8'))) holding.push(name);
  }
  return holding;
}

describe('forget me', () => {
  it('leaves no copy of the name, phone or e-mail in replies, the inbox or the store files', async () => {
    dir = await mkdtemp(join(tmpdir(), 'talentbot-erase-'));
    const clock = createManualClock(TEST_NOW);
    const store = createSqliteStore({ file: join(dir, 'talentbot.sqlite'), clock });
    const leads = createTestLeadService({ store, clock });
    const inbox = createInboxRecorder(store, clock);
    const feedback = createAnswerFeedbackRecorder(store, clock);
    const conversationLog = createConversationLogRecorder(store, clock, { retentionMs: 30 * 24 * 3600_000 });
    app = buildWebApp({ clock, store, knowledge: fixedKnowledge(await shippedKnowledgeBase()), profile: await shippedProfile(), flows: await shippedFlows(), leads, inbox, feedback, conversationLog, promptValues: { unqualifiedRetentionDays: 90 } });

    const sent: Array<Record<string, string>> = [];
    let last = '';
    let buttons: string[] = [];
    const post = async (body: Record<string, string>) => {
      const message = { user: USER, messageId: `m${sent.length}`, ...body };
      sent.push(message);
      const response = await app!.http.inject({ method: 'POST', url: '/api/chat', payload: message });
      expect(response.statusCode, response.body).toBe(200);
      const json = response.json() as { replies: Array<{ text: string; buttons: Array<{ action: string }> }> };
      last = json.replies.map((r) => r.text).join('\n');
      buttons = json.replies.flatMap((r) => r.buttons.map((b) => b.action));
    };
    const say = (text: string) => post({ text });
    const press = (action: string) => post({ action: buttons.find((b) => b.startsWith(action)) ?? action });

    // The welcome's notice: from here on the conversation is logged for staff.
    await say('菜单');
    await say(`${NAME}想问火星上的人才有没有补贴`);
    await say(`${NAME}想问买房有补贴吗`);
    const rated = await app.http.inject({ method: 'POST', url: '/api/feedback', payload: { user: USER, entryId: 'housing-subsidy.zh', rating: 'down' } });
    expect(rated.json()).toEqual({ recorded: true });
    expect(JSON.stringify(await readAnswerFeedback(store))).toContain(NAME);
    await say('能不能转人工？');
    await press('flow:start:handoff');
    await press('answer:consent:accept');
    await say('我想了解人才公寓的申请流程');
    await say(NAME);
    await say(EMAIL);
    await press('flow:confirm');
    expect(last).toContain('已收到');
    await say('/apply');
    await press('answer:consent:accept');
    for (const step of ['answer:industry:integrated_circuits', '博士', 'answer:role:founder', 'answer:stage:prototype', 'answer:core_tech:patents', '5', '有', 'answer:intention:within_1y', '明年', 'answer:event:any', NAME, PHONE]) {
      await (step.startsWith('answer:') ? press(step) : say(step));
    }
    expect(last).toContain(PHONE);
    await press('flow:confirm');
    await new Promise((resolve) => setImmediate(resolve));
    expect((await createInbox(store, clock).list()).flatMap((g) => g.wordings.map((w) => w.text)).join('\n')).toContain(NAME);
    expect(await filesHolding(dir, NAME)).not.toEqual([]);
    // The logs hold the uncued name of the first questions, never the contact given in the checks.
    const logged = JSON.stringify(await store.logs.query({ limit: 1000 }));
    expect(logged).toContain(NAME);
    for (const value of [PHONE, EMAIL]) expect(logged).not.toContain(value);

    expect((await store.state.listPrefix(`handled:web:${USER}:`)).length).toBe(sent.length);
    const historyResponse = await app.http.inject({ method: 'GET', url: '/api/history', headers: { 'x-chat-user': USER } });
    // The history keeps the last 30 messages: the e-mail of the first application is older.
    for (const value of [NAME, PHONE]) expect(historyResponse.body).toContain(value);
    await say('删除我的信息');
    await press('privacy:erase');
    expect(last).toContain('已删除');
    expect(await store.logs.query({ limit: 1000 })).toEqual([]);
    expect(await store.lists.read(historyKey('web', USER))).toEqual([]);
    expect((await app.http.inject({ method: 'GET', url: '/api/history', headers: { 'x-chat-user': USER } })).json()).toEqual({ messages: [] });
    expect((await store.state.listPrefix(`handled:web:${USER}:`)).map((e) => e.key)).toEqual([`handled:web:${USER}:m${sent.length - 1}`]);

    // Replaying an earlier message id (with harmless text) must not bring back a cached reply.
    for (const message of sent) {
      const response = await app.http.inject({ method: 'POST', url: '/api/chat', payload: { user: message.user, messageId: message.messageId, text: '你好' } });
      for (const value of [NAME, PHONE, EMAIL]) expect(response.body).not.toContain(value);
    }
    const wordings = (await createInbox(store, clock).list()).flatMap((g) => g.wordings.map((w) => w.text)).join('\n');
    expect(wordings).not.toContain(NAME);
    expect(await readAnswerFeedback(store)).toEqual([]);
    const stored = JSON.stringify(await store.leads.listLeads());
    for (const value of [NAME, PHONE, EMAIL]) expect(stored).not.toContain(value);

    await app.http.close();
    app = undefined;
    // The replays above wrote again; what matters is what the files hold once the bot is done.
    await store.scrub();
    await store.close();
    for (const value of [NAME, PHONE, EMAIL]) expect(await filesHolding(dir, value), value).toEqual([]);
  });
});
