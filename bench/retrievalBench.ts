/**
 * The retrieval micro-benchmark: per-question latency of `retriever.search` with the
 * shipped knowledge, and with 1,000 and 10,000 synthetic entries added to it. Questions are
 * the held-out evaluation set (Chinese and English, in and out of scope). Synthetic entries
 * are made from the shipped ones — phrasings cut and recombined, each with a made-up word of
 * its own so the vocabulary grows as a real knowledge base's would — so the index holds
 * realistic, overlapping text rather than noise.
 *
 * Run alone: `npx tsx bench/retrievalBench.ts [sizes…]`.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config/projectRoot.js';
import { buildKnowledgeBase } from '../src/knowledge/knowledgeBase.js';
import { loadKnowledge, type KnowledgeContent } from '../src/knowledge/loadKnowledge.js';
import type { KnowledgeEntry } from '../src/knowledge/schema.js';
import { loadQuestions, seededRandom } from './chatMix.js';

/** Latency of one knowledge base size. */
export interface RetrievalSummary {
  /** Entries in the index. */
  entries: number;
  /** What was indexed: "shipped" or "shipped + N synthetic". */
  label: string;
  /** Time to build the index (the cost of a start or a reload), in ms. */
  buildMs: number;
  queries: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  /** CPU time per question (this thread's user + system time over all timed passes), in ms: barely moved by other load on the machine. */
  cpuMeanMs: number;
  /** Share of questions answered (confident), for a sanity check across sizes. */
  confidentShare: number;
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tu', 'zha', 'qi', 'vos', 'nel', 'dar', 'pim', 'sor', 'wex', 'yul', 'bri', 'fen'];
const HAN = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥峰岚澜璟瑜琛琪瑶';

/** A made-up word unique to `n`: Latin for English entries, two or three rare characters for Chinese ones. */
function madeUpWord(n: number, language: 'zh' | 'en'): string {
  let word = '';
  let rest = n + 1;
  if (language === 'en') {
    while (rest > 0) {
      word += SYLLABLES[rest % SYLLABLES.length];
      rest = Math.floor(rest / SYLLABLES.length);
    }
    return word.length < 5 ? `${word}ix` : word;
  }
  while (rest > 0) {
    word += HAN[rest % HAN.length];
    rest = Math.floor(rest / HAN.length);
  }
  return word;
}

/** A fragment of `text`: a run of words (English) or characters (Chinese). */
function fragment(text: string, language: 'zh' | 'en', random: () => number): string {
  if (language === 'en') {
    const words = text.split(/\s+/);
    const start = Math.floor(random() * Math.max(1, words.length - 3));
    return words.slice(start, start + 3 + Math.floor(random() * 4)).join(' ');
  }
  const chars = [...text];
  const start = Math.floor(random() * Math.max(1, chars.length - 4));
  return chars.slice(start, start + 4 + Math.floor(random() * 6)).join('');
}

/**
 * `count` synthetic entries made from `shipped`.
 *
 * @param shipped - the real entries
 * @param count - how many to make
 */
export function syntheticEntries(shipped: readonly KnowledgeEntry[], count: number, seed = 7): KnowledgeEntry[] {
  const random = seededRandom(seed);
  const byLanguage = { zh: shipped.filter((e) => e.language === 'zh'), en: shipped.filter((e) => e.language === 'en') };
  const out: KnowledgeEntry[] = [];
  for (let i = 0; i < count; i++) {
    const base = shipped[i % shipped.length]!;
    const language = base.language;
    const others = byLanguage[language];
    const word = madeUpWord(i, language);
    const join = language === 'en' ? ' ' : '';
    const questions = Array.from({ length: 3 + Math.floor(random() * 4) }, () => {
      const a = others[Math.floor(random() * others.length)]!;
      const b = others[Math.floor(random() * others.length)]!;
      return [fragment(a.questions[0]!, language, random), word, fragment(b.questions.at(-1)!, language, random)].join(join);
    });
    const sentences = base.body.split(/(?<=[.。!！?？])\s*/).filter(Boolean);
    out.push({
      ...base,
      id: `synthetic-${i}.${language}`,
      title: `${base.title}${join}${word}`,
      questions,
      tags: [...base.tags.slice(0, 2), word],
      body: [...sentences.sort(() => random() - 0.5).slice(0, 3), word].join(join),
    });
  }
  return out;
}

/** Percentile `p` (0–100) of sorted numbers. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Measures one index: a warm-up pass, then `rounds` timed passes over all questions. */
function measure(label: string, content: KnowledgeContent, questions: readonly string[], rounds: number): RetrievalSummary {
  const started = performance.now();
  // No result cache: every timed search is a real one (the held-out questions repeat each round).
  const base = buildKnowledgeBase(content, { cacheSize: 0 });
  const buildMs = performance.now() - started;
  for (const q of questions) base.retriever.search(q);
  const times: number[] = [];
  let confident = 0;
  const cpuBefore = process.cpuUsage();
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const t0 = performance.now();
      const result = base.retriever.search(q);
      times.push(performance.now() - t0);
      if (result.confident) confident++;
    }
  }
  const cpu = process.cpuUsage(cpuBefore);
  times.sort((a, b) => a - b);
  return {
    entries: content.entries.length,
    label,
    buildMs,
    queries: times.length,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    meanMs: times.reduce((a, b) => a + b, 0) / times.length,
    maxMs: times.at(-1) ?? 0,
    cpuMeanMs: (cpu.user + cpu.system) / 1000 / times.length,
    confidentShare: confident / times.length,
  };
}

/**
 * Runs the micro-benchmark for the shipped knowledge and each synthetic size.
 *
 * @param sizes - synthetic entries to add, e.g. [1000, 10000]
 * @param onResult - called as each size finishes (they take a while)
 */
export async function runRetrievalBench(sizes: readonly number[] = [1000, 10000], onResult?: (summary: RetrievalSummary) => void): Promise<RetrievalSummary[]> {
  const content = await loadKnowledge(path.join(PROJECT_ROOT, 'knowledge'));
  const set = loadQuestions('holdout');
  const questions = [...set.zh, ...set.en];
  const results: RetrievalSummary[] = [];
  const shipped = measure('shipped', content, questions, 20);
  onResult?.(shipped);
  results.push(shipped);
  for (const size of sizes) {
    const entries = [...content.entries, ...syntheticEntries(content.entries, size)];
    const summary = measure(`shipped + ${size} synthetic`, { ...content, entries }, questions, size >= 10_000 ? 5 : 10);
    onResult?.(summary);
    results.push(summary);
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  await runRetrievalBench(sizes.length ? sizes : undefined, (s) =>
    console.log(`${s.label.padEnd(28)} ${String(s.entries).padStart(6)} entries  build ${s.buildMs.toFixed(0).padStart(6)} ms  p50 ${s.p50Ms.toFixed(3)} ms  p99 ${s.p99Ms.toFixed(3)} ms  mean ${s.meanMs.toFixed(3)} ms  CPU ${s.cpuMeanMs.toFixed(3)} ms/q  answered ${(s.confidentShare * 100).toFixed(0)} %`),
  );
}
