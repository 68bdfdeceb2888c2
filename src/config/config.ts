/**
 * Configuration from environment variables, parsed once at start-up by zod. Every
 * variable is optional: with none set, the bot serves the web chat on port 3000 from the
 * shipped knowledge with an in-process store. A bad value stops start-up with a message
 * naming the variable.
 *
 * The {@link Config} type is the output of {@link configSchema} (the environment schema, checked
 * across variables and transformed into settings), so type and parsing cannot drift apart.
 */
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../shared/errors.js';
import type { HttpLimits } from '../http/httpLimits.js';
import { allowedOriginsSchema } from './allowedOrigins.js';
import { PROJECT_ROOT } from './projectRoot.js';

/** The environment variables talentbot reads, with their defaults. Documented in `.env.example`. */
export const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KNOWLEDGE_DIR: z.string().min(1).default(path.join(PROJECT_ROOT, 'knowledge')),
  FLOWS_DIR: z.string().min(1).default(path.join(PROJECT_ROOT, 'flows')),
  CONVERSATION_TTL_DAYS: z.coerce.number().positive().max(3650).default(30),
  FLOW_EXPIRY_DAYS: z.coerce.number().positive().max(365).default(14),
  // The console's conversation logs (src/admin/logs): whole days, 0 keeps none.
  CONVERSATION_LOG_DAYS: z.coerce.number().int('expected whole days, such as 30').min(0).max(365, 'expected at most 365 days').default(30),
  // Stale content (src/admin/content/staleEntries.ts): entries whose as-of date is older are flagged in the console.
  CONTENT_STALE_DAYS: z.coerce.number().int('expected whole days, such as 365').min(1, 'expected at least 1 day').max(3650, 'expected at most 3650 days').default(365),
  // HTTP limits (src/http/httpLimits.ts).
  REQUEST_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(30),
  HEADERS_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(30),
  KEEP_ALIVE_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(30),
  CONNECTION_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(30),
  CHAT_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(100_000).default(120),
  TRUST_PROXY: z.stringbool({ error: 'expected true or false' }).default(false),
  // Embedding (src/channels/web/crossOrigin.ts): sites that may call /api/chat and frame the page.
  WEB_ALLOWED_ORIGINS: allowedOriginsSchema.default([]),
  // Leads layer (src/leads).
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/, error: 'expected the external http(s) URL of this deployment, such as https://talent.example.gov.cn' }).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  PARTNERS_FILE: z.string().min(1).optional(),
  ACK_SIGNING_SECRET: z.string().min(32, 'expected at least 32 random characters; generate with: openssl rand -base64 32').optional(),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(20),
  DELIVERY_RETRY_BASE_SECONDS: z.coerce.number().positive().max(3600).default(5),
  DELIVERY_LEASE_SECONDS: z.coerce.number().positive().max(3600).default(60),
  ACK_ESCALATE_AFTER_HOURS: z.coerce.number().positive().max(24 * 30).optional(),
  REAPPLY_WINDOW_DAYS: z.coerce.number().min(0).max(3650).default(30),
  UNQUALIFIED_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(90),
  WECOM_API_BASE: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://qyapi.weixin.qq.com' }).default('https://qyapi.weixin.qq.com'),
  WECOM_KF_HANDOFF_TIMEOUT_MINUTES: z.coerce.number().positive().max(48 * 60, 'expected minutes, at most 2880 (48 hours, the length of a 微信客服 session)').default(10),
  // WeCom channels (src/channels/wecom, docs/wecom.md): all five set enable them.
  WECOM_CORP_ID: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected the CorpID from 我的企业 → 企业信息, such as ww0123456789abcdef').optional(),
  WECOM_AGENT_ID: z.coerce.number().int().positive("expected the self-built app's AgentId, a number such as 1000002").optional(),
  WECOM_SECRET: z.string().min(1).max(256).optional(),
  WECOM_TOKEN: z.string().regex(/^[A-Za-z0-9]{1,32}$/, "expected the callback Token: up to 32 letters and digits, from the app's 接收消息 → 设置API接收").optional(),
  WECOM_ENCODING_AES_KEY: z.string().regex(/^[A-Za-z0-9]{43}$/, "expected the 43-character EncodingAESKey (letters and digits) from the app's 接收消息 → 设置API接收").optional(),
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, 'expected a bot token like 123456:ABC-DEF… from @BotFather').optional(),
  // Telegram channel (src/channels/telegram, docs/telegram.md).
  TELEGRAM_MODE: z.enum(['polling', 'webhook'], { error: 'expected polling (one process) or webhook (one or more processes behind PUBLIC_BASE_URL)' }).default('polling'),
  TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, 'expected 16 to 256 characters of A-Z, a-z, 0-9, _ and -; generate one with: openssl rand -hex 32').optional(),
  TELEGRAM_MAX_RETRY_DELAY_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  TELEGRAM_USER_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(30),
  // Calendar subscriptions and notifications (src/calendar).
  CALENDAR_SUBSCRIPTIONS: z.stringbool({ error: 'expected true or false' }).default(true),
  CALENDAR_SUBSCRIPTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  CALENDAR_REMINDER_DAYS: z.coerce.number().int().min(0, 'expected a number of days, 0 for the day itself').max(365).default(7),
  // Store.
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'expected a Redis URL such as redis://127.0.0.1:6379/0' }).optional(),
  REDIS_PREFIX: z.string().min(1).max(64).default('talentbot:'),
  TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://api.telegram.org' }).default('https://api.telegram.org'),
  // Optional OpenAI-compatible model (src/llm, docs/llm.md): unset LLM_BASE_URL means no model.
  LLM_BASE_URL: z.url({ protocol: /^https?$/, error: 'expected the http(s) base URL of an OpenAI-compatible API, such as https://api.deepseek.com or http://127.0.0.1:11434/v1' }).optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_MODEL: z.string().min(1).max(200).optional(),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100, 'expected at least 100 milliseconds').max(120_000, 'expected at most 120000 milliseconds').default(8000),
  LLM_TEMPERATURE: z.coerce.number().min(0).max(2).default(0),
  // Staff console (src/admin, docs/console.md): mounted at /admin only when both are set.
  ADMIN_USER: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/, 'expected a user name of 2-64 letters, digits and . _ @ -, such as admin').optional(),
  ADMIN_PASSWORD: z.string().min(12, 'expected at least 12 characters; generate one with: openssl rand -base64 18').optional(),
  ADMIN_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  ADMIN_TRUST_PROXY: z.stringbool({ error: 'expected true or false' }).default(false),
});

