/**
 * A read-only table of "word value" lines (jieba's IDF file, ≈ 270,000 lines, 6 MB) looked up
 * in place: an open-addressing hash over the file's UTF-8 bytes whose slots hold where each
 * line starts; its word and value are found in the line when it is compared. A `Map` of the
 * same lines held ≈ 33 MiB of heap and, while it was built, ≈ 80 MiB of resident memory for
 * the decoded text and its line strings; this keeps 2 MiB beside the file's bytes, which are
 * loaded anyway. A value is read from its bytes when looked up, exactly as `Number` read it
 * from the decoded line.
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
  /** Where the line starting at `start` ends (its newline, or the end of the file). */
  const lineEnd = (start: number) => {
    const end = file.indexOf(NEWLINE, start);
    return end < 0 ? file.length : end;
  };
  /** The last space before a line's `end`: the value follows it, the word precedes it. */
  const valueSpace = (end: number) => file.lastIndexOf(SPACE, end - 1);

  let lines = 1;
  for (let at = file.indexOf(NEWLINE); at >= 0; at = file.indexOf(NEWLINE, at + 1)) lines++;
  // At most two slots in three taken: a word is found in one or two probes.
  let size = 1;
  while (size < lines * 1.5) size *= 2;
  const slots = new Int32Array(size).fill(-1);
  // The bytes first, which tell most lines apart at once; then that the word ends there.
  const sameWord = (start: number, bytes: Uint8Array, at: number, length: number) => {
    for (let i = 0; i < length; i++) if (file[start + i] !== bytes[at + i]) return false;
    return file[start + length] === SPACE && valueSpace(lineEnd(start)) === start + length;
  };
  const find = (bytes: Uint8Array, at: number, length: number) => {
    let slot = hashBytes(bytes, at, length) & (size - 1);
    while (slots[slot] !== -1 && !sameWord(slots[slot]!, bytes, at, length)) slot = (slot + 1) & (size - 1);
    return slot;
  };
  for (let start = 0; start < file.length; ) {
    const end = lineEnd(start);
    const space = valueSpace(end);
    if (space > start && space < end) slots[find(file, start, space - start)] = start;
    start = end + 1;
  }
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  return (word) => {
    const bytes = encoder.encode(word);
    const start = slots[find(bytes, 0, bytes.length)]!;
    if (start === -1) return undefined;
    const end = lineEnd(start);
    return Number(decoder.decode(file.subarray(valueSpace(end) + 1, end)));
  };
}
