/**
 * Export and import of content in the `knowledge/` file format: a gzipped tar archive
 * (`knowledge-r<N>.tar.gz`) holding `knowledge/entries/*.md`, `knowledge/topics.yaml`,
 * `knowledge/calendar.yaml`, `knowledge/lexicon.yaml` and `knowledge/regression.jsonl`, byte
 * for byte as the texts are stored. `tar -xzf` it over a checkout and commit; or import it
 * back: import → export gives the same texts.
 *
 * Written by hand (ustar headers, `node:zlib`) to need no package. Reading accepts plain or
 * gzipped tar, ustar and GNU/pax long names, and a top folder of any name.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { InputError } from '../../shared/errors.js';
import { isContentFile, REGRESSION_FILE, sortedFileNames, type KnowledgeFiles } from '../content/knowledgeFiles.js';

const BLOCK = 512;
/** Largest archive content accepted, uncompressed. */
export const MAX_ARCHIVE_BYTES = 10 * 1024 * 1024;

/** What an archive holds. */
export interface KnowledgeArchive {
  files: KnowledgeFiles;
  /** The text of `regression.jsonl`, when the archive has one. */
  regression?: string;
  /** Paths in the archive that are not content (README files, editor backups), left out. */
  ignored: string[];
}

/**
 * Writes an archive.
 *
 * @param archive - the content files and the regression set's text
 * @param mtimeMs - the time stamped on every file (the revision's time, so one revision always gives the same archive)
 */
export function packKnowledgeArchive(archive: { files: KnowledgeFiles; regression?: string }, mtimeMs: number): Buffer {
  const blocks: Buffer[] = [];
  const mtime = Math.floor(mtimeMs / 1000);
  const entries: Array<[string, string]> = sortedFileNames(archive.files).map((name) => [name, archive.files[name]!]);
  if (archive.regression !== undefined) entries.push([REGRESSION_FILE, archive.regression]);
  for (const [name, text] of entries) {
    const body = Buffer.from(text, 'utf8');
    blocks.push(header(`knowledge/${name}`, body.length, mtime), body, Buffer.alloc((BLOCK - (body.length % BLOCK)) % BLOCK));
  }
  blocks.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(blocks), { level: 9 });
}

function header(path: string, size: number, mtime: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  let name = path;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = path.lastIndexOf('/', 155);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
    if (cut < 0 || Buffer.byteLength(name) > 100 || Buffer.byteLength(prefix) > 155) throw new InputError(path, 'file name too long for a tar archive');
  }
  block.write(name, 0, 100, 'utf8');
  block.write('0000644\0', 100, 'ascii');
  block.write('0000000\0', 108, 'ascii');
  block.write('0000000\0', 116, 'ascii');
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  block.write(`${mtime.toString(8).padStart(11, '0')}\0`, 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write('0', 156, 'ascii');
  block.write('ustar\0', 257, 'ascii');
  block.write('00', 263, 'ascii');
  block.write('talentbot', 265, 'ascii');
  block.write('talentbot', 297, 'ascii');
  block.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

const cString = (buffer: Buffer, start: number, end: number) => {
  const slice = buffer.subarray(start, end);
  const nul = slice.indexOf(0);
  return slice.subarray(0, nul < 0 ? slice.length : nul).toString('utf8');
};

/**
 * Reads an archive.
 *
 * @param data - the uploaded bytes (`.tar` or `.tar.gz`)
 * @throws InputError when it is not a tar archive, a file is not UTF-8 text, or it holds no content
 */
export function unpackKnowledgeArchive(data: Buffer): KnowledgeArchive {
  let tar: Buffer;
  try {
    tar = data[0] === 0x1f && data[1] === 0x8b ? gunzipSync(data, { maxOutputLength: MAX_ARCHIVE_BYTES }) : data;
  } catch {
    throw new InputError('archive', 'the file is not a readable .tar.gz archive (or it is larger than 10 MB); export one from the console to see the format');
  }
  if (tar.length < BLOCK) throw new InputError('archive', 'the file is not a tar archive; export one from the console to see the format');
  const raw: Array<[string, string]> = [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let longName: string | undefined;
  for (let offset = 0; offset + BLOCK <= tar.length; ) {
    const block = tar.subarray(offset, offset + BLOCK);
    if (block.every((b) => b === 0)) break;
    if (cString(block, 257, 262) !== 'ustar' && !checksumMatches(block)) {
      throw new InputError('archive', 'the file is not a tar archive; export one from the console to see the format');
    }
    const size = parseInt(cString(block, 124, 136).trim() || '0', 8);
    const type = String.fromCharCode(block[156] || 48);
    const body = tar.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = cString(body, 0, body.length);
      continue;
    }
    if (type === 'x') {
      longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1] ?? longName;
      continue;
    }
    const prefix = cString(block, 345, 500);
    const name = longName ?? (prefix ? `${prefix}/${cString(block, 0, 100)}` : cString(block, 0, 100));
    longName = undefined;
    if (type !== '0' && type !== '7') continue;
    let text: string;
    try {
      text = decoder.decode(body);
    } catch {
      throw new InputError(name, 'not UTF-8 text');
    }
    raw.push([name.replace(/^(\.\/)+/, ''), text]);
  }
  const archive: KnowledgeArchive = { files: {}, ignored: [] };
  for (const [name, text] of raw) {
    const inside = withinKnowledge(name);
    if (inside === REGRESSION_FILE) archive.regression = text;
    else if (inside !== undefined) archive.files[inside] = text;
    else archive.ignored.push(name);
  }
  if (Object.keys(archive.files).length === 0) {
    throw new InputError('archive', 'the archive holds no knowledge files (entries/*.md, topics.yaml, calendar.yaml, lexicon.yaml)');
  }
  return archive;
}

/** `knowledge/entries/a.zh.md`, `x/entries/a.zh.md` and `entries/a.zh.md` all give `entries/a.zh.md`. */
function withinKnowledge(name: string): string | undefined {
  const parts = name.split('/');
  for (let i = 0; i < parts.length && i <= 1; i++) {
    const rest = parts.slice(i).join('/');
    if (isContentFile(rest) || rest === REGRESSION_FILE) return rest;
  }
  return undefined;
}

function checksumMatches(block: Buffer): boolean {
  const stored = parseInt(cString(block, 148, 156).trim(), 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  return stored === sum;
}