/** Variables whose values are secrets: error messages never show them. */
const SECRET_VARIABLES: ReadonlySet<string> = new Set(['ADMIN_PASSWORD', 'ACK_SIGNING_SECRET', 'TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET', 'REDIS_URL', 'LLM_API_KEY', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY']);

/** The environment variables once each has parsed on its own. */
export type Environment = z.output<typeof environmentSchema>;

/** A problem with a variable, as {@link InputError} lists it. */
interface ConfigProblem {
  where: string;
  problem: string;
}

/** Marks the issues {@link configSchema} adds itself, whose message is already the whole problem. */
const COMBINATION_ISSUE = 'talentbot:combination';

/**
 * Problems of variables that depend on each other, one group at a time in this order: the
 * model (LLM_*), WeCom (all five or none), Telegram's webhook mode, the console (both
 * ADMIN_* or none). Empty when all is well.
 *
 * @param e - the parsed variables
 */
function findCombinationProblems(e: Environment): ConfigProblem[] {
  const llmIssues = [
    ...(e.LLM_BASE_URL && !e.LLM_MODEL ? [{ where: 'LLM_MODEL', problem: 'LLM_BASE_URL is set, so the model name is needed too, e.g. deepseek-chat, qwen-plus or qwen2.5:7b; set LLM_MODEL or unset LLM_BASE_URL' }] : []),
    ...(!e.LLM_BASE_URL && (e.LLM_MODEL || e.LLM_API_KEY)
      ? [{ where: 'LLM_BASE_URL', problem: 'LLM_MODEL or LLM_API_KEY is set but no model API is: set LLM_BASE_URL (e.g. https://api.deepseek.com), or unset LLM_MODEL and LLM_API_KEY' }]
      : []),
  ];
  if (llmIssues.length) return llmIssues;
  const wecomValues = { WECOM_CORP_ID: e.WECOM_CORP_ID, WECOM_AGENT_ID: e.WECOM_AGENT_ID, WECOM_SECRET: e.WECOM_SECRET, WECOM_TOKEN: e.WECOM_TOKEN, WECOM_ENCODING_AES_KEY: e.WECOM_ENCODING_AES_KEY };
  const wecomMissing = Object.entries(wecomValues).filter(([, v]) => v === undefined).map(([name]) => name);
  if (wecomMissing.length > 0 && wecomMissing.length < 5) {
    return wecomMissing.map((name) => ({ where: name, problem: `the WeCom channels need all five WECOM_* variables (see docs/wecom.md); set ${name}, or unset the others` }));
  }
  const telegramIssues =
    e.TELEGRAM_MODE !== 'webhook'
      ? []
      : [
          ...(!e.TELEGRAM_WEBHOOK_SECRET ? [{ where: 'TELEGRAM_WEBHOOK_SECRET', problem: 'required when TELEGRAM_MODE=webhook; generate one with: openssl rand -hex 32' }] : []),
          ...(!e.PUBLIC_BASE_URL ? [{ where: 'PUBLIC_BASE_URL', problem: 'required when TELEGRAM_MODE=webhook: the public https address Telegram posts updates to (…/telegram/webhook)' }] : []),
        ];
  if (telegramIssues.length) return telegramIssues;
  if ((e.ADMIN_USER === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    const missing = e.ADMIN_USER === undefined ? 'ADMIN_USER' : 'ADMIN_PASSWORD';
    return [{ where: missing, problem: `the staff console needs both ADMIN_USER and ADMIN_PASSWORD; set ${missing}, or unset the other to leave /admin off` }];
  }
  return [];
}

/** The request timeouts and chat rate limit from their variables. */
function toHttpLimits(e: Environment): HttpLimits {
  return {
    requestTimeoutMs: e.REQUEST_TIMEOUT_SECONDS * 1000,
    headersTimeoutMs: Math.min(e.HEADERS_TIMEOUT_SECONDS, e.REQUEST_TIMEOUT_SECONDS) * 1000,
    keepAliveTimeoutMs: e.KEEP_ALIVE_TIMEOUT_SECONDS * 1000,
    connectionTimeoutMs: e.CONNECTION_TIMEOUT_SECONDS * 1000,
    chatRateLimit: { perMinute: e.CHAT_RATE_LIMIT_PER_MINUTE, trustProxy: e.TRUST_PROXY },
  };
}

/**
 * The settings the bot uses, from variables that passed every check. Its return type is
 * {@link Config}; the comments below are the fields' documentation.
 */
function toConfig(e: Environment) {
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    /** The content folder (absolute); its `profile.yaml` is the district profile. */
    knowledgeDir: path.resolve(e.KNOWLEDGE_DIR),
    /** The conversation flows' folder (absolute). */
    flowsDir: path.resolve(e.FLOWS_DIR),
    conversationTtlMs: e.CONVERSATION_TTL_DAYS * 24 * 3600_000,
    /** How long the console's conversation logs keep a turn, in milliseconds; 0: nothing is logged. */
    conversationLogMs: e.CONVERSATION_LOG_DAYS * 24 * 3600_000,
    /** `CONTENT_STALE_DAYS`: the console flags entries whose as-of date is older than this many days. */
    contentStaleDays: e.CONTENT_STALE_DAYS,
    /** How long an unfinished eligibility conversation can be resumed. */
    flowExpiryMs: e.FLOW_EXPIRY_DAYS * 24 * 3600_000,
    /** Request timeouts and the chat rate limit. */
    http: toHttpLimits(e),
    /** `WEB_ALLOWED_ORIGINS`: origins that may call `/api/chat` cross-origin and frame the chat page; empty: same-origin only. */
    webAllowedOrigins: e.WEB_ALLOWED_ORIGINS,
    /** External URL of this deployment, without a trailing slash, for links sent to partners. Default `http://localhost:<PORT>`. */
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    /** Folder of the embedded durable store's files (absolute). */
    dataDir: path.resolve(e.DATA_DIR),
    ...(e.PARTNERS_FILE
      ? {
          /** The partners YAML file (absolute); undefined: leads are stored but not delivered. */
          partnersFile: path.resolve(e.PARTNERS_FILE),
        }
      : {}),
    ...(e.ACK_SIGNING_SECRET
      ? {
          /** Signs acknowledgement links; undefined: one is generated and kept in the store. A secret: never log it. */
          ackSigningSecret: e.ACK_SIGNING_SECRET,
        }
      : {}),
    /** Attempts before a lead delivery is given up (dead) and the fallback partner alerted. */
    deliveryMaxAttempts: e.DELIVERY_MAX_ATTEMPTS,
    /** The first retry ceiling of the exponential backoff, in milliseconds. */
    deliveryRetryBaseMs: e.DELIVERY_RETRY_BASE_SECONDS * 1000,
    /**
     * How long an outbox worker holds a delivery it took, in milliseconds: when its process dies
     * mid-attempt, another process retries the delivery after this. Keep it well above the
     * 10-second attempt time limit, or a slow attempt may be repeated by another process.
     */
    deliveryLeaseMs: e.DELIVERY_LEASE_SECONDS * 1000,
    ...(e.ACK_ESCALATE_AFTER_HOURS
      ? {
          /** From reminder to escalation, in milliseconds; undefined: the partner's own `ackWithinHours`. */
          ackEscalateAfterMs: e.ACK_ESCALATE_AFTER_HOURS * 3600_000,
        }
      : {}),
    /** A re-application by the same person within this time updates the earlier lead (0: never). */
    reapplyWindowMs: e.REAPPLY_WINDOW_DAYS * 24 * 3600_000,
    /** How long `not_a_fit` leads are kept. */
    unqualifiedRetentionMs: e.UNQUALIFIED_RETENTION_DAYS * 24 * 3600_000,
    /** `CALENDAR_SUBSCRIPTIONS`: applicants may subscribe to calendar notifications. */
    calendarSubscriptions: e.CALENDAR_SUBSCRIPTIONS,
    /** How long a calendar subscription is kept after the last subscribe, in days. */
    calendarSubscriptionDays: e.CALENDAR_SUBSCRIPTION_DAYS,
    /** How many days before a registration deadline subscribers are reminded (and the feed's alarm rings). */
    calendarReminderDays: e.CALENDAR_REMINDER_DAYS,
    /** WeCom API host, without a trailing slash. */
    wecomApiBase: e.WECOM_API_BASE.replace(/\/+$/, ''),
    /** How long a 微信客服 session handed to the servicer queue may wait for a person before the bot takes it back, in milliseconds. */
    wecomKfHandoffTimeoutMs: e.WECOM_KF_HANDOFF_TIMEOUT_MINUTES * 60_000,
    ...(e.WECOM_CORP_ID && e.WECOM_AGENT_ID && e.WECOM_SECRET && e.WECOM_TOKEN && e.WECOM_ENCODING_AES_KEY
      ? {
          /** The WeCom channels' self-built app; undefined (no WECOM_* variable set): the WeCom channels are off. */
          wecom: toWecomConfig(e.WECOM_CORP_ID, e.WECOM_AGENT_ID, e.WECOM_SECRET, e.WECOM_TOKEN, e.WECOM_ENCODING_AES_KEY),
        }
      : {}),
    ...(e.TELEGRAM_BOT_TOKEN
      ? {
          /** Telegram bot token: enables the Telegram channel and lead delivery to partners' Telegram chats. A secret: never log it. */
          telegramBotToken: e.TELEGRAM_BOT_TOKEN,
        }
      : {}),
    /** Telegram Bot API server, without a trailing slash. */
    telegramApiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
    /** How Telegram updates arrive: `polling` (one process) or `webhook` (POST /telegram/webhook, any number of processes). */
    telegramMode: e.TELEGRAM_MODE,
    ...(e.TELEGRAM_WEBHOOK_SECRET
      ? {
          /** Checked against `X-Telegram-Bot-Api-Secret-Token`; set whenever `telegramMode` is `webhook`. A secret: never log it. */
          telegramWebhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
        }
      : {}),
    /** A Telegram 429 asking to wait longer than this fails the call instead of waiting. */
    telegramMaxRetryDelaySeconds: e.TELEGRAM_MAX_RETRY_DELAY_SECONDS,
    /** Messages and button presses per Telegram user and minute; more get one notice, then are ignored. */
    telegramUserMessagesPerMinute: e.TELEGRAM_USER_MESSAGES_PER_MINUTE,
    ...(e.REDIS_URL
      ? {
          /** Redis URL: when set, the store is Redis (shared by several processes) instead of the embedded SQLite file. May hold a password: never log it. */
          redisUrl: e.REDIS_URL,
        }
      : {}),
    /** Put in front of every Redis key. */
    redisPrefix: e.REDIS_PREFIX,
    ...(e.LLM_BASE_URL && e.LLM_MODEL
      ? {
          /** The optional OpenAI-compatible model; undefined (no LLM_BASE_URL): the bot answers from retrieval alone. */
          llm: toLlmConfig(e.LLM_BASE_URL, e.LLM_MODEL, e),
        }
      : {}),
    ...(e.ADMIN_USER && e.ADMIN_PASSWORD
      ? {
          /** The staff console; undefined (ADMIN_USER and ADMIN_PASSWORD unset): `/admin` is not mounted. */
          admin: toAdminConfig(e.ADMIN_USER, e.ADMIN_PASSWORD, e),
        }
      : {}),
  };
}

/** The WeCom app's settings; see {@link WecomConfig}. */
function toWecomConfig(corpId: string, agentId: number, secret: string, token: string, encodingAesKey: string) {
  return {
    /** `WECOM_CORP_ID`: the organisation's CorpID. */
    corpId,
    /** `WECOM_AGENT_ID`: the self-built app's AgentId. */
    agentId,
    /** `WECOM_SECRET`: the app's Secret. A secret: never log it. */
    secret,
    /** `WECOM_TOKEN`: the callback Token. A secret: never log it. */
    token,
    /** `WECOM_ENCODING_AES_KEY`: the callback EncodingAESKey. A secret: never log it. */
    encodingAesKey,
  };
}

/** The model's settings; see {@link LlmConfig}. */
function toLlmConfig(baseUrl: string, model: string, e: Environment) {
  return {
    /** The API's base URL, without a trailing slash, e.g. `https://api.deepseek.com`. */
    baseUrl: baseUrl.replace(/\/+$/, ''),
    ...(e.LLM_API_KEY
      ? {
          /** The API key; undefined for servers that need none (a local Ollama). A secret: never log it. */
          apiKey: e.LLM_API_KEY,
        }
      : {}),
    /** The provider's model name, e.g. `deepseek-chat`, `qwen-plus`, `qwen2.5:7b`. */
    model,
    /** Time limit of one model call, in milliseconds; after it the bot answers without the model. */
    timeoutMs: e.LLM_TIMEOUT_MS,
    /** Sampling temperature (0: most deterministic). */
    temperature: e.LLM_TEMPERATURE,
  };
}

/** The console's settings; see {@link AdminConfig}. */
function toAdminConfig(user: string, password: string, e: Environment) {
  return {
    /** `ADMIN_USER`: the bootstrap admin's user name (kept in lower case by the console). */
    user,
    /** `ADMIN_PASSWORD`: the bootstrap admin's password; it is set again on every start. A secret: never log it. */
    password,
    /** `ADMIN_SESSION_HOURS` in milliseconds: how long a login lasts. Default 12 hours. */
    sessionTtlMs: e.ADMIN_SESSION_HOURS * 3600_000,
    /** `ADMIN_TRUST_PROXY`: trust X-Forwarded-Proto/-For from the reverse proxy (Secure cookies, client address). Default false. */
    trustProxy: e.ADMIN_TRUST_PROXY,
  };
}

/**
 * The whole configuration as one schema: {@link environmentSchema}, then the checks across
 * variables (the first failing group becomes the issues), then the transformation into
 * settings. Use {@link loadConfig}, which also treats empty values as unset and words errors.
 */
export const configSchema = environmentSchema.transform((e, ctx) => {
  const problems = findCombinationProblems(e);
  if (problems.length === 0) return toConfig(e);
  for (const { where, problem } of problems) ctx.issues.push({ code: 'custom', input: e, path: [where], message: problem, params: { kind: COMBINATION_ISSUE } });
  return z.NEVER;
});

/** Parsed configuration: the output of {@link configSchema}. */
export type Config = z.output<typeof configSchema>;
/** The staff console at `/admin` (docs/console.md). */
export type AdminConfig = NonNullable<Config['admin']>;
/** The WeCom self-built app that serves the WeCom channels (微信客服 and the app). See docs/wecom.md. */
export type WecomConfig = NonNullable<Config['wecom']>;
/** An OpenAI-compatible chat model (DeepSeek, Qwen through DashScope, Ollama, …). See docs/llm.md. */
export type LlmConfig = NonNullable<Config['llm']>;

/**
 * Parses configuration from environment variables. Empty values count as unset.
 *
 * @param env - usually `process.env`
 * @throws InputError naming each bad variable and what it expects
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = configSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue): ConfigProblem => {
    const name = String(issue.path[0] ?? 'environment');
    if (issue.code === 'custom' && issue.params?.['kind'] === COMBINATION_ISSUE) return { where: name, problem: issue.message };
    const got = SECRET_VARIABLES.has(name) ? 'the value is not shown' : `got ${JSON.stringify(present[name])}`;
    return { where: name, problem: `${issue.message} (${got}); fix or unset ${name}` };
  });
  throw new InputError(issues[0]!.where, issues[0]!.problem, issues);
}
