/**
 * Finds every figure a text states — numbers, amounts, dates, percentages — as values that
 * compare across notations, for the guard on model answers: 50万元 = 五十万元 = RMB 500,000 =
 * 0.5 million; ５０％ = 百分之五十 = 50 percent; 二〇二四年 = 2024年; nine million = 9 million.
 *
 * It reads more than `src/knowledge/extractFigures.ts` (which checks the curated content
 * against its source): Chinese numerals, English number words, percentages, and vague
 * magnitudes ("数百万", "several million"), which state an amount without a number and so
 * can never be checked. Both the model's answer and the entries it cites are read with this
 * one function, so a figure is accepted only when it is the same value in the same sense.
 */

/** One figure. Percentages are kept apart: 50% is not the 50 of "50万" or of "50 people". */
export interface Figure {
  value: number;
  kind: 'number' | 'percent';
  /** The text it was read from, for logs. */
  text: string;
}

/** What a text states in figures. */
export interface FiguresFound {
  figures: Figure[];
  /** Amounts stated without a number ("数百万", "several million"), lower-cased, for logs. */
  vague: string[];
}

const CHINESE_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 贰: 2, 两: 2, 三: 3, 叁: 3, 四: 4, 肆: 4, 五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const CHINESE_SMALL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const CHINESE_BIG_UNITS: Record<string, number> = { 万: 1e4, 亿: 1e8 };
const UNIT_VALUES: Record<string, number> = { ...CHINESE_SMALL_UNITS, ...CHINESE_BIG_UNITS };

const ENGLISH_MULTIPLIERS: Record<string, number> = { thousand: 1e3, k: 1e3, million: 1e6, mn: 1e6, billion: 1e9, bn: 1e9 };
const ENGLISH_UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const ENGLISH_SCALES: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9 };
/** Nouns after which a small number word is a figure ("five years"), not a phrase ("one of the"). */
const ENGLISH_COUNTED = /^(?:percent|per\s?cent|years?|months?|days?|weeks?|people|persons?|members?|teams?|projects?|partners?|talents?|times|yuan|rmb|square|postdocs?|stations?|events?|competitions?|industries|universities)\b/i;

/** Measure words after which a single Chinese digit is a figure (三年, 五个, 两站), not a word (一揽子). */
const MEASURE_AFTER_ONE = new Set([...'年月日号天周岁倍成元块亩届名位人家项所条次']);
const MEASURE_AFTER_DIGIT = new Set([...MEASURE_AFTER_ONE, ...'个批站期轮大']);

