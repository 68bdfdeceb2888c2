/**
 * `GET /api/history`: what a web user said and was answered comes back after a reload, for
 * that user only, for as long as the conversation is kept, and never after "forget me".
 * The real app on a manual clock and a fresh in-process store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { historyKey } from '../../../src/core/engine.js';
import { MAX_HISTORY_ENTRIES } from '../../../src/core/conversationHistory.js';
import type { HistoryResponse } from '../../../src/channels/web/convertHistory.js';
import { createTestApp, type TestBot } from '../../helpers/testApp.js';

const ALICE = 'web-7d1c2b4e-0000-4000-8000-00000000a11c';
const BOB = 'web-7d1c2b4e-0000-4000-8000-000000000b0b';

let bot: (TestBot & { app: App }) | undefined;
afterEach(async () => {
  await bot?.app.http.close();
  bot = undefined;
});

async function app(): Promise<TestBot & { app: App }> {
  bot ??= await createTestApp();
  return bot;
}

async function chat(user: string, body: { text: string } | { action: string }) {
  const response = await (await app()).app.http.inject({ method: 'POST', url: '/api/chat', payload: { user, ...body } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { replies: Array<{ text: string; buttons: Array<{ label: string; action: string }> }> };
}

async function history(user: string | undefined) {
  return (await app()).app.http.inject({ method: 'GET', url: '/api/history', headers: user === undefined ? {} : { 'x-chat-user': user } });
}

async function messagesOf(user: string): Promise<HistoryResponse['messages']> {
  const response = await history(user);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as HistoryResponse).messages;
}

describe('GET /api/history', () => {
  it('gives back the texts, the pressed buttons by their label and the replies with buttons and sources, oldest first', async () => {
    const menu = await chat(ALICE, { action: 'menu' });
    const calendar = menu.replies[0]!.buttons.find((b) => b.action === 'topic:calendar')!;
    await chat(ALICE, { action: calendar.action });
    await chat(ALICE, { text: '  买房有补贴吗 ' });

    const messages = await messagesOf(ALICE);
    expect(messages.map((m) => m.role)).toEqual(['bot', 'user', 'bot', 'user', 'bot']);
    // The menu the page asks for on opening shows no message of the applicant's.
    const [shownMenu, pressed, calendarReply, asked, housing] = messages;
    expect(shownMenu).toMatchObject({ role: 'bot', reply: { text: menu.replies[0]!.text, buttons: menu.replies[0]!.buttons }, pressed: [calendar.action], fallback: false });
    expect(pressed).toEqual({ role: 'user', text: calendar.label });
    expect(calendarReply).toMatchObject({ role: 'bot', pressed: [] });
    expect(asked).toEqual({ role: 'user', text: '买房有补贴吗' });
    expect(housing).toMatchObject({ role: 'bot', reply: { sources: [{ id: 'housing-subsidy.zh', asOf: '2024-10-23' }] } });
    if (housing?.role === 'bot') expect(housing.reply.text).toContain('50万');
  });

  it("reads only the asking user's conversation, never another's, and is not cached", async () => {
    await chat(ALICE, { text: '买房有补贴吗' });
    await chat(BOB, { text: 'Which industries do you focus on?' });
    const alice = await history(ALICE);
    expect(alice.headers['cache-control']).toBe('no-store');
    expect(JSON.stringify(alice.json())).not.toContain('industries');
    expect((await messagesOf(BOB)).filter((m) => m.role === 'user')).toEqual([{ role: 'user', text: 'Which industries do you focus on?' }]);
    expect(await messagesOf('web-someone-who-never-wrote')).toEqual([]);
    // A user id in the URL is not read: the header is what identifies the person.
    const byQuery = await (await app()).app.http.inject({ method: 'GET', url: `/api/history?user=${ALICE}` });
    expect(byQuery.statusCode).toBe(400);
    expect(byQuery.json()).toMatchObject({ error: { code: 'invalid_request', field: 'x-chat-user' } });
    expect(byQuery.body).not.toContain('买房');
  });

  it('keeps nothing for a short, guessable user id', async () => {
    await chat('u1', { text: '买房有补贴吗' });
    expect(await messagesOf('u1')).toEqual([]);
    expect(await (await app()).store.lists.read(historyKey('web', 'u1'))).toEqual([]);
  });

  it('keeps nothing when the client says it shows no history (keepHistory: false, the embed widget)', async () => {
    const response = await (await app()).app.http.inject({ method: 'POST', url: '/api/chat', payload: { user: ALICE, text: '买房有补贴吗', keepHistory: false } });
    expect(response.statusCode).toBe(200);
    expect(await messagesOf(ALICE)).toEqual([]);
  });

  it(`keeps the last ${MAX_HISTORY_ENTRIES} messages`, async () => {
    for (let i = 1; i <= 20; i++) await chat(ALICE, { text: `第${i}个问题：买房有补贴吗` });
    const messages = await messagesOf(ALICE);
    expect(messages).toHaveLength(MAX_HISTORY_ENTRIES);
    expect(messages.filter((m) => m.role === 'user').at(-1)).toEqual({ role: 'user', text: '第20个问题：买房有补贴吗' });
    expect(messages.filter((m) => m.role === 'user')[0]).toEqual({ role: 'user', text: '第6个问题：买房有补贴吗' });
  });

  it('is forgotten with the conversation: after 30 days of silence', async () => {
    const { clock } = await app();
    await chat(ALICE, { text: '买房有补贴吗' });
    clock.advance(29 * 24 * 3600_000);
    await chat(ALICE, { text: 'Which industries do you focus on?' });
    clock.advance(29 * 24 * 3600_000);
    expect(await messagesOf(ALICE)).toHaveLength(4);
    clock.advance(2 * 24 * 3600_000);
    expect(await messagesOf(ALICE)).toEqual([]);
  });

  it('is erased by "forget me", and the erasure itself is not kept', async () => {
    const { store } = await app();
    await chat(ALICE, { text: '买房有补贴吗' });
    await chat(ALICE, { text: '删除我的信息' });
    expect((await messagesOf(ALICE)).length).toBe(4);
    await chat(ALICE, { action: 'privacy:erase' });
    expect(await messagesOf(ALICE)).toEqual([]);
    expect(await store.lists.read(historyKey('web', ALICE))).toEqual([]);
    await chat(ALICE, { text: 'Which industries do you focus on?' });
    expect((await messagesOf(ALICE)).filter((m) => m.role === 'user')).toEqual([{ role: 'user', text: 'Which industries do you focus on?' }]);
  });
});
