/**
 * 👍 / 👎 on the web: `POST /api/feedback` against the real app listening on a local port,
 * with the real recorder on the in-process store and a manual clock.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { countFeedbackByEntry, createAnswerFeedbackRecorder, readAnswerFeedback } from '../../../src/admin/feedback/answerFeedbackLog.js';
import type { App } from '../../../src/app.js';
import { buildWebApp } from '../../helpers/webApp.js';
import { fixedKnowledge } from '../../../src/knowledge/knowledgeBase.js';
import { createTestBot, TEST_NOW, type TestBot } from '../../helpers/testApp.js';

const ALICE = 'web-0b7f3c1e-aaaa-4000-8000-0000000a11ce';
const BOB = 'web-0b7f3c1e-bbbb-4000-8000-000000000b0b';

let app: App | undefined;
afterEach(async () => {
  await app?.http.close();
  app = undefined;
});

async function serve(): Promise<TestBot & { url: string }> {
  const bot = await createTestBot();
  app = buildWebApp({ clock: bot.clock, store: bot.store, knowledge: fixedKnowledge(bot.knowledge), profile: bot.profile, feedback: createAnswerFeedbackRecorder(bot.store, bot.clock) });
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  return { ...bot, url: `http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}` };
}

async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

type ChatBody = { replies: Array<{ feedback?: { entryId: string }; sources: Array<{ id: string }> }>; fallback: boolean };

describe('POST /api/feedback', () => {
  it('records a rating of an answer once, with the question, entry, channel and time and no user id', async () => {
    const { url, store } = await serve();
    const chat = (await post(`${url}/api/chat`, { user: ALICE, text: '买房有补贴吗' })).json as ChatBody;
    const entryId = chat.replies[0]!.feedback!.entryId;
    expect(entryId).toBe(chat.replies[0]!.sources[0]!.id);

    expect(await post(`${url}/api/feedback`, { user: ALICE, entryId, rating: 'up' })).toEqual({ status: 200, json: { recorded: true } });
    expect(await post(`${url}/api/feedback`, { user: ALICE, entryId, rating: 'down' })).toEqual({ status: 200, json: { recorded: false } });

    const records = await readAnswerFeedback(store);
    expect(records).toEqual([{ version: 1, question: '买房有补贴吗', entryId: 'housing-subsidy.zh', channel: 'web', rating: 'up', at: Date.parse(TEST_NOW) }]);
    expect(JSON.stringify(records)).not.toContain(ALICE);
    expect(countFeedbackByEntry(records)).toEqual([{ entryId: 'housing-subsidy.zh', up: 1, down: 0, lastAt: Date.parse(TEST_NOW) }]);
  });

  it("does not take a rating of someone else's answer, of a fallback, or of an answer never given", async () => {
    const { url, store } = await serve();
    const asked = (await post(`${url}/api/chat`, { user: ALICE, text: '买房有补贴吗' })).json as ChatBody;
    expect((await post(`${url}/api/feedback`, { user: BOB, entryId: asked.replies[0]!.feedback!.entryId, rating: 'down' })).json).toEqual({ recorded: false });
    const fallback = (await post(`${url}/api/chat`, { user: ALICE, text: 'Tell me a joke' })).json as ChatBody;
    expect(fallback.fallback).toBe(true);
    expect(fallback.replies[0]!.feedback).toBeUndefined();
    expect((await post(`${url}/api/feedback`, { user: ALICE, entryId: 'target-industries.zh', rating: 'up' })).json).toEqual({ recorded: false });
    expect(await readAnswerFeedback(store)).toEqual([]);
  });

  it('strips phone numbers from the recorded question, and counts per entry with the most 👎 first', async () => {
    const { url, store } = await serve();
    await post(`${url}/api/chat`, { user: ALICE, text: '我的手机是13912345678，买房有补贴吗' });
    await post(`${url}/api/feedback`, { user: ALICE, entryId: 'housing-subsidy.zh', rating: 'up' });
    const menu = (await post(`${url}/api/chat`, { user: BOB, text: '重点产业有哪些' })).json as ChatBody;
    await post(`${url}/api/feedback`, { user: BOB, entryId: menu.replies[0]!.feedback!.entryId, rating: 'down' });
    const records = await readAnswerFeedback(store);
    expect(records[0]!.question).toBe('我的手机是[phone]，买房有补贴吗');
    expect(countFeedbackByEntry(records).map((c) => [c.entryId, c.up, c.down])).toEqual([
      [menu.replies[0]!.feedback!.entryId, 0, 1],
      ['housing-subsidy.zh', 1, 0],
    ]);
  });

  it.each([
    ['a rating that is not up or down', { user: ALICE, entryId: 'housing-subsidy.zh', rating: 'meh' }, 'rating'],
    ['no entry id', { user: ALICE, rating: 'up' }, 'entryId'],
    ['no user', { entryId: 'housing-subsidy.zh', rating: 'up' }, 'user'],
    ['an array', [1], 'body'],
  ])('refuses %s with 400 naming the field', async (_what, body, field) => {
    const { url } = await serve();
    const response = await post(`${url}/api/feedback`, body);
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error: { code: 'invalid_request', field } });
  });
});
