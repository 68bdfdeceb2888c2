/**
 * The conversation logs as `npm start` wires them: the real server (a child process, on the
 * embedded SQLite store) with the console on and `CONVERSATION_LOG_DAYS=7`. The welcome
 * names the 7 days; a question with a phone number is logged redacted, kept across a restart,
 * and shown to staff in the console.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess.js';

const PHONE = '13987654321';
const ADMIN = { user: 'chief', password: 'chief-password-123' };
let server: ServerProcess | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.kill('SIGTERM');
  server = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The cookies of a response as a `cookie` header. */
const cookiesOf = (response: Response) => response.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');

/** Logs in through the login form and returns the session cookie. */
async function logIn(url: string): Promise<string> {
  const page = await fetch(`${url}/admin/login`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const response = await fetch(`${url}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookiesOf(page), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, username: ADMIN.user, password: ADMIN.password }).toString(),
  });
  expect(response.status).toBe(303);
  return cookiesOf(response);
}

describe('conversation logs on the real server', () => {
  it('log a conversation after the notice, redacted, across a restart, for staff to read', async () => {
    dir = await mkdtemp(join(tmpdir(), 'talentbot-logs-'));
    const env = { DATA_DIR: dir, ADMIN_USER: ADMIN.user, ADMIN_PASSWORD: ADMIN.password, CONVERSATION_LOG_DAYS: '7' };
    server = await startServerProcess(env);
    const chat = async (body: object) => {
      const response = await fetch(`${server!.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'web-system-log-user-1', ...body }) });
      expect(response.status).toBe(200);
      return (await response.json()) as { replies: Array<{ text: string }> };
    };
    const welcome = await chat({ action: 'menu' });
    expect(welcome.replies[0]!.text).toContain('保存 7 天');
    await chat({ text: `请问买房有补贴吗？我的电话${PHONE}` });

    await server.kill('SIGTERM');
    server = await startServerProcess(env);
    const cookie = await logIn(server.url);
    const page = await (await fetch(`${server.url}/admin/logs`, { headers: { cookie } })).text();
    expect(page).toContain('请问买房有补贴吗？我的电话[phone]');
    expect(page).toContain('housing-subsidy.zh');
    expect(page).not.toContain(PHONE);
    expect(page).toContain('保存 7 天');
  }, 90_000);
});
