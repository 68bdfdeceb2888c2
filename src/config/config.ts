/**
 * Configuration from environment variables, parsed once at start-up by zod. Every
 * variable is optional: with none set, the bot serves the web chat on port 3000 from the
 * shipped knowledge with an in-process store. A bad value stops start-up with a message
 * naming the variable.
 */
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { PROJECT_ROOT } from './projectRoot.js';

/** The environment variables talentbot reads, with their defaults. Documented in `.env.example`. */
export const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KNOWLEDGE_DIR: z.string().min(1).default(path.join(PROJECT_ROOT, 'knowledge')),
  CONVERSATION_TTL_DAYS: z.coerce.number().positive().max(3650).default(30),
  FLOW_EXPIRY_DAYS: z.coerce.number().positive().max(365).default(14),
  // Leads layer (src/leads).
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/, error: 'expected the external http(s) URL of this deployment, such as https://talent.example.gov.cn' }).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  PARTNERS_FILE: z.string().min(1).optional(),
  ACK_SIGNING_SECRET: z.string().min(32, 'expected at least 32 random characters; generate with: openssl rand -base64 32').optional(),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(20),
  DELIVERY_RETRY_BASE_SECONDS: z.coerce.number().positive().max(3600).default(5),
  ACK_ESCALATE_AFTER_HOURS: z.coerce.number().positive().max(24 * 30).optional(),
  REAPPLY_WINDOW_DAYS: z.coerce.number().min(0).max(3650).default(30),
  UNQUALIFIED_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(90),
  WECOM_API_BASE: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://qyapi.weixin.qq.com' }).default('https://qyapi.weixin.qq.com'),
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, 'expected a bot token like 123456:ABC-DEF… from @BotFather').optional(),
  // Store.
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'expected a Redis URL such as redis://127.0.0.1:6379/0' }).optional(),
  REDIS_PREFIX: z.string().min(1).max(64).default('talentbot:'),
  TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://api.telegram.org' }).default('https://api.telegram.org'),
});

/** Variables whose values are secrets: error messages never show them. */
const SECRET_VARIABLES: ReadonlySet<string> = new Set(['ACK_SIGNING_SECRET', 'TELEGRAM_BOT_TOKEN', 'REDIS_URL']);

/** Parsed configuration. */
export interface Config {
  port: number;
  host: string;
  logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
  knowledgeDir: string;
  conversationTtlMs: number;
  /** How long an unfinished eligibility conversation can be resumed. */
  flowExpiryMs: number;
  /** External URL of this deployment, without a trailing slash, for links sent to partners. Default `http://localhost:<PORT>`. */
  publicBaseUrl: string;
  /** Folder of the embedded durable store's files (absolute). */
  dataDir: string;
  /** The partners YAML file (absolute); undefined: leads are stored but not delivered. */
  partnersFile?: string;
  /** Signs acknowledgement links; undefined: one is generated and kept in the store. A secret: never log it. */
  ackSigningSecret?: string;
  /** Attempts before a lead delivery is given up (dead) and the fallback partner alerted. */
  deliveryMaxAttempts: number;
  /** The first retry ceiling of the exponential backoff, in milliseconds. */
  deliveryRetryBaseMs: number;
  /** From reminder to escalation, in milliseconds; undefined: the partner's own `ackWithinHours`. */
  ackEscalateAfterMs?: number;
  /** A re-application by the same person within this time updates the earlier lead (0: never). */
  reapplyWindowMs: number;
  /** How long `not_a_fit` leads are kept. */
  unqualifiedRetentionMs: number;
  /** WeCom API host, without a trailing slash. */
  wecomApiBase: string;
  /** Telegram bot token (for now only used to deliver leads to partner chats). A secret: never log it. */
  telegramBotToken?: string;
  /** Telegram Bot API server, without a trailing slash. */
  telegramApiRoot: string;
  /** Redis URL: when set, the store is Redis (shared by several processes) instead of the embedded SQLite file. May hold a password: never log it. */
  redisUrl?: string;
  /** Put in front of every Redis key. */
  redisPrefix: string;
}

/**
 * Parses configuration from environment variables. Empty values count as unset.
 *
 * @param env - usually `process.env`
 * @throws InputError naming each bad variable and what it expects
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const got = SECRET_VARIABLES.has(name) ? 'the value is not shown' : `got ${JSON.stringify(present[name])}`;
      return { where: name, problem: `${issue.message} (${got}); fix or unset ${name}` };
    });
    throw new InputError(issues[0]!.where, issues[0]!.problem, issues);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    knowledgeDir: path.resolve(e.KNOWLEDGE_DIR),
    conversationTtlMs: e.CONVERSATION_TTL_DAYS * 24 * 3600_000,
    flowExpiryMs: e.FLOW_EXPIRY_DAYS * 24 * 3600_000,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    dataDir: path.resolve(e.DATA_DIR),
    ...(e.PARTNERS_FILE ? { partnersFile: path.resolve(e.PARTNERS_FILE) } : {}),
    ...(e.ACK_SIGNING_SECRET ? { ackSigningSecret: e.ACK_SIGNING_SECRET } : {}),
    deliveryMaxAttempts: e.DELIVERY_MAX_ATTEMPTS,
    deliveryRetryBaseMs: e.DELIVERY_RETRY_BASE_SECONDS * 1000,
    ...(e.ACK_ESCALATE_AFTER_HOURS ? { ackEscalateAfterMs: e.ACK_ESCALATE_AFTER_HOURS * 3600_000 } : {}),
    reapplyWindowMs: e.REAPPLY_WINDOW_DAYS * 24 * 3600_000,
    unqualifiedRetentionMs: e.UNQUALIFIED_RETENTION_DAYS * 24 * 3600_000,
    wecomApiBase: e.WECOM_API_BASE.replace(/\/+$/, ''),
    ...(e.TELEGRAM_BOT_TOKEN ? { telegramBotToken: e.TELEGRAM_BOT_TOKEN } : {}),
    telegramApiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
    ...(e.REDIS_URL ? { redisUrl: e.REDIS_URL } : {}),
    redisPrefix: e.REDIS_PREFIX,
  };
}
