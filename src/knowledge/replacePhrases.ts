/**
 * Replaces whole-word phrases in text, as one regular expression alternation of the phrases
 * would (`(?<![\p{L}\p{N}])phrase(?![\p{L}\p{N}])|…`, longest phrase first, left to right),
 * but without trying every phrase at every position: only the phrases starting with the
 * character at a word start are tried. The analyser maps English synonyms and multi-word
 * terms this way over every unit of the content, so its cost is the index build's.
 */

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Builds a replacer.
 *
 * @param replacements - phrase → what replaces it; phrases are tried longest first, in this map's order among equal lengths
 */
export function createPhraseReplacer(replacements: ReadonlyMap<string, string>): (text: string) => string {
  const phrases = [...replacements.keys()].filter(Boolean).sort((a, b) => b.length - a.length);
  const byFirst = new Map<string, string[]>();
  for (const p of phrases) {
    const first = String.fromCodePoint(p.codePointAt(0)!);
    byFirst.set(first, [...(byFirst.get(first) ?? []), p]);
  }
  const isWordAt = (text: string, at: number) => at >= 0 && at < text.length && WORD_CHAR.test(String.fromCodePoint(text.codePointAt(at)!));
  // The code point that ends just before `at` (a surrogate pair counts as one character).
  const isWordBefore = (text: string, at: number) => {
    if (at <= 0) return false;
    const low = text.charCodeAt(at - 1);
    const start = low >= 0xdc00 && low <= 0xdfff && at >= 2 ? at - 2 : at - 1;
    return isWordAt(text, start);
  };
  return (text) => {
    let out = '';
    let copied = 0;
    for (let i = 0; i < text.length; ) {
      const code = text.codePointAt(i)!;
      const width = code > 0xffff ? 2 : 1;
      const candidates = byFirst.get(String.fromCodePoint(code));
      const found = candidates && !isWordBefore(text, i) ? candidates.find((p) => text.startsWith(p, i) && !isWordAt(text, i + p.length)) : undefined;
      if (found === undefined) {
        i += width;
        continue;
      }
      out += text.slice(copied, i) + (replacements.get(found) ?? found);
      i += found.length;
      copied = i;
    }
    return copied === 0 ? text : out + text.slice(copied);
  };
}
