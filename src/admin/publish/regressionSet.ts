/**
 * The regression set that gates publishing: the shipped evaluation file
 * (`knowledge/regression.jsonl`, a copy of the public evaluation set) plus the questions staff
 * saved from the inbox with the topic they expect (kept in the store, `admin:regression`).
 * Both are in the format of `shared/eval/TOPICS.md` and parsed by `parseEvalFile`.
 *
 * An export writes the shipped lines verbatim followed by the staff lines; importing that
 * file adds the staff lines that are not known yet, so export → import → export is stable.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import { evalCaseSchema, parseEvalFile, type EvalCase } from '../../eval/evaluate.js';
import type { StateStore } from '../../store/contract.js';
import { REGRESSION_FILE } from '../content/knowledgeFiles.js';

/** A question staff saved, with who and when. */
export const staffCaseSchema = z.object({
  id: z.string(),
  lang: z.enum(['zh', 'en']),
  q: z.string(),
  expect: evalCaseSchema.shape.expect,
  addedBy: z.string(),
  addedAt: z.number(),
  /** The inbox group it came from. */
  group: z.string().optional(),
});
/** A question staff saved. */
export type StaffCase = z.infer<typeof staffCaseSchema>;

const KEY = 'admin:regression';
const documentSchema = z.object({ version: z.literal(1), cases: z.array(staffCaseSchema) });

/** The regression set. */
export interface RegressionSet {
  /** The shipped file's text and questions (empty when the file is missing). */
  shipped(): Promise<{ text: string; cases: EvalCase[] }>;
  staff(): Promise<StaffCase[]>;
  /** Every question: shipped first, then staff. */
  all(): Promise<EvalCase[]>;
  /** Adds staff questions (a question already saved with the same wording and language is skipped); returns how many were added. */
  add(cases: ReadonlyArray<Omit<StaffCase, 'id' | 'addedAt'>>): Promise<number>;
  remove(id: string): Promise<boolean>;
  /** The file text of the whole set. */
  exportText(): Promise<string>;
  /** Adds the questions of an imported file that are not in the set yet; returns how many. @throws InputError for a bad file */
  importText(text: string, by: string): Promise<number>;
}

/**
 * Creates the regression set.
 *
 * @param state - the store's state part
 * @param clock - stamps saved questions
 * @param knowledgeDir - the folder holding `regression.jsonl`
 */
export function createRegressionSet(state: StateStore, clock: Clock, knowledgeDir: string): RegressionSet {
  const file = path.join(knowledgeDir, REGRESSION_FILE);
  let shipped: Promise<{ text: string; cases: EvalCase[] }> | undefined;
  const read = async () => {
    const stored = await state.get(KEY);
    return stored === undefined ? [] : documentSchema.parse(stored).cases;
  };
  const toEvalCase = (c: StaffCase): EvalCase => evalCaseSchema.parse({ id: c.id, lang: c.lang, q: c.q, expect: c.expect });

  const set: RegressionSet = {
    shipped() {
      shipped ??= readFile(file, 'utf8').then(
        (text) => ({ text, cases: parseEvalFile(text, file) }),
        () => ({ text: '', cases: [] }),
      );
      return shipped;
    },
    staff: read,
    async all() {
      return [...(await set.shipped()).cases, ...(await read()).map(toEvalCase)];
    },
    async add(cases) {
      const now = clock.now();
      const shippedIds = new Set((await set.shipped()).cases.map((c) => c.id));
      return (await state.update(KEY, (current) => {
        const existing = current === undefined ? [] : documentSchema.parse(current).cases;
        const seen = new Set(existing.map((c) => `${c.lang}\0${c.q}`));
        let next = existing.reduce((max, c) => Math.max(max, Number(/^s(\d+)$/.exec(c.id)?.[1] ?? 0)), 0);
        const added: StaffCase[] = [];
        for (const c of cases) {
          if (seen.has(`${c.lang}\0${c.q}`)) continue;
          seen.add(`${c.lang}\0${c.q}`);
          let id: string;
          do id = `s${++next}`;
          while (shippedIds.has(id));
          added.push({ ...c, id, addedAt: now });
        }
        return added.length ? { action: 'set', value: { version: 1, cases: [...existing, ...added] }, result: added.length } : { action: 'keep', result: 0 };
      })) as number;
    },
    async remove(id) {
      return (await state.update(KEY, (current) => {
        const existing = current === undefined ? [] : documentSchema.parse(current).cases;
        const kept = existing.filter((c) => c.id !== id);
        return kept.length === existing.length ? { action: 'keep', result: false } : { action: 'set', value: { version: 1, cases: kept }, result: true };
      })) as boolean;
    },
    async exportText() {
      const { text } = await set.shipped();
      const lines = (await read()).map((c) => JSON.stringify({ id: c.id, lang: c.lang, q: c.q, expect: c.expect }));
      if (lines.length === 0) return text;
      return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${lines.join('\n')}\n`;
    },
    async importText(text, by) {
      const cases = parseEvalFile(text, REGRESSION_FILE);
      const known = new Set([...(await set.shipped()).cases.map((c) => c.id), ...(await read()).map((c) => c.id)]);
      const fresh = cases.filter((c) => !known.has(c.id));
      if (fresh.length === 0) return 0;
      const now = clock.now();
      return (await state.update(KEY, (current) => {
        const existing = current === undefined ? [] : documentSchema.parse(current).cases;
        const ids = new Set(existing.map((c) => c.id));
        const added = fresh.filter((c) => !ids.has(c.id)).map((c): StaffCase => ({ id: c.id, lang: c.lang, q: c.q, expect: c.expect, addedBy: by, addedAt: now }));
        return { action: 'set', value: { version: 1, cases: [...existing, ...added] }, result: added.length };
      })) as number;
    },
  };
  return set;
}
