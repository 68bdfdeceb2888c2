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
});

/** Parsed configuration. */
export interface Config {
  port: number;
  host: string;
  logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
  knowledgeDir: string;
  conversationTtlMs: number;
  /** How long an unfinished eligibility conversation can be resumed. */
  flowExpiryMs: number;
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
      return { where: name, problem: `${issue.message} (got ${JSON.stringify(present[name])}); fix or unset ${name}` };
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
  };
}
