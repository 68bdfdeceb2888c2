/**
 * A person's name introduced inside a longer message ("什么比赛都可以。我叫李明，手机…", "Any event
 * is fine. I'm Anna Keller, email …"), so that a message answering another question of a check
 * can give the name too. It reads a name only where the message says it is one, and never
 * guesses: "我是博士", "I'm a founder", "我是江苏人" or "I'm Chinese, based in Boston" give none.
 */
import { plainText } from './plainText.js';

/**
 * The words that introduce a name, as a flow's name question declares them. After a `clear` one
 * ("我叫", "my name is") a name-shaped phrase counts; a `loose` one ("我是", "I'm", "本人") also
 * introduces roles and descriptions, so after it only a full name counts — a Chinese name that
 * starts with a common surname, or a capitalised given and family name — and only at the end of
 * the message or just before the contact.
 */
export interface NameLeadIns {
  clear: readonly string[];
  loose: readonly string[];
}

/** Common Chinese surnames (simplified), single and compound. */
const SURNAMES = new Set(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝',
);
const COMPOUND_SURNAMES = new Set(['欧阳', '司马', '诸葛', '上官', '东方', '慕容', '令狐', '皇甫', '尉迟', '公孙', '夏侯', '端木', '长孙', '宇文', '司徒', '申屠', '轩辕', '西门', '南宫']);

/** Where a contact or its label begins (a Chinese name typed straight before it: "李明手机139…"). */
const CONTACT_LABEL = /手机|电话|邮箱|电邮|微信|联系|号码/u;
/** …and, after a clear lead-in, the words that end a name typed without a comma ("我叫李明今年35岁"). */
const NAME_END = /手机|电话|邮箱|电邮|微信|联系|号码|今年|来自|现在|目前|是|在|的|从|做|也|和|住/u;
/** What no name begins with ("我叫了…", "叫我去…"). */
const NOT_A_NAME_START = /^[了过着不没你他她它这那谁去来给帮让]/u;
/** Words that end a description or a title, not a name ("江苏人", "王总", "张老师"). */
const TITLE_END = /(?:人|的|者|们|总|工|先生|女士|小姐|老师|同学|老板|经理|主任|院长|所长|博士|教授)$/u;
/** Words that end a Latin name ("Anna Keller and …", "David Chen email …"). */
const LATIN_STOP = new Set(['and', 'or', 'but', 'so', 'also', 'too', 'please', 'email', 'e-mail', 'mail', 'phone', 'mobile', 'tel', 'cell', 'number', 'contact', 'whatsapp', 'wechat', 'from', 'at', 'in', 'of', 'with', 'my', 'i', "i'm", 'we', 'the', 'a', 'an', 'is', 'am', 'here', 'based', 'living', 'working', 'not', 'on', 'as', 'to', 'for', 'by', 'it', 'that', 'this', 'there', 'what', 'you', 'your', 'be', 'was', 'will', 'can']);
/** Lower-case particles inside a Latin name ("Ludwig van Beethoven"). */
const PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'da', 'di', 'du', 'le', 'la', 'al', 'bin', 'ibn', 'del']);
/** After a name introduced loosely: the contact (its label, its digits, an address)… */
const THEN_CONTACT = /^[\s,，、;；.。:：!！~-]*(?:(?:and|und|以及|和|及)\s*)?(?:(?:my|我的)\s*)?(?:手机|电话|邮箱|电邮|微信|联系|号码|e-?mail|mail\b|phone|mobile|tel\b|cell|number|contact|whatsapp|wechat|\+?\d|[^\s@，,]+@)/iu;
/** …or the end of the message. */
const THEN_END = /^[\s,，、;；.。!！~]*$/u;
/** Nationalities, which follow "I'm" capitalised like a name ("I'm Chinese American"). */
const NATIONALITIES = /^(?:chinese|american|british|english|scottish|irish|welsh|german|french|italian|spanish|portuguese|dutch|belgian|swiss|austrian|swedish|danish|finnish|norwegian|polish|russian|turkish|israeli|european|asian|african|indian|pakistani|iranian|japanese|korean|taiwanese|singaporean|malaysian|thai|vietnamese|indonesian|filipino|australian|canadian|mexican|brazilian|nigerian)$/iu;

