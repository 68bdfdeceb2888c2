/**
 * Numbers and years in people's words: "12", "十二个人", "五个人", "five of us", "a team of
 * 6", "just me"; "2027年", "明年", "next year", "in two years". Used by {@link readAnswers}
 * for team sizes and planned years.
 */
import { plainText } from './plainText.js';

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 俩: 2, 三: 3, 仨: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const EN_NUMBERS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20,
  thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100, a: 1, an: 1,
  dozen: 12, couple: 2, few: 3,
};
const CN_NUMBER = '[零〇一二两俩三仨四五六七八九十百]+';
const EN_NUMBER = `(?:${Object.keys(EN_NUMBERS).join('|')})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?`;

/** The value of a Chinese numeral up to 999 ("十二", "二十五", "一百", "两百"), or undefined. */
export function chineseNumber(text: string): number | undefined {
  if (!new RegExp(`^${CN_NUMBER}$`, 'u').test(text)) return undefined;
  let total = 0;
  let digit: number | undefined;
  for (const ch of text) {
    if (ch === '百') {
      total += (digit ?? 1) * 100;
      digit = undefined;
    } else if (ch === '十') {
      total += (digit ?? 1) * 10;
      digit = undefined;
    } else {
      const d = CN_DIGITS[ch];
      if (d === undefined) return undefined;
      digit = digit === undefined ? d : digit * 10 + d;
    }
  }
  return total + (digit ?? 0);
}

function englishNumber(text: string): number | undefined {
  const parts = text.split(/[- ]/);
  let total = 0;
  for (const part of parts) {
    const n = EN_NUMBERS[part];
    if (n === undefined) return undefined;
    total += n;
  }
  return total;
}

function valueOf(token: string): number | undefined {
  if (/^\d+$/.test(token)) return Number(token);
  return chineseNumber(token) ?? englishNumber(token);
}

const TWO = /^(?:just )?me and (?:one|a|my) (?:friend|partner|colleague|co-?founder|brother|sister|wife|husband|cousin|classmate)$|^我(?:和|跟)(?:一个)?(?:朋友|同学|合伙人|同事)$|^两个人$/u;
const ALONE = [/^(?:just|only) (?:me|myself)(?: for now| at the moment| right now)?$|^(?:me|myself) alone$|^solo$/u, /^(?:就)?(?:我)?(?:自己)?一个人$|^就我(?:自己)?(?:一个)?(?:人)?$|^只有我(?:自己)?(?:一个)?(?:人)?$/u];
/** Alone, said inside a longer answer ("…no patents yet, and it's only me", "…团队就我一个人"). */
const ALONE_INSIDE = /\b(?:it'?s|it is|i'?m|i am|the team is|team is)\s+(?:just|only)\s+(?:me|myself)\b|\b(?:just|only) me(?: for now| at the moment| right now)?$|\bsolo founder\b|(?:团队)?(?:就|只有)我(?:自己)?一个(?:人)?/u;
const PEOPLE_ZH = new RegExp(`(\\d{1,4}|${CN_NUMBER})\\s*(?:来|多)?\\s*(?:个|号)?\\s*(?:人|名|位|员工|成员)(?![士民才工])`, 'u');
const TEAM_ZH = new RegExp(`团队\\s*(?:有|共|一共|总共|目前|现在)?\\s*(\\d{1,4}|${CN_NUMBER})`, 'u');
const PEOPLE_EN = new RegExp(`\\b(\\d{1,4}|${EN_NUMBER})\\s*,?\\s*(?:-\\s*)?(?:people|persons|person|members|member|employees|engineers|staff|of us|colleagues|researchers|guys|ppl|pax|folks|heads|full-time|in total|total|including (?:me|myself|him|her|them)|incl\\.? me|with me|counting (?:me|him|her)|me and)\\b`, 'u');
const TEAM_EN = new RegExp(`\\bteam (?:of|is|has|with)\\s*(?:about |around |roughly |approximately )?(\\d{1,4}|${EN_NUMBER})\\b`, 'u');
/** "me and 2 friends", "me plus two PhD students", "我和三个同事": the others plus the applicant. */
const WITH_OTHERS_EN = new RegExp(`\\b(?:me|myself|i)\\s+(?:and|plus|\\+|with)\\s+(?:my\\s+)?(\\d{1,3}|${EN_NUMBER})\\s+(?:other\\s+)?(?:[a-z.'-]+\\s+){0,2}?(?:friends?|others?|colleagues?|partners?|co-?founders?|people|guys|more|classmates?|engineers?|students?|researchers?|developers?|postdocs?|phds?|scientists?)\\b`, 'u');
const WITH_OTHERS_ZH = new RegExp(`我(?:和|跟|加|带|带着)(?:另外)?(\\d{1,3}|${CN_NUMBER})\\s*(?:个|位|名)\\s*(?:朋友|同学|合伙人|同事|师兄弟?|师弟|师兄|伙伴|人)`, 'u');
/** "we are 2", "we're five", "我们有8个" — a head count said as what the team is. */
const WE_ARE = new RegExp(`(?:\\b(?:we are|we're|were|we have|there are|we be|we dey|we r|we're like|we are like)\\s+(?:about\\s+|around\\s+|only\\s+|just\\s+)?(\\d{1,3}|${EN_NUMBER})\\b(?!\\s*(?:years?|patents?|products?|months?|%|percent))\\s*(?:now|today|in total|at the moment)?\\s*$)|(?:^(?:就|就是)?(?:我们|俺们|咱们|我哋|阿拉)(?:有|一共|共|现在|目前)?(\\d{1,3}|${CN_NUMBER})\\s*(?:个|位|名)?\\s*$)`, 'u');
/** "me + 2", "me and two" and nothing after: the applicant and that many others. */
const ME_PLUS = new RegExp(`^(?:just\\s+)?(?:me|myself)\\s*(?:\\+|plus|and)\\s*(\\d{1,3}|${EN_NUMBER})\\s*(?:more|others?)?$`, 'u');
/** A number said against another ("we are 3 not 2", "是3个人，不是2个"): the first is the count. */
const NOT_THE_OTHER = new RegExp(`(?:\\b(\\d{1,3}|${EN_NUMBER})\\s*(?:people|persons|members|of us)?\\s*,?\\s*(?:and )?not\\s+(?:\\d{1,3}|${EN_NUMBER})\\b)|(?:(\\d{1,3}|${CN_NUMBER})\\s*(?:个|位|名)?\\s*人?\\s*[，,]?\\s*(?:而)?不是\\s*(?:\\d{1,3}|${CN_NUMBER}))`, 'u');
/** A total said after the story ("me and 2 friends so 3", "…所以一共3个"). */
const TOTAL = new RegExp(`(?:\\b(?:so|total|in total|altogether|overall)\\s+(\\d{1,4}|${EN_NUMBER})\\s*$)|(?:(?:一共|总共|共|合计|就算|就按|算)\\s*(\\d{1,4}|${CN_NUMBER})\\s*(?:个|位|名)?\\s*(?:人)?(?:吧)?\\s*$)`, 'u');
const BARE = new RegExp(`^(?:约|大概|大约|差不多|about|around|roughly|approximately|maybe)?\\s*(\\d{1,4}|${CN_NUMBER}|${EN_NUMBER})\\s*(?:个|来个|多个|个人|人|名|位)?(?:左右|吧|上下)?\\s*(?:[，,]?\\s*(?:包括我|包含我|含我|算上我|加上我|连我|带我)(?:自己)?(?:在内)?)?$`, 'u');

