/**
 * Answer quality per entry and per week, counted from the conversation logs and the ratings,
 * through the real app and console (in-process store, manual clock): hits, fallbacks (per
 * entry, those it was nearest to), 👍 / 👎, weeks in the district's time zone with empty ones
 * left out, and the page staff read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildAnswerQuality, readAnswerQuality } from '../../src/admin/logs/answerQuality.js';
import { startConversation } from '../helpers/conversation.js';
import { ADMIN, createAdminTestApp, login, type AdminTestApp } from './adminTestKit.js';

const DAY = 24 * 3600_000;
let t: AdminTestApp | undefined;
afterEach(async () => {
  await t?.app.http.close();
  t = undefined;
});

describe('answer quality', () => {
  it('counts hits, fallbacks and ratings per entry and per week, leaving out empty weeks', async () => {
    t = await createAdminTestApp({ conversationLogMs: 60 * DAY });
    const c = startConversation(t.app, 'web-quality-user-01');
    await c.say('菜单');
    await c.say('买房有补贴吗');
    await c.say('人才公寓怎么申请');
    const rate = (entryId: string, rating: 'up' | 'down') => t!.app.http.inject({ method: 'POST', url: '/api/feedback', payload: { user: 'web-quality-user-01', entryId, rating } });
    expect((await rate('housing-subsidy.zh', 'down')).json()).toEqual({ recorded: true });
    // Three weeks later (two empty weeks between): another question and a fallback.
    t.clock.advance(21 * DAY);
    await c.say('购房补贴怎么申请');
    await c.say('火星上的人才有没有补贴');
    const [fallback] = await t.store.logs.query({ limit: 1 });
    expect(fallback).toMatchObject({ fallback: true, nearEntryId: expect.any(String) });
    expect((await rate('housing-subsidy.zh', 'up')).json()).toEqual({ recorded: true });

    const report = await readAnswerQuality(t.store, { now: t.clock.now(), retentionMs: 60 * DAY, timeZone: t.admin.services.profile.timeZone });
    // TEST_NOW is Sunday 2026-03-01 in Shanghai: its week starts on Monday 02-23; three weeks later, 03-16.
    expect(report.byWeek.map((w) => [w.week, w.turns, w.hits, w.fallbacks, w.up, w.down])).toEqual([
      ['2026-03-16', 2, 1, 1, 1, 0],
      ['2026-02-23', 2, 2, 0, 0, 1],
    ]);
    const housing = report.byEntry.find((e) => e.entryId === 'housing-subsidy.zh')!;
    expect(housing).toMatchObject({ hits: 2, up: 1, down: 1 });
    expect(housing.meanConfidence).toBeGreaterThan(0.4);
    expect(report.byEntry[0]!.entryId).toBe('housing-subsidy.zh');
    expect(report.byEntry.find((e) => e.entryId === 'workspace-apartment.zh')).toMatchObject({ hits: 1, up: 0, down: 0 });
    expect(report.byEntry.find((e) => e.entryId === fallback!.nearEntryId)!.fallbacks).toBe(1);

    const staff = await login(t.app, ADMIN.username, ADMIN.password);
    const page = await staff.get('/admin/quality');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-testid="quality-entries"');
    expect(page.body).toContain('2026-03-16');
    expect(page.body).not.toContain('2026-03-09');
    expect(page.body).toContain('/admin/content/entries/housing-subsidy');
  });

  it('counts a rating in the week it was given and sorts the most 👎 first', () => {
    const turn = (entryId: string, at: number, fallback = false) => ({
      version: 1 as const, id: `c:${at}`, conversation: 'c', at, channel: 'web', language: 'zh' as const, turn: 1, asked: 'q', askedKind: 'text' as const, replies: [], fallback,
      ...(fallback ? { nearEntryId: entryId } : { entryId }),
    });
    const at = Date.parse('2026-03-04T04:00:00Z');
    const report = buildAnswerQuality(
      [turn('a.zh', at), turn('b.zh', at), turn('b.zh', at, true)],
      [{ version: 1, question: 'q', entryId: 'a.zh', channel: 'web', rating: 'down', at: at + 7 * DAY }],
      'Asia/Shanghai',
    );
    expect(report.byEntry.map((e) => [e.entryId, e.hits, e.fallbacks, e.down])).toEqual([['a.zh', 1, 0, 1], ['b.zh', 1, 1, 0]]);
    expect(report.byWeek.map((w) => [w.week, w.turns, w.down])).toEqual([['2026-03-09', 0, 1], ['2026-03-02', 3, 0]]);
  });
});
