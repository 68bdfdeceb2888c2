/**
 * `tsx bench/inboxStall.ts [module]`: how long recording one unanswered question takes — on
 * the embedded store it is synchronous work, so the event loop is blocked that long — as
 * the inbox fills (3,000 distinct questions on the embedded SQLite store),
 * for BENCHMARKS.md. `module` is the inbox module to load (default `src/admin/inbox/inbox.ts`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createManualClock } from '../src/shared/clock.js';
import type { Language } from '../src/shared/language.js';
import type { Store } from '../src/store/contract.js';
import { createSqliteStore } from '../src/store/sqliteStore.js';

type RecorderModule = { createInboxRecorder(store: Store, clock: { now(): number }): { record(q: { question: string; language: Language; fallback: boolean }): Promise<void> } };
const modulePath = path.resolve(process.argv[2] ?? 'src/admin/inbox/inbox.ts');
const { createInboxRecorder } = (await import(pathToFileURL(modulePath).href)) as RecorderModule;
const dir = mkdtempSync(path.join(tmpdir(), 'talentbot-inbox-bench-'));
const clock = createManualClock('2026-03-01T00:00:00Z');
const store = createSqliteStore({ file: path.join(dir, 'talentbot.sqlite'), clock });
const recorder = createInboxRecorder(store, clock);
const words = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango'.split(' ');
const times: number[] = [];
for (let i = 0; i < 3000; i++) {
  const question = `question ${words[i % 20]} ${words[Math.floor(i / 20) % 20]} number${i} about subsidy${i % 7}`;
  const start = performance.now();
  await recorder.record({ question, language: 'en', fallback: true });
  times.push(performance.now() - start);
  clock.advance(1000);
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
console.log(`${path.relative(process.cwd(), modulePath)}: record p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms` + ' (synchronous work: the event loop is blocked that long)');
await store.close();
rmSync(dir, { recursive: true, force: true });