/**
 * A head count in a message.
 *
 * @param text - what was typed
 * @param current - true when the question being asked is this number: a bare number counts
 */
export function readNumber(text: string, current: boolean): number | undefined {
  const plain = plainText(text).replace(/[。.!！?？,，;；]+$/u, '').trim().replace(/^(?:(?:ok|okay|so|um|uh|hmm|well|嗯|呃|那个)[,，\s]+)+/u, '');
  if (ALONE.some((re) => re.test(plain)) || ALONE_INSIDE.test(plain)) return 1;
  if (TWO.test(plain)) return 2;
  const total = TOTAL.exec(plain);
  const stated = total ? valueOf(total[1] ?? total[2] ?? '') : undefined;
  if (stated !== undefined && stated > 0) return stated;
  const against = NOT_THE_OTHER.exec(plain);
  const corrected = against ? valueOf(against[1] ?? against[2] ?? '') : undefined;
  if (corrected !== undefined && corrected > 0) return corrected;
  const we = WE_ARE.exec(plain);
  const counted = we ? valueOf(we[1] ?? we[2] ?? '') : undefined;
  if (counted !== undefined && counted > 0) return counted;
  // "me + 2", "me and 2": the others, and the applicant.
  const plus = ME_PLUS.exec(plain);
  const more = plus ? valueOf(plus[1]!) : undefined;
  if (more !== undefined && more > 0) return more + 1;
  for (const re of [WITH_OTHERS_EN, WITH_OTHERS_ZH]) {
    const m = re.exec(plain);
    const others = m?.[1] ? valueOf(m[1]) : undefined;
    if (others !== undefined && others > 0) return others + 1;
  }
  for (const re of [PEOPLE_ZH, TEAM_ZH, PEOPLE_EN, TEAM_EN]) {
    const m = re.exec(plain);
    const n = m?.[1] ? valueOf(m[1]) : undefined;
    if (n !== undefined && n > 0) return n;
  }
  if (!current) return undefined;
  const bare = BARE.exec(plain);
  return bare?.[1] ? valueOf(bare[1]) : undefined;
}

/** Months from now ("三个月内", "半年内", "within six months"): the year half a year from now. */
const SOON = /半年|几个月|[一二三四五六七八九十两\d]+个月|within (?:\w+|\d+) months|in a few months|next few months/u;
const RELATIVE: Array<[RegExp, number]> = [
  [/今年|this year|later this year|by the end of (?:the|this) year/u, 0],
  [/大后年|in three years|three years from now/u, 3],
  [/后年|the year after next|in two years|two years from now|两年后|(?:in )?a couple (?:of )?years|couple of years/u, 2],
  [/明年|next year|in a year|一年后|一年之?内|一年左右|一年上下|大概一年|within (?:a|one) year|about (?:a|one) year|around (?:a|one) year/u, 1],
];

/**
 * A year in a message: "2027", "2027年", "明年", "next year".
 *
 * @param text - what was typed
 * @param currentYear - this year
 * @param current - true when the question being asked is the year (any 20xx counts; else only years from this year on)
 * @param soonYear - the year half a year from now, for "三个月内" / "within six months" (default this year)
 */
export function readYear(text: string, currentYear: number, current: boolean, soonYear = currentYear): number | undefined {
  const plain = plainText(text);
  const explicit = /(?<!\d)(20\d\d)(?!\d)\s*年?/u.exec(plain);
  if (explicit) {
    const year = Number(explicit[1]);
    if (current || year >= currentYear) return year;
  }
  if (SOON.test(plain)) return soonYear;
  for (const [re, offset] of RELATIVE) if (re.test(plain)) return currentYear + offset;
  return undefined;
}
