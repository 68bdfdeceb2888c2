/**
 * How the inbox compares questions: a normalised form (the same wording typed differently) and
 * the terms grouping compares — Chinese character pairs and English words without plural
 * endings, filler words left out — with their share in common.
 */

const EN_FILLER = new Set(
  'a an the is are was be do does did i you we my me your it its of to in on for at by and or can could would will there any how what which who when where why please about with get'.split(' '),
);
const ZH_FILLER = /[的了吗呢吧啊呀么嘛哦请问我你您们是有在和与及或]/gu;

/** Lower case, full-width folded, punctuation and spaces removed. */
export function normaliseQuestion(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}[\]]+/gu, '');
}

/** The terms grouping compares: Chinese character pairs and English words. */
export function questionTerms(text: string): string[] {
  const terms = new Set<string>();
  const lower = text.normalize('NFKC').toLowerCase().replace(/\[[a-z]+\]/g, ' ');
  for (const run of lower.match(/\p{Script=Han}+/gu) ?? []) {
    const chars = [...run.replace(ZH_FILLER, '')];
    if (chars.length === 1) terms.add(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) terms.add(chars[i]! + chars[i + 1]!);
  }
  for (const word of lower.match(/[a-z0-9]+/g) ?? []) {
    if (EN_FILLER.has(word)) continue;
    terms.add(word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word);
  }
  return [...terms].sort();
}

/** The share of terms two questions have in common (Jaccard), 0 when either has none. */
export function similarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const set = new Set(a);
  const shared = b.filter((t) => set.has(t)).length;
  return shared / (a.length + b.length - shared);
}
