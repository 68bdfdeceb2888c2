/**
 * A read-only table of "word value" lines (jieba's IDF file, ≈ 350,000 lines, 6 MB) looked up
 * in place: an open-addressing hash over the file's UTF-8 bytes, with each line's word and
 * value positions in typed arrays. A `Map` of the same lines held ≈ 33 MiB of heap and, while
 * it was built, ≈ 80 MiB of resident memory for the decoded text and its line strings; this
 * keeps ≈ 8 MiB beside the file's bytes, which are loaded anyway. A value is read from its
 * bytes when looked up, exactly as `Number` read it from the decoded line.
 */

/** Looks up a word's value; undefined when the file has no line for it. */
export type IdfTable = (word: string) => number | undefined;

const SPACE = 0x20;
const NEWLINE = 0x0a;

/** FNV-1a over `length` bytes of `bytes` from `at`. */
function hashBytes(bytes: Uint8Array, at: number, length: number): number {
  let h = 0x811c9dc5;
  for (let i = at; i < at + length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

/**
 * Builds the table. Lines without a space after their first character are skipped; for a word
 * on several lines the last one counts (as `Map.set` did).
 *
 * @param file - the file's bytes, lines of "word value" (the word may contain spaces: the value follows the last one)
 */
export function createIdfTable(file: Uint8Array): IdfTable {
  // The lines are counted first so that their positions go straight into typed arrays: growing
  // plain arrays of 350,000 numbers left ≈ 25 MiB of garbage in the large-object space.
  let lines = 0;
  for (let at = file.indexOf(NEWLINE); at >= 0; at = file.indexOf(NEWLINE, at + 1)) lines++;
  const starts = new Int32Array(lines + 1);
  const spaces = new Int32Array(lines + 1);
  const ends = new Int32Array(lines + 1);
  let count = 0;
  for (let start = 0; start < file.length; ) {
    let end = file.indexOf(NEWLINE, start);
    if (end < 0) end = file.length;
    const space = file.lastIndexOf(SPACE, end - 1);
    if (space > start && space < end) {
      starts[count] = start;
      spaces[count] = space;
      ends[count] = end;
      count++;
    }
    start = end + 1;
  }
  const wordStart = starts.subarray(0, count);
  const wordEnd = spaces.subarray(0, count);
  const lineEnd = ends.subarray(0, count);
  let size = 1;
  while (size < wordStart.length * 2) size *= 2;
  const slots = new Int32Array(size).fill(-1);
  const sameWord = (line: number, bytes: Uint8Array, at: number, length: number) => {
    if (wordEnd[line]! - wordStart[line]! !== length) return false;
    for (let i = 0; i < length; i++) if (file[wordStart[line]! + i] !== bytes[at + i]) return false;
    return true;
  };
  const find = (bytes: Uint8Array, at: number, length: number) => {
    let slot = hashBytes(bytes, at, length) & (size - 1);
    while (slots[slot] !== -1 && !sameWord(slots[slot]!, bytes, at, length)) slot = (slot + 1) & (size - 1);
    return slot;
  };
  for (let line = 0; line < wordStart.length; line++) slots[find(file, wordStart[line]!, wordEnd[line]! - wordStart[line]!)] = line;
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  return (word) => {
    const bytes = encoder.encode(word);
    const line = slots[find(bytes, 0, bytes.length)]!;
    if (line === -1) return undefined;
    return Number(decoder.decode(file.subarray(wordEnd[line]! + 1, lineEnd[line]!)));
  };
}
