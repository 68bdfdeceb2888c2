import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWLEDGE_DIR, SMALL_KNOWLEDGE_DIR, SMALL_KNOWLEDGE_SUMMARY } from '../helpers/testApp.js';
import { runCli } from '../helpers/runCli.js';

describe('npm run kb:check', () => {
  it('accepts the shipped knowledge', async () => {
    const result = await runCli('kbCheck', [KNOWLEDGE_DIR]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^knowledge OK: \d+ entries in \d+ topics, /);
    expect(result.stdout).toMatch(/needs review: startup-funding\.zh/);
  });

  it('checks the KNOWLEDGE_DIR folder when given none, and reports its counts and the entries under review', async () => {
    const result = await runCli('kbCheck', [], { KNOWLEDGE_DIR: SMALL_KNOWLEDGE_DIR });
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').map((line) => line.replace(/ — .*$/, ''))).toEqual([SMALL_KNOWLEDGE_SUMMARY, 'needs review: startup-funding.en', 'needs review: startup-funding.zh', '']);
  });

  it('lists each problem of a broken copy with its file and field, and exits 1', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'talentbot-kb-'));
    await cp(SMALL_KNOWLEDGE_DIR, dir, { recursive: true });
    const file = path.join(dir, 'entries', 'housing-subsidy.en.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^asOf: .*$/m, 'asOf: 23 October'));
    const result = await runCli('kbCheck', [dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${dir}/entries/housing-subsidy.en.md: asOf: expected a date written YYYY-MM-DD`);
  });

  it("lists the district profile's problems with the content's", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'talentbot-kb-'));
    await cp(SMALL_KNOWLEDGE_DIR, dir, { recursive: true });
    const profile = path.join(dir, 'profile.yaml');
    await writeFile(profile, (await readFile(profile, 'utf8')).replace(/^timeZone: .*$/m, "timeZone: '+08:00'"));
    const entry = path.join(dir, 'entries', 'housing-subsidy.en.md');
    await writeFile(entry, (await readFile(entry, 'utf8')).replace(/^asOf: .*$/m, 'asOf: 23 October'));
    const result = await runCli('kbCheck', [dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('entries/housing-subsidy.en.md: asOf: expected a date written YYYY-MM-DD');
    expect(result.stderr).toContain('profile.yaml: timeZone: expected an IANA time zone name');
  });

  it('accepts the second, fixture district', async () => {
    const result = await runCli('kbCheck', [path.join(KNOWLEDGE_DIR, '..', 'test', 'fixtures', 'district-b', 'knowledge')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('profile of Lindenau District (Europe/Berlin)');
  });
});
