/**
 * The dictionary files that ship with `@node-rs/jieba`, read when they are needed. Its own
 * `dict.js` reads both files as soon as it is imported and keeps them for the life of the
 * process (11 MB); read here, the base dictionary (5 MB) can be released once the segmenter
 * has parsed it. The bytes are the same as that module's `dict` and `idf`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** jieba's base dictionary, `dict.txt` ("word frequency tag" lines). */
export function readJiebaDictionary(): Buffer {
  return readFileSync(require.resolve('@node-rs/jieba/dict.txt'));
}

/** jieba's inverse document frequencies, `idf.txt` ("word value" lines). */
export function readJiebaIdf(): Buffer {
  return readFileSync(require.resolve('@node-rs/jieba/idf.txt'));
}
