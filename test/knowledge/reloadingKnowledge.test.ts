import { EventEmitter } from 'node:events';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildKnowledgeBase, type KnowledgeBase } from '../../src/knowledge/knowledgeBase.js';
import { loadKnowledge } from '../../src/knowledge/loadKnowledge.js';
import { createReloadingKnowledge, KNOWLEDGE_RELOAD_CHANNEL, type ReloadingKnowledge } from '../../src/knowledge/reloadingKnowledge.js';
import { createRedisSignal, type RedisSignal } from '../../src/store/redis/index.js';
import { deleteKeysByPrefix, findRedisForTests, randomTestPrefix, releaseRedisForTests } from '../helpers/redisForTests.js';
import { runCli } from '../helpers/runCli.js';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess.js';
import { SMALL_KNOWLEDGE_DIR } from '../helpers/testApp.js';

const ENTRY = path.join('entries', 'housing-subsidy.en.md');
const FLOW_TOPICS = new Set(['eligibility', 'competitions', 'talent_package']);

const dirs: string[] = [];
const signals: RedisSignal[] = [];
afterEach(async () => {
  await Promise.all(signals.splice(0).map((s) => s.close()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
afterAll(() => releaseRedisForTests());

let smallKnowledge: Promise<KnowledgeBase> | undefined;
/** The small fixture knowledge (16 entries), loaded once per file: the content in force before a reload. */
function smallKnowledgeBase(): Promise<KnowledgeBase> {
  smallKnowledge ??= loadKnowledge(SMALL_KNOWLEDGE_DIR).then((content) => buildKnowledgeBase(content));
  return smallKnowledge;
}

/** A writable copy of the small fixture knowledge. */
async function copyOfKnowledge(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'talentbot-reload-'));
  dirs.push(dir);
  await cp(SMALL_KNOWLEDGE_DIR, dir, { recursive: true });
  return dir;
}

/** Rewrites one file of `dir` with `edit`. */
async function editFile(dir: string, file: string, edit: (text: string) => string): Promise<void> {
  const full = path.join(dir, file);
  await writeFile(full, edit(await readFile(full, 'utf8')));
}

const housingBody = (base: KnowledgeBase) => base.entryFor('housing_subsidy', 'en')?.body ?? '';

async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('reloading knowledge', () => {
  it('swaps in an edit from disk, with a working index', async () => {
    const dir = await copyOfKnowledge();
    const knowledge = createReloadingKnowledge({ dir, initial: await smallKnowledgeBase(), requiredTopics: FLOW_TOPICS });
    const before = knowledge.current();
    await editFile(dir, ENTRY, (text) => text.replace('questions:\n', 'questions:\n  - Is there a quokka allowance for zebra owners?\n') + '\nReloaded marker.\n');

    const outcome = await knowledge.reload('test');
    expect(outcome).toMatchObject({ ok: true, entries: 16 });
    expect(knowledge.current()).not.toBe(before);
    expect(housingBody(knowledge.current())).toContain('Reloaded marker.');
    expect(knowledge.current().retriever.search('quokka allowance zebra').hits[0]?.entry.id).toBe('housing-subsidy.en');
    expect(housingBody(before)).not.toContain('Reloaded marker.');
  });

  it('refuses a broken edit, names the file and field, and keeps the content in force', async () => {
    const dir = await copyOfKnowledge();
    const knowledge = createReloadingKnowledge({ dir, initial: await smallKnowledgeBase() });
    const before = knowledge.current();
    await editFile(dir, ENTRY, (text) => text.replace(/^asOf: .*$/m, 'asOf: 23 October'));

    const outcome = await knowledge.reload('test');
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? [] : outcome.problems).toContainEqual({ where: `${dir}/entries/housing-subsidy.en.md: asOf`, problem: expect.stringContaining('YYYY-MM-DD') });
    expect(knowledge.current()).toBe(before);
  });

  it('refuses content that drops a topic the flows offer on', async () => {
    const dir = await copyOfKnowledge();
    const knowledge = createReloadingKnowledge({ dir, initial: await smallKnowledgeBase(), requiredTopics: new Set([...FLOW_TOPICS, 'no_such_topic']) });
    const before = knowledge.current();
    const outcome = await knowledge.reload('test');
    expect(outcome.ok ? '' : outcome.problems[0]?.problem).toContain('no_such_topic');
    expect(knowledge.current()).toBe(before);
  });

  it('keeps the content when the folder cannot be read at all', async () => {
    const knowledge = createReloadingKnowledge({ dir: path.join(tmpdir(), 'talentbot-no-such-dir'), initial: await smallKnowledgeBase() });
    const before = knowledge.current();
    expect((await knowledge.reload('test')).ok).toBe(false);
    expect(knowledge.current()).toBe(before);
  });

  it('never runs two reloads at once; triggers during a reload share one more', async () => {
    const initial = await smallKnowledgeBase();
    let running = 0;
    let most = 0;
    let calls = 0;
    const gates: Array<() => void> = [];
    const knowledge = createReloadingKnowledge({
      dir: SMALL_KNOWLEDGE_DIR,
      initial,
      load: async () => {
        calls++;
        running++;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running--;
        return initial;
      },
    });
    // Triggers before a reload has started reading share it: it reads the disk after them.
    const first = knowledge.reload('1');
    expect(knowledge.reload('1b')).toBe(first);
    await waitFor('the first load', () => gates.length === 1);
    // Triggers while it reads queue exactly one more.
    const queued = [knowledge.reload('2'), knowledge.reload('3'), knowledge.reload('4')];
    gates.shift()!();
    await first;
    await waitFor('the queued load', () => gates.length === 1);
    gates.shift()!();
    await Promise.all(queued);
    expect(calls).toBe(2);
    expect(most).toBe(1);
  });

  it('reloads on SIGHUP until the handler is removed', async () => {
    const dir = await copyOfKnowledge();
    const initial = await smallKnowledgeBase();
    let loads = 0;
    const knowledge = createReloadingKnowledge({
      dir,
      initial,
      load: async (d) => {
        loads++;
        return buildKnowledgeBase(await loadKnowledge(d));
      },
    });
    const hangup = new EventEmitter();
    const stop = knowledge.reloadOnHangup(hangup);
    await editFile(dir, ENTRY, (text) => `${text}\nAfter SIGHUP.\n`);
    hangup.emit('SIGHUP');
    await waitFor('the reload', () => housingBody(knowledge.current()).includes('After SIGHUP.'));
    stop();
    expect(hangup.listenerCount('SIGHUP')).toBe(0);
    hangup.emit('SIGHUP');
    await new Promise((r) => setTimeout(r, 50));
    expect(loads).toBe(1);
  });
});

describe('npm run kb:reload with Redis', () => {
  /** Two reloading sources on one folder, each with its own Redis connections: two processes. */
  async function twoProcesses() {
    const { url } = await findRedisForTests();
    const prefix = randomTestPrefix();
    const dir = await copyOfKnowledge();
    const initial = await smallKnowledgeBase();
    const processes: ReloadingKnowledge[] = [];
    for (let i = 0; i < 2; i++) {
      const signal = createRedisSignal({ url, prefix });
      signals.push(signal);
      const knowledge = createReloadingKnowledge({ dir, initial, requiredTopics: FLOW_TOPICS });
      await knowledge.listen(signal);
      processes.push(knowledge);
    }
    const env = { REDIS_URL: url, REDIS_PREFIX: prefix, KNOWLEDGE_DIR: dir };
    return { url, prefix, dir, initial, processes, env };
  }

  it('validates, publishes, and every listening process reloads', async () => {
    const { url, prefix, dir, processes, env } = await twoProcesses();
    try {
      await editFile(dir, ENTRY, (text) => `${text}\nPublished edit.\n`);
      const result = await runCli('kbReload', [], env);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('knowledge OK: 16 entries');
      expect(result.stdout).toContain(`${prefix}signal:${KNOWLEDGE_RELOAD_CHANNEL}: 2 process(es) listening`);
      await waitFor('both processes to reload', () => processes.every((k) => housingBody(k.current()).includes('Published edit.')));
    } finally {
      await deleteKeysByPrefix(url, prefix);
    }
  });

  it('publishes nothing for a broken edit and exits 1; a process that reloads anyway keeps its content', async () => {
    const { url, prefix, dir, initial, processes, env } = await twoProcesses();
    const heard: string[] = [];
    const spy = createRedisSignal({ url, prefix });
    signals.push(spy);
    await spy.subscribe(KNOWLEDGE_RELOAD_CHANNEL, (message) => heard.push(message));
    try {
      await editFile(dir, 'topics.yaml', (text) => text.replace('id: housing_subsidy', 'id: housing subsidy!'));
      const result = await runCli('kbReload', [], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('nothing was reloaded');
      expect(result.stderr).toContain(`${dir}/topics.yaml`);
      await new Promise((r) => setTimeout(r, 200));
      expect(heard).toEqual([]);

      // Someone publishes anyway (an older kb:reload, a hand-typed PUBLISH): refused everywhere.
      const outcomes = await Promise.all(processes.map((k) => k.reload('forced')));
      expect(outcomes.every((o) => !o.ok)).toBe(true);
      expect(processes.every((k) => k.current() === initial)).toBe(true);
    } finally {
      await deleteKeysByPrefix(url, prefix);
    }
  });
});

describe('npm run kb:reload without Redis', () => {
  it('validates and says how to reload one process', async () => {
    const result = await runCli('kbReload', [SMALL_KNOWLEDGE_DIR], { REDIS_URL: '' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('knowledge OK: 16 entries');
    expect(result.stdout).toContain('kill -HUP <pid>');
  });

  let server: ServerProcess | undefined;
  afterAll(() => server?.kill('SIGKILL'));

  it('--pid sends SIGHUP, and a running bot without Redis reloads on it', async () => {
    const dir = await copyOfKnowledge();
    server = await startServerProcess({ KNOWLEDGE_DIR: dir, DATA_DIR: path.join(dir, 'data'), REDIS_URL: '' });
    const ask = async () => {
      const response = await fetch(`${server!.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: 'sighup-check', text: 'Is there a subsidy for buying a house?' }),
      });
      return ((await response.json()) as { replies: Array<{ text: string }> }).replies.map((r) => r.text).join('\n');
    };
    expect(await ask()).not.toContain('Reloaded on SIGHUP.');
    await editFile(dir, ENTRY, (text) => `${text.trimEnd()}\n\nReloaded on SIGHUP.\n`);
    const result = await runCli('kbReload', ['--pid', String(server.child.pid)], { KNOWLEDGE_DIR: dir, REDIS_URL: '' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`sent SIGHUP to process ${server.child.pid}`);
    let answer = '';
    const deadline = Date.now() + 10_000;
    while (!(answer = await ask()).includes('Reloaded on SIGHUP.') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(answer).toContain('Reloaded on SIGHUP.');
    expect(server.child.exitCode).toBeNull();
  });
});
