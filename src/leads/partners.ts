/**
 * The recruitment partners (引才合伙人) leads are routed to, read from the YAML file named
 * by `PARTNERS_FILE` (format in CONTRACTS.md, example in `partners.example.yaml`). One zod
 * schema validates the file at start-up; every problem is reported with the file and the
 * field. Secrets are never in the file: a delivery method names the environment variable
 * that holds its secret, and the loaded list reads it from there when a delivery is sent.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { localeView } from '../i18n/locales.js';
import { InputError } from '../shared/errors.js';

/** The industry ids of CONTRACTS.md, as the eligibility flow's `industry` answer holds them. */
export const INDUSTRY_IDS = [
  'new_energy',
  'new_materials',
  'high_end_equipment',
  'electronic_information',
  'synthetic_biology',
  'integrated_circuits',
  'other',
] as const;
/** An industry id. */
export const industrySchema = z.enum(INDUSTRY_IDS);
/** An industry id. */
export type Industry = z.infer<typeof industrySchema>;

/** The names of the industries, as CONTRACTS.md gives them, in both languages (`locales/<language>/industries.json`). */
export const INDUSTRY_NAMES: Readonly<Record<Industry, { zh: string; en: string }>> = Object.fromEntries(
  INDUSTRY_IDS.map((id) => [id, { zh: localeView('zh', 'industries').all[id], en: localeView('en', 'industries').all[id] }]),
) as Record<Industry, { zh: string; en: string }>;

/** Industry names in one language, by id. */
export function industryNames(language: 'zh' | 'en'): Record<string, string> {
  return Object.fromEntries(Object.entries(INDUSTRY_NAMES).map(([id, names]) => [id, names[language]]));
}

const envNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected the NAME of an environment variable, such as IC_PARTNER_WEBHOOK_SECRET (never the secret itself)');

/** One way of delivering leads to a partner. */
export const deliveryMethodSchema = z.discriminatedUnion('type', [
  /** A Standard Webhooks signed POST of the lead as JSON. */
  z.strictObject({
    type: z.literal('webhook'),
    url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://partner.example/leads' }),
    secretEnv: envNameSchema,
  }),
  /** A WeCom group robot (群机器人) message. */
  z.strictObject({ type: z.literal('wecom_robot'), keyEnv: envNameSchema }),
  /**
   * Members of the organisation (WeCom 成员 UserIDs, in the self-built app's visible range) who
   * get the lead from the self-built app as a card with status buttons; a press changes the
   * lead's status (needs the WECOM_* variables).
   */
  z.strictObject({
    type: z.literal('wecom_app'),
    users: z
      .array(z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'expected a WeCom member UserID (通讯录 → the member → 账号), such as zhangsan'))
      .min(1, 'name at least one member')
      .max(100),
  }),
  /** A Telegram chat the bot is a member of. */
  z.strictObject({ type: z.literal('telegram'), chatId: z.union([z.number().int(), z.string().regex(/^(-?\d+|@\w{5,})$/, 'expected a numeric chat id or @channelname')]) }),
]);
/** One way of delivering leads to a partner. */
export type DeliveryMethod = z.infer<typeof deliveryMethodSchema>;

/** One recruitment partner. */
export const partnerSchema = z.strictObject({
  /** Stable id, used in URLs and logs. */
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'expected a short lower-case id such as ic-partner (letters, digits, - and _)'),
  name: z.string().trim().min(1),
  industries: z.array(industrySchema).default([]),
  /** Event regions (`answers.event_region`, e.g. overseas) the partner recruits in; empty = anywhere. */
  regions: z.array(z.string().trim().min(1)).default([]),
  /** Exactly one partner is the fallback: the talent office, which also reviews leads. */
  fallback: z.boolean().default(false),
  /** How soon the partner should acknowledge a lead before it is reminded. Default 24. */
  ackWithinHours: z.number().positive().max(24 * 30).default(24),
  delivery: z.array(deliveryMethodSchema).default([]),
});
/** One recruitment partner. */
export type Partner = z.infer<typeof partnerSchema>;

/** The partners file. */
export const partnersFileSchema = z.strictObject({ partners: z.array(partnerSchema).min(1, 'list at least the fallback partner (the talent office)') });

/**
 * The partner used when no partners file is configured: the district's talent office, with
 * no delivery methods.
 *
 * @param office - the office's names (the district profile's `office`)
 */
export function builtInFallbackPartner(office: { zh: string; en: string }): Partner {
  return { id: 'talent-office', name: `${office.zh} / ${office.en}`, industries: [], regions: [], fallback: true, ackWithinHours: 24, delivery: [] };
}

/** The validated partners, with a way to read the secrets their delivery methods name. */
export interface LoadedPartners {
  readonly partners: readonly Partner[];
  /** The one fallback partner. */
  readonly fallback: Partner;
  /** Things the caller should log at start-up (never secrets). */
  readonly warnings: readonly string[];
  /** The partner with this id, if it is configured. */
  get(id: string): Partner | undefined;
  /**
   * The value of an environment variable a delivery method names (`secretEnv`, `keyEnv`),
   * as it was at load time. Never log what it returns.
   */
  readSecret(envName: string): string | undefined;
}

/** A Standard Webhooks secret: `whsec_` and the base64 of 24 to 64 random bytes. */
const WEBHOOK_SECRET = /^whsec_([A-Za-z0-9+/]+={0,2})$/;
const MAKE_SECRET_HINT = `generate one with: node -e "console.log('whsec_'+require('crypto').randomBytes(32).toString('base64'))"`;

