/**
 * A line diff for the console's "what changed" views: the longest common subsequence of
 * lines, shown as unified hunks with a few lines of context. Knowledge files are small
 * (at most a few hundred lines), so the quadratic table is fine.
 */

/** One line of a diff. */
export interface DiffLine {
  kind: 'same' | 'added' | 'removed' | 'gap';
  text: string;
}

/** Above this many cells the diff gives up on alignment and shows old then new. */
const MAX_CELLS = 4_000_000;

/**
 * The lines that differ between two texts, with `context` unchanged lines around each change
 * and a `gap` line where unchanged lines are left out.
 *
 * @param before - the old text
 * @param after - the new text
 * @param context - unchanged lines kept around a change; default 2
 */
export function diffLines(before: string, after: string, context = 2): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const full = align(a, b);
  const keep = full.map((line, i) => line.kind !== 'same' || full.slice(Math.max(0, i - context), i + context + 1).some((l) => l.kind !== 'same'));
  const out: DiffLine[] = [];
  full.forEach((line, i) => {
    if (keep[i]) out.push(line);
    else if (out.length === 0 || out[out.length - 1]!.kind !== 'gap') out.push({ kind: 'gap', text: '…' });
  });
  return out;
}

function align(a: string[], b: string[]): DiffLine[] {
  // Common prefix and suffix first: most edits touch a few lines.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head = a.slice(0, start).map((text): DiffLine => ({ kind: 'same', text }));
  const tail = a.slice(endA).map((text): DiffLine => ({ kind: 'same', text }));
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  if (x.length * y.length > MAX_CELLS) {
    return [...head, ...x.map((text): DiffLine => ({ kind: 'removed', text })), ...y.map((text): DiffLine => ({ kind: 'added', text })), ...tail];
  }
  // lcs[i][j]: length of the LCS of x[i..] and y[j..].
  const lcs: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) {
      lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const middle: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      middle.push({ kind: 'same', text: x[i]! });
      i++;
      j++;
    } else if (i < x.length && (j === y.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      middle.push({ kind: 'removed', text: x[i]! });
      i++;
    } else {
      middle.push({ kind: 'added', text: y[j]! });
      j++;
    }
  }
  return [...head, ...middle, ...tail];
}
