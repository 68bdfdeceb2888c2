/**
 * Stale content: entries whose as-of date is older than `CONTENT_STALE_DAYS` are found on the
 * district's calendar, flagged in the console's content list and listed on its home page.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { daysBetween, findStaleEntries } from '../../src/admin/content/staleEntries.js';
import type { KnowledgeEntry } from '../../src/knowledge/schema.js';
import { ADMIN, createAdminTestApp, formFieldsOf, login, type AdminTestApp } from './adminTestKit.js';

const entry = (id: string, asOf: string): KnowledgeEntry => ({
  id,
  topic: 'housing_subsidy',
  language: id.endsWith('.en') ? 'en' : 'zh',
  title: `title of ${id}`,
  questions: ['q'],
  source: { title: 's', publisher: 'p', date: asOf },
  asOf,
  review: 'verified',
  tags: [],
  body: 'b',
});

describe('findStaleEntries', () => {
  it('counts whole calendar days, across a leap day', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-03-01', '2026-03-01')).toBe(365);
  });

  it('flags entries older than the age on the district\'s date, the oldest first', () => {
    const entries = [entry('a.zh', '2025-03-01'), entry('b.zh', '2025-02-28'), entry('c.en', '2020-01-01')];
    // 2026-02-28T17:00Z is already 2026-03-01 in Shanghai: a.zh is exactly 365 days old, not older.
    const stale = findStaleEntries(entries, Date.parse('2026-02-28T17:00:00Z'), 'Asia/Shanghai', 365);
    expect(stale.map((e) => [e.id, e.ageDays])).toEqual([['c.en', 2251], ['b.zh', 366]]);
    expect(stale[0]!.slug).toBe('c');
    // The same instant is still 2026-02-28 in UTC: b.zh is 365 days old there.
    expect(findStaleEntries(entries, Date.parse('2026-02-28T17:00:00Z'), 'UTC', 365).map((e) => e.id)).toEqual(['c.en']);
  });
});

describe('stale content in the console', () => {
  let t: AdminTestApp | undefined;
  afterEach(async () => {
    await t?.app.http.close();
    t = undefined;
  });

  it('with the default age, the shipped entries (as of 2024-10-23, 494 days before the test date) are flagged and listed', async () => {
    t = await createAdminTestApp();
    const admin = await login(t.app, ADMIN.username, ADMIN.password);
    const home = await admin.get('/admin');
    expect(home.body).toContain('data-testid="stale-entries"');
    expect(home.body).toMatch(/内容可能过时：\d+ 个条目的“截至”日期早于 365 天前/);
    expect(home.body).toContain('href="/admin/content?stale=1"');
    const list = await admin.get('/admin/content');
    expect(list.body).toContain('data-testid="stale-housing-subsidy"');
    expect(list.body).toContain('已 494 天未核实');
  });

  it('with CONTENT_STALE_DAYS=600 only an entry whose as-of date was moved back is flagged; a new date clears it', async () => {
    t = await createAdminTestApp({ console: { contentStaleDays: 600 } });
    const admin = await login(t.app, ADMIN.username, ADMIN.password);
    const url = '/admin/content/entries/housing-subsidy';
    expect((await admin.get('/admin')).body).toContain('data-testid="stale-none"');
    expect((await admin.get('/admin/content')).body).not.toContain('data-testid="stale-');

    const fields = formFieldsOf((await admin.get(url)).body, 'entry-form');
    expect((await admin.post(url, { ...fields, 'en.asOf': '2024-01-01', intent: 'save' })).statusCode).toBe(303);
    const home = await admin.get('/admin?lang=en');
    expect(home.body).toContain('Content that may be out of date: 1 entries have an as-of date more than 600 days ago.');
    expect(home.body).toContain('href="/admin/content/entries/housing-subsidy"');
    expect(home.body).toContain('housing-subsidy.en · 2024-01-01');
    const staleOnly = await admin.get('/admin/content?stale=1&lang=en');
    expect(staleOnly.body).toContain('data-testid="stale-housing-subsidy"');
    expect(staleOnly.body).toContain('2024-01-01 <span class="badge stale" data-testid="stale-housing-subsidy">not checked for 790 days</span>');
    expect(staleOnly.body).not.toContain('data-testid="entry-link-startup-funding"');

    const again = formFieldsOf((await admin.get(url)).body, 'entry-form');
    expect((await admin.post(url, { ...again, 'en.asOf': '2026-02-20', intent: 'save' })).statusCode).toBe(303);
    expect((await admin.get('/admin')).body).toContain('data-testid="stale-none"');
  });
});