/**
 * Loads the partners file. With no file (zero configuration) the list is the built-in
 * talent office alone, with no delivery methods, and a warning to log.
 *
 * @param file - the path of the YAML file (`PARTNERS_FILE`); undefined: built-in fallback only
 * @param env - the environment the `secretEnv` / `keyEnv` variables are read from, usually `process.env`
 * @param office - the talent office's names (the district profile's `office`), for the built-in fallback
 * @throws InputError listing every problem as "<file>: partners.2 (ic-partner).delivery.0.secretEnv: …"
 */
export async function loadPartners(file: string | undefined, env: Record<string, string | undefined>, office: { zh: string; en: string }): Promise<LoadedPartners> {
  if (file === undefined) {
    return createLoadedPartners([builtInFallbackPartner(office)], {}, [
      'no PARTNERS_FILE is set: leads are stored but not delivered until PARTNERS_FILE is set (see partners.example.yaml)',
    ]);
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(file, `cannot read the partners file (${(error as NodeJS.ErrnoException).code ?? 'error'}); check PARTNERS_FILE`);
  }
  return parsePartners(text, file, env);
}

/**
 * Validates the text of a partners file. The staff console validates drafts through this
 * same function.
 *
 * @param text - the YAML text
 * @param label - how to name the file in messages
 * @param env - where `secretEnv` / `keyEnv` variables are looked up
 * @throws InputError listing every problem
 */
export function parsePartners(text: string, label: string, env: Record<string, string | undefined>): LoadedPartners {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new InputError(label, `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const issues: Array<{ where: string; problem: string }> = [];
  const parsed = partnersFileSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) issues.push({ where: `${label}: ${describePath(data, issue.path)}`, problem: issue.message });
    throw new InputError(issues[0]!.where, issues[0]!.problem, issues);
  }
  const partners = parsed.data.partners;
  const secrets: Record<string, string> = {};
  const seen = new Set<string>();
  partners.forEach((partner, index) => {
    const at = `${label}: partners.${index} (${partner.id})`;
    if (seen.has(partner.id)) issues.push({ where: `${at}.id`, problem: `another partner already has id ${partner.id}; ids must be unique` });
    seen.add(partner.id);
    if (!partner.fallback && partner.industries.length === 0) {
      issues.push({ where: `${at}.industries`, problem: 'list the industries this partner recruits for (only the fallback partner may have none)' });
    }
    partner.delivery.forEach((method, m) => {
      const name = method.type === 'webhook' ? method.secretEnv : method.type === 'wecom_robot' ? method.keyEnv : undefined;
      if (name === undefined) return;
      const field = `${at}.delivery.${m}.${method.type === 'webhook' ? 'secretEnv' : 'keyEnv'}`;
      const value = env[name]?.trim();
      if (!value) {
        issues.push({ where: field, problem: `environment variable ${name} is not set; set it to the ${method.type === 'webhook' ? 'webhook signing secret' : 'robot key'}` });
        return;
      }
      if (method.type === 'webhook' && !isWebhookSecret(value)) {
        issues.push({ where: field, problem: `environment variable ${name} must hold "whsec_" and the base64 of 24 to 64 random bytes; ${MAKE_SECRET_HINT}` });
        return;
      }
      secrets[name] = value;
    });
  });
  const fallbacks = partners.filter((p) => p.fallback);
  if (fallbacks.length !== 1) {
    issues.push({
      where: `${label}: partners`,
      problem:
        fallbacks.length === 0
          ? 'no partner has fallback: true; mark the talent office as the fallback partner'
          : `${fallbacks.length} partners have fallback: true (${fallbacks.map((p) => p.id).join(', ')}); keep exactly one`,
    });
  }
  if (issues.length) throw new InputError(issues[0]!.where, issues[0]!.problem, issues);
  const warnings = fallbacks[0]!.delivery.length === 0 ? [`the fallback partner ${fallbacks[0]!.id} has no delivery methods: leads for review, escalations and delivery alerts are stored but not sent`] : [];
  return createLoadedPartners(partners, secrets, warnings);
}

function createLoadedPartners(partners: Partner[], secrets: Record<string, string>, warnings: string[]): LoadedPartners {
  const byId = new Map(partners.map((p) => [p.id, p]));
  return {
    partners,
    fallback: partners.find((p) => p.fallback)!,
    warnings,
    get: (id) => byId.get(id),
    readSecret: (name) => secrets[name],
  };
}

function isWebhookSecret(value: string): boolean {
  const match = WEBHOOK_SECRET.exec(value);
  if (!match || match[1]!.length % 4 !== 0) return false;
  const bytes = Buffer.from(match[1]!, 'base64').length;
  return bytes >= 24 && bytes <= 64;
}

/** "partners.2 (ic-partner).delivery.0.url" — the partner's id next to its index. */
function describePath(data: unknown, issuePath: ReadonlyArray<PropertyKey>): string {
  const parts = issuePath.map(String);
  if (parts[0] === 'partners' && parts[1] !== undefined) {
    const list = (data as { partners?: Array<{ id?: unknown }> } | null)?.partners;
    const id = Array.isArray(list) ? list[Number(parts[1])]?.id : undefined;
    if (typeof id === 'string') parts[1] = `${parts[1]} (${id})`;
  }
  return parts.length ? parts.join('.') : '-';
}
