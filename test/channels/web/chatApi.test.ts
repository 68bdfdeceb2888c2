import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { handledMessageKey } from '../../../src/core/engine.js';
import { NetworkError } from '../../../src/shared/errors.js';
import { createTestApp } from '../../helpers/testApp.js';

let app: App | undefined;
afterEach(async () => {
  await app?.http.close();
  app = undefined;
});

async function post(body: string | object, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  app ??= (await createTestApp()).app;
  return app.http.inject({ method: 'POST', url: '/api/chat', headers, payload: typeof body === 'string' ? body : JSON.stringify(body) });
}

describe('POST /api/chat', () => {
  it('answers a question with the documented shape', async () => {
    const response = await post({ user: 'web-1', text: '买房有补贴吗' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(['fallback', 'replies']);
    expect(body.fallback).toBe(false);
    expect(body.replies).toHaveLength(1);
    const [reply] = body.replies;
    expect(Object.keys(reply).sort()).toEqual(['buttons', 'feedback', 'sources', 'text']);
    expect(reply.feedback).toEqual({ entryId: 'housing-subsidy.zh' });
    expect(reply.text).toContain('50万');
    expect(reply.sources[0]).toMatchObject({ id: 'housing-subsidy.zh', topic: 'housing_subsidy', asOf: '2024-10-23' });
    expect(typeof reply.sources[0].title).toBe('string');
  });

  it('answers in English to an English question', async () => {
    const body = (await post({ user: 'web-2', text: 'Which industries do you focus on?' })).json();
    expect(body.replies[0].sources[0].topic).toBe('target_industries');
    expect(body.replies[0].text).toMatch(/new energy/i);
  });

  it('runs button actions, and a request for a person is answered by human_contact', async () => {
    const menu = (await post({ user: 'web-3', action: 'menu' })).json();
    const person = menu.replies[0].buttons.find((b: { action: string }) => b.action === 'topic:human_contact');
    expect(person).toBeDefined();
    const answer = (await post({ user: 'web-3', action: person.action })).json();
    expect(answer.fallback).toBe(false);
    expect(answer.replies[0].sources[0].topic).toBe('human_contact');
  });

  it('sets fallback exactly when the content does not answer, with no source', async () => {
    const body = (await post({ user: 'web-4', text: 'Tell me a joke' })).json();
    expect(body.fallback).toBe(true);
    expect(body.replies[0].sources).toEqual([]);
    expect(body.replies[0].buttons.map((b: { action: string }) => b.action)).toContain('topic:human_contact');
  });

  it.each([
    ['invalid JSON', '{"user": "u", "text": ', 400, 'invalid_json'],
    ['an empty body', '', 400, 'invalid_json'],
    ['a JSON array', '[1,2]', 400, 'invalid_request'],
    ['a missing user', { text: 'hi' }, 400, 'invalid_request'],
    ['an empty user', { user: '  ', text: 'hi' }, 400, 'invalid_request'],
    ['neither text nor action', { user: 'u' }, 400, 'invalid_request'],
    ['both text and action', { user: 'u', text: 'hi', action: 'menu' }, 400, 'invalid_request'],
    ['text of the wrong type', { user: 'u', text: 42 }, 400, 'invalid_request'],
    ['a user of the wrong type', { user: ['u'], text: 'hi' }, 400, 'invalid_request'],
    ['text over 2,000 characters', { user: 'u', text: '问'.repeat(2001) }, 400, 'invalid_request'],
    ['a body over 64 KB', { user: 'u', text: 'x', padding: 'x'.repeat(70_000) }, 413, 'body_too_large'],
  ])('refuses %s with a clear JSON error', async (_name, body, status, code) => {
    const response = await post(body as string | object);
    expect(response.statusCode).toBe(status);
    const error = response.json().error;
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(5);
  });

  it('names the field at fault', async () => {
    const error = (await post({ user: 'u', text: '问'.repeat(2001) })).json().error;
    expect(error.field).toBe('text');
    expect(error.message).toMatch(/2000/);
  });

  it('refuses a body that is not JSON', async () => {
    const response = await post('user=u&text=hi', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('unsupported_media_type');
  });

  it('accepts text of exactly 2,000 characters', async () => {
    expect((await post({ user: 'u', text: '问'.repeat(2000) })).statusCode).toBe(200);
  });

  it('gives two users who send the same message id each their own answer', async () => {
    const test = await createTestApp();
    app = test.app;
    const first = (await post({ user: 'alice', text: '买房有补贴吗', messageId: 'shared-1' })).json();
    const second = (await post({ user: 'bob', text: 'Which industries do you focus on?', messageId: 'shared-1' })).json();
    expect(first.replies[0].sources[0].topic).toBe('housing_subsidy');
    expect(second.replies[0].text).not.toBe(first.replies[0].text);
    expect(await test.store.state.get('conv:web:bob')).toMatchObject({ turns: 1, language: 'en' });
    // Each still gets their own answer again on a retry.
    expect((await post({ user: 'alice', text: 'x', messageId: 'shared-1' })).json()).toEqual(first);
    expect((await post({ user: 'bob', text: 'x', messageId: 'shared-1' })).json()).toEqual(second);
  });

  it('answers a repeated client message id from the first time, and keeps no record without one', async () => {
    const test = await createTestApp();
    app = test.app;
    const first = (await post({ user: 'ids', text: '买房有补贴吗', messageId: 'client-1' })).json();
    const again = (await post({ user: 'ids', text: '买房有补贴吗', messageId: 'client-1' })).json();
    expect(again).toEqual(first);
    expect(await test.store.state.get(handledMessageKey('web', 'ids', 'client-1'))).toBeDefined();
    expect(await test.store.state.get('conv:web:ids')).toMatchObject({ turns: 1 });
    await post({ user: 'ids', text: '人才贷是什么' });
    expect(await test.store.state.get('conv:web:ids')).toMatchObject({ turns: 2 });
  });

  it('stores nothing for a refused request', async () => {
    const test = await createTestApp();
    app = test.app;
    await post({ user: 'refused', text: 42 });
    expect(await test.store.state.get('conv:web:refused')).toBeUndefined();
    await post({ user: 'accepted', text: 'hi' });
    expect(await test.store.state.get('conv:web:accepted')).toBeDefined();
  });
});

describe('when the store is unavailable', () => {
  it('answers 503 with a friendly message, and recovers when the store returns', async () => {
    const test = await createTestApp();
    let down = true;
    const flaky = test.store.state.get;
    test.store.state.get = async (key) => {
      if (down) throw new NetworkError('redis', new Error('connect ECONNREFUSED'));
      return flaky(key);
    };
    app = test.app;
    const response = await post({ user: 'u', text: '买房有补贴吗' });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('unavailable');
    expect(response.json().error.message).toMatch(/请稍后重新发送/);
    down = false;
    expect((await post({ user: 'u', text: '买房有补贴吗' })).statusCode).toBe(200);
  });
});

describe('other routes', () => {
  it('GET /healthz and /readyz answer 200', async () => {
    app = (await createTestApp()).app;
    expect((await app.http.inject({ url: '/healthz' })).statusCode).toBe(200);
    const ready = await app.http.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', store: 'memory' });
  });

  it('GET / serves the chat page with a strict content security policy', async () => {
    app = (await createTestApp()).app;
    const page = await app.http.inject({ url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.body).toContain('/assets/chat.js');
    expect((await app.http.inject({ url: '/assets/chat.js' })).statusCode).toBe(200);
  });

  it('unknown routes get a JSON 404', async () => {
    app = (await createTestApp()).app;
    const response = await app.http.inject({ url: '/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });
});