/**
 * The one name `text` introduces, or undefined when it introduces none or two different ones.
 *
 * @param text - what the applicant wrote
 * @param leadIns - the lead-ins the flow's name question declares
 * @param describes - true for a phrase that is a role or a description in the flow's own words ("博士", "founder")
 */
export function readPersonName(text: string, leadIns: NameLeadIns, describes: (plain: string) => boolean): string | undefined {
  const typed = text.normalize('NFKC').replace(/[’`]/g, "'");
  const names = new Set<string>();
  for (const [leads, loose] of [[leadIns.clear, false], [leadIns.loose, true]] as const) {
    for (const lead of leads) {
      for (const at of leadPositions(typed, lead)) {
        const name = nameAt(typed.slice(at).replace(/^[\s:：]+/u, ''), loose);
        if (name && !describes(plainText(name))) names.add(name);
      }
    }
  }
  return names.size === 1 ? [...names][0] : undefined;
}

/** Where the text after each occurrence of `lead` starts; a Latin lead-in stands as whole words. */
function leadPositions(typed: string, lead: string): number[] {
  const latin = /^[\x20-\x7e]+$/u.test(lead);
  const escaped = lead.normalize('NFKC').replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
  const pattern = new RegExp(latin ? `(?<![\\p{L}\\p{N}'])${escaped}(?=[\\s:：])` : escaped, 'giu');
  return [...typed.matchAll(pattern)].map((m) => m.index + m[0].length);
}

/** A name found: as typed, where it ends in the text, and whether it is a single Latin word. */
interface FoundName {
  name: string;
  end: number;
  single?: boolean;
}

/** The name at the start of `rest`, read by the rules of a clear or a loose lead-in. */
function nameAt(rest: string, loose: boolean): string | undefined {
  const found = /^\p{Script=Han}/u.test(rest) ? chineseNameAt(rest, loose) : latinNameAt(rest, loose);
  if (!found || [...found.name].length > 50) return undefined;
  if (!loose) return found.name;
  // After "I'm", a single word is a name only just before the contact ("I'm David, david@…").
  const after = plainText(rest.slice(found.end));
  return THEN_CONTACT.test(after) || (THEN_END.test(after) && !found.single) ? found.name : undefined;
}

function chineseNameAt(rest: string, loose: boolean): FoundName | undefined {
  const run = /^\p{Script=Han}+/u.exec(rest)![0];
  const simplified = plainText(run);
  if (simplified.length !== run.length) return undefined;
  // Where the name stops inside a run of characters, after its first two.
  const stop = (loose ? CONTACT_LABEL : NAME_END).exec(simplified.slice(2));
  const end = stop ? stop.index + 2 : run.length;
  const plain = simplified.slice(0, end);
  if (end < 2 || end > 4 || NOT_A_NAME_START.test(plain)) return undefined;
  if (loose) {
    const compound = COMPOUND_SURNAMES.has(plain.slice(0, 2));
    if (!(compound || SURNAMES.has(plain[0]!)) || end > (compound ? 4 : 3) || TITLE_END.test(plain)) return undefined;
  }
  return { name: run.slice(0, end), end };
}

function latinNameAt(rest: string, loose: boolean): FoundName | undefined {
  const tokens: string[] = [];
  let end = 0;
  // Words separated by spaces; punctuation, a digit or a word such as "and" / "email" ends the name.
  for (;;) {
    const token = /^\p{Script=Latin}[\p{Script=Latin}'-]*/u.exec(rest.slice(end))?.[0];
    if (!token || LATIN_STOP.has(token.toLowerCase())) break;
    tokens.push(token);
    end += token.length;
    const space = /^\s+(?=\p{Script=Latin})/u.exec(rest.slice(end))?.[0];
    if (!space || tokens.length > 4) break;
    end += space.length;
  }
  if (tokens.length === 0 || tokens.length > 4) return undefined;
  end = rest.lastIndexOf(tokens.at(-1)!, end) + tokens.at(-1)!.length;
  const capitalised = (t: string, i: number) => /^\p{Lu}[\p{Ll}']/u.test(t) || (i > 0 && i < tokens.length - 1 && PARTICLES.has(t));
  if (loose && (!tokens.every(capitalised) || tokens.some((t) => NATIONALITIES.test(t)))) return undefined;
  return { name: tokens.join(' '), end, single: tokens.length === 1 };
}
