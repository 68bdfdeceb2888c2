/**
 * The store-backed knowledge source on the durable SQLite store: a published revision is
 * what a restarted process serves, revision 0 is the knowledge folder, and a broken revision
 * in the store never replaces the content in force.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentConflictError } from '../../src/admin/content/contentRepository.js';
import { createStoreKnowledgeSource } from '../../src/admin/content/storeKnowledgeSource.js';
import { createManualClock } from '../../src/shared/clock.js';
import { createSqliteStore } from '../../src/store/sqliteStore.js';
import { KNOWLEDGE_DIR, TEST_NOW } from '../helpers/testApp.js';

describe('store knowledge source', () => {
  it('serves the published revision after a restart, and keeps the content in force when a stored revision is broken', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'talentbot-console-')), 'talentbot.sqlite');
    const clock = createManualClock(TEST_NOW);
    let store = createSqliteStore({ file, clock });
    let source = await createStoreKnowledgeSource({ store, clock, knowledgeDir: KNOWLEDGE_DIR, pollMs: 0 });
    expect(source.revision).toBe(0);
    const working = await source.content.working();
    const housing = 'entries/housing-subsidy.zh.md';
    const files = { ...working.files, [housing]: `${working.files[housing]}\n持久化测试。\n` };
    await source.content.saveDraft({ expectedHash: working.hash, files, by: 'tester' });
    await expect(source.content.saveDraft({ expectedHash: working.hash, files, by: 'late' })).rejects.toBeInstanceOf(ContentConflictError);
    const draft = (await source.content.draft())!;
    const revision = await source.content.publish({ expectedHash: draft.hash, by: 'tester', note: 'durable' });
    await source.install(revision.number, source.build(revision.files));
    expect(source.current().entryFor('housing_subsidy', 'zh')!.body).toContain('持久化测试');
    await source.close();
    await store.close();

    store = createSqliteStore({ file, clock });
    source = await createStoreKnowledgeSource({ store, clock, knowledgeDir: KNOWLEDGE_DIR, pollMs: 0 });
    expect(source.revision).toBe(1);
    expect(source.current().entryFor('housing_subsidy', 'zh')!.body).toContain('持久化测试');
    expect((await source.content.history()).map((r) => [r.number, r.by, r.note])).toEqual([
      [1, 'tester', 'durable'],
      [0, 'knowledge/', 'files of the knowledge folder'],
    ]);

    // A revision written by a broken process: refused, the content in force stays.
    const broken = { ...(await store.state.get('admin:content:rev:1') as object), number: 2, files: { 'topics.yaml': 'nope' } };
    await store.state.set('admin:content:rev:2', broken);
    await store.state.set('admin:content:head', { version: 1, number: 2 });
    expect(await source.refresh()).toBe(false);
    expect(source.revision).toBe(1);
    expect(source.current().entryFor('housing_subsidy', 'zh')!.body).toContain('持久化测试');
    await source.close();
    await store.close();
  });
});