const ARABIC = /(\d+(?:,\d{3})*(?:\.\d+)?)\s*([多余])?\s*(%|percent\b|per\s?cent\b|[十百千万亿]+|thousand\b|million\b|billion\b|mn\b|bn\b|k\b)?/giu;
const CHINESE_PERCENT = /百分之([零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?|\d+(?:\.\d+)?)/gu;
const CHINESE_RUN = /[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+/gu;
const VAGUE_PATTERNS: readonly RegExp[] = [
  /[数几上近逾超]\s*[十百千万亿]+/gu,
  /\b(?:several|a\s+few|few|many|multiple|tens\s+of|hundreds\s+of|thousands\s+of|dozens\s+of)\s+(?:hundreds?|thousands?|millions?|billions?)\b/giu,
  /\b(?:millions|billions|multi-?million|hundreds\s+of\s+thousands|tens\s+of\s+thousands)\b/giu,
];

const round = (n: number) => Math.round(n * 1e6) / 1e6;
/** Replaces a matched span with spaces, so later passes do not read it again. */
const blank = (text: string, start: number, length: number) => text.slice(0, start) + ' '.repeat(length) + text.slice(start + length);

/**
 * The figures and vague amounts stated in `text`.
 *
 * @param text - a model answer or the verified text of entries
 */
export function findFigures(text: string): FiguresFound {
  // NFKC reads full-width digits and ％ as ASCII; it would turn the square of m² into a 2.
  let rest = text.replace(/²/g, '').normalize('NFKC');
  const figures: Figure[] = [];
  const vague: string[] = [];

  for (const pattern of VAGUE_PATTERNS) {
    for (const match of rest.matchAll(pattern)) {
      vague.push(match[0].toLowerCase().replace(/\s+/g, ' '));
      rest = blank(rest, match.index, match[0].length);
    }
  }
  for (const match of rest.matchAll(CHINESE_PERCENT)) {
    const value = readChinesePercent(match[1]!);
    if (value !== undefined) figures.push({ value: round(value), kind: 'percent', text: match[0] });
    rest = blank(rest, match.index, match[0].length);
  }
  for (const match of rest.matchAll(ARABIC)) {
    const number = Number(match[1]!.replace(/,/g, ''));
    const unit = match[3]?.toLowerCase().replace(/\s+/g, '');
    const percent = unit === '%' || unit === 'percent';
    const multiplier = !unit || percent ? 1 : (ENGLISH_MULTIPLIERS[unit] ?? [...unit].reduce((m, c) => m * (UNIT_VALUES[c] ?? 1), 1));
    figures.push({ value: round(number * multiplier), kind: percent ? 'percent' : 'number', text: match[0].trim() });
    rest = blank(rest, match.index, match[0].length);
  }
  for (const match of rest.matchAll(CHINESE_RUN)) {
    const value = readChineseRun(match[0], rest[match.index + match[0].length] ?? '', rest.slice(match.index + match[0].length, match.index + match[0].length + 2));
    if (value !== undefined) figures.push({ value: round(value), kind: 'number', text: match[0] });
  }
  figures.push(...readEnglishNumberWords(rest));
  return { figures, vague };
}

/** The value of a run of Chinese numerals, or undefined when the run is a word (一揽子, 十分, 万一). */
function readChineseRun(run: string, next: string, nextTwo: string): number | undefined {
  const chars = [...run];
  const hasDigit = chars.some((c) => c in CHINESE_DIGITS);
  const hasUnit = chars.some((c) => c in UNIT_VALUES);
  if (!hasUnit) {
    if (chars.length === 1) {
      const isOne = run === '一';
      if (isOne && nextTwo === '次性') return undefined;
      return (isOne ? MEASURE_AFTER_ONE : MEASURE_AFTER_DIGIT).has(next) ? CHINESE_DIGITS[run] : undefined;
    }
    // 二〇二四 is a year read digit by digit; 三四 ("three or four") is not one figure.
    if (chars.length >= 3 || chars.includes('〇') || chars.includes('零')) return Number(chars.map((c) => CHINESE_DIGITS[c]).join(''));
    return undefined;
  }
  if (!hasDigit) {
    if (run === '十' || run === '拾') return MEASURE_AFTER_DIGIT.has(next) ? 10 : undefined;
    // 百万, 千万: an amount; a lone 十/万 is a word (十分, 万一 start with a unit too).
    return chars.length >= 2 ? chars.reduce((m, c) => m * (UNIT_VALUES[c] ?? 1), 1) : undefined;
  }
  const first = chars[0]!;
  if (first in CHINESE_BIG_UNITS || first === '百' || first === '千' || first === '佰' || first === '仟') return undefined;
  return parseChineseNumber(chars);
}

/** Reads 五十万, 两百万, 一千五百, 一百零五, 三万五 (colloquial 35,000), 一亿五千万. */
function parseChineseNumber(chars: readonly string[]): number {
  let total = 0;
  let section = 0;
  let digit = 0;
  let lastUnit = 0;
  for (const c of chars) {
    if (c in CHINESE_DIGITS) {
      digit = CHINESE_DIGITS[c]!;
      if (digit === 0) lastUnit = 0;
    } else if (c in CHINESE_SMALL_UNITS) {
      const unit = CHINESE_SMALL_UNITS[c]!;
      section += (digit || 1) * unit;
      digit = 0;
      lastUnit = unit;
    } else {
      const unit = CHINESE_BIG_UNITS[c]!;
      total += (section + digit || 1) * unit;
      section = 0;
      digit = 0;
      lastUnit = unit;
    }
  }
  // A digit after a unit with nothing in between is one place lower: 三万五 = 35,000, 一百五 = 150.
  const tail = digit && lastUnit >= 10 ? (digit * lastUnit) / 10 : digit;
  return total + section + tail;
}

function readChinesePercent(text: string): number | undefined {
  if (/^\d/.test(text)) return Number(text);
  const [whole, decimals] = text.split('点');
  const base = readChineseRun(whole!, '', '') ?? (whole!.length === 1 ? CHINESE_DIGITS[whole!] : undefined);
  if (base === undefined) return undefined;
  return decimals ? Number(`${base}.${[...decimals].map((c) => CHINESE_DIGITS[c]).join('')}`) : base;
}

/** "nine million", "two hundred thousand", "a million", "five percent", "three years". */
function readEnglishNumberWords(text: string): Figure[] {
  const figures: Figure[] = [];
  const words = [...text.matchAll(/[a-z]+/giu)];
  let i = 0;
  while (i < words.length) {
    const start = i;
    const run: string[] = [];
    while (i < words.length) {
      const word = words[i]![0].toLowerCase();
      const following = words[i + 1]?.[0].toLowerCase();
      const isNumberWord = word in ENGLISH_UNITS || word in ENGLISH_SCALES;
      const isJoiner = (word === 'and' && run.length > 0 && following !== undefined && following in ENGLISH_UNITS) || (word === 'a' && run.length === 0 && following !== undefined && following in ENGLISH_SCALES);
      if (!isNumberWord && !isJoiner) break;
      // Words must be next to each other (spaces or a hyphen between them).
      if (run.length > 0) {
        const previous = words[i - 1]!;
        const gap = text.slice(previous.index + previous[0].length, words[i]!.index);
        if (!/^[\s-]+$/.test(gap)) break;
      }
      run.push(word);
      i += 1;
    }
    if (run.length === 0) {
      i = start + 1;
      continue;
    }
    const numbers = run.filter((w) => w !== 'and' && w !== 'a');
    const last = words[i - 1]!;
    const after = text.slice(last.index + last[0].length).trimStart();
    const hasScale = numbers.some((w) => w in ENGLISH_SCALES);
    const counted = ENGLISH_COUNTED.exec(after);
    if (numbers.length > 0 && (hasScale || counted)) {
      const percent = counted !== null && /^per/i.test(counted[0]);
      figures.push({ value: round(evaluateEnglish(numbers)), kind: percent ? 'percent' : 'number', text: run.join(' ') });
    }
  }
  return figures;
}

function evaluateEnglish(words: readonly string[]): number {
  let total = 0;
  let current = 0;
  for (const word of words) {
    if (word in ENGLISH_UNITS) current += ENGLISH_UNITS[word]!;
    else if (word === 'hundred') current = (current || 1) * 100;
    else {
      total += (current || 1) * ENGLISH_SCALES[word]!;
      current = 0;
    }
  }
  return total + current;
}
