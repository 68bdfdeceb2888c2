import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema, loadConfig } from '../../src/config/config.js';
import { InputError } from '../../src/shared/errors.js';
import { KNOWLEDGE_DIR } from '../helpers/testApp.js';

describe('configuration', () => {
  it('keeps conversation logs CONVERSATION_LOG_DAYS whole days, 0 for none, at most a year', () => {
    expect(loadConfig({ CONVERSATION_LOG_DAYS: '7' }).conversationLogMs).toBe(7 * 24 * 3600_000);
    expect(loadConfig({ CONVERSATION_LOG_DAYS: '0' }).conversationLogMs).toBe(0);
    for (const bad of ['-1', '1.5', '400', 'thirty']) expect(() => loadConfig({ CONVERSATION_LOG_DAYS: bad }), bad).toThrow(/CONVERSATION_LOG_DAYS/);
  });

  it('flags content older than CONTENT_STALE_DAYS whole days, 365 by default', () => {
    expect(loadConfig({ CONTENT_STALE_DAYS: '90' }).contentStaleDays).toBe(90);
    for (const bad of ['0', '1.5', '5000', 'a year']) expect(() => loadConfig({ CONTENT_STALE_DAYS: bad }), bad).toThrow(/CONTENT_STALE_DAYS/);
  });

  it('works with nothing set', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      logLevel: 'info',
      knowledgeDir: KNOWLEDGE_DIR,
      flowsDir: path.join(KNOWLEDGE_DIR, '..', 'flows'),
      conversationTtlMs: 30 * 24 * 3600_000,
      conversationLogMs: 30 * 24 * 3600_000,
      contentStaleDays: 365,
      flowExpiryMs: 14 * 24 * 3600_000,
      http: { requestTimeoutMs: 30_000, headersTimeoutMs: 30_000, keepAliveTimeoutMs: 30_000, connectionTimeoutMs: 30_000, chatRateLimit: { perMinute: 120, trustProxy: false } },
      webAllowedOrigins: [],
      publicBaseUrl: 'http://localhost:3000',
      dataDir: path.resolve('./data'),
      deliveryMaxAttempts: 20,
      deliveryRetryBaseMs: 5_000,
      deliveryLeaseMs: 60_000,
      reapplyWindowMs: 30 * 24 * 3600_000,
      unqualifiedRetentionMs: 90 * 24 * 3600_000,
      calendarSubscriptions: true,
      calendarSubscriptionDays: 365,
      calendarReminderDays: 7,
      wecomApiBase: 'https://qyapi.weixin.qq.com',
      wecomKfHandoffTimeoutMs: 10 * 60_000,
      telegramApiRoot: 'https://api.telegram.org',
      telegramMode: 'polling',
      telegramMaxRetryDelaySeconds: 30,
      telegramUserMessagesPerMinute: 30,
      redisPrefix: 'talentbot:',
    });
  });

  it('reads the calendar variables and refuses a negative lead time', () => {
    expect(loadConfig({ CALENDAR_SUBSCRIPTIONS: 'false', CALENDAR_SUBSCRIPTION_DAYS: '90', CALENDAR_REMINDER_DAYS: '0' })).toMatchObject({
      calendarSubscriptions: false,
      calendarSubscriptionDays: 90,
      calendarReminderDays: 0,
    });
    expect(() => loadConfig({ CALENDAR_REMINDER_DAYS: '-1' })).toThrow(/CALENDAR_REMINDER_DAYS/);
    expect(() => loadConfig({ CALENDAR_SUBSCRIPTIONS: 'maybe' })).toThrow(/CALENDAR_SUBSCRIPTIONS/);
  });

  it('switches the store to Redis with REDIS_URL, and never shows its value in errors', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379/2', REDIS_PREFIX: 'bot2:' })).toMatchObject({ redisUrl: 'redis://127.0.0.1:6379/2', redisPrefix: 'bot2:' });
    expect(() => loadConfig({ REDIS_URL: 'http://:secretpass@host' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ REDIS_URL: 'http://:secretpass@host' })).not.toThrow(/secretpass/);
  });

  it('reads WEB_ALLOWED_ORIGINS as normalised origins and refuses anything that is not an origin', () => {
    expect(loadConfig({ WEB_ALLOWED_ORIGINS: ' https://www.Wujin.gov.cn , http://127.0.0.1:8080/,https://www.wujin.gov.cn:443,' }).webAllowedOrigins).toEqual([
      'https://www.wujin.gov.cn',
      'http://127.0.0.1:8080',
    ]);
    for (const bad of ['*', 'www.wujin.gov.cn', 'https://a.gov.cn/path', 'ftp://a.gov.cn', 'https://a.gov.cn?x=1', 'https://u:p@a.gov.cn', 'null']) {
      expect(() => loadConfig({ WEB_ALLOWED_ORIGINS: `https://ok.gov.cn,${bad}` }), bad).toThrow(/WEB_ALLOWED_ORIGINS.*not an origin/);
    }
  });

  it('reads values and treats empty ones as unset', () => {
    const config = loadConfig({ PORT: '8080', HOST: '', LOG_LEVEL: 'warn', KNOWLEDGE_DIR: 'content', CONVERSATION_TTL_DAYS: '7' });
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0', logLevel: 'warn', conversationTtlMs: 7 * 24 * 3600_000 });
    expect(config.knowledgeDir).toBe(path.resolve('content'));
  });

  it('reads the leads variables', () => {
    const config = loadConfig({
      PORT: '8080',
      PUBLIC_BASE_URL: 'https://talent.example.gov.cn/',
      DATA_DIR: 'var/data',
      PARTNERS_FILE: 'partners.yaml',
      ACK_SIGNING_SECRET: 'x'.repeat(32),
      DELIVERY_MAX_ATTEMPTS: '5',
      DELIVERY_RETRY_BASE_SECONDS: '0.5',
      DELIVERY_LEASE_SECONDS: '3',
      ACK_ESCALATE_AFTER_HOURS: '12',
      REAPPLY_WINDOW_DAYS: '0',
      UNQUALIFIED_RETENTION_DAYS: '30',
      WECOM_API_BASE: 'http://127.0.0.1:9000/',
      TELEGRAM_BOT_TOKEN: '123:abc',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9001',
    });
    expect(config).toMatchObject({
      publicBaseUrl: 'https://talent.example.gov.cn',
      dataDir: path.resolve('var/data'),
      partnersFile: path.resolve('partners.yaml'),
      ackSigningSecret: 'x'.repeat(32),
      deliveryMaxAttempts: 5,
      deliveryRetryBaseMs: 500,
      deliveryLeaseMs: 3_000,
      ackEscalateAfterMs: 12 * 3600_000,
      reapplyWindowMs: 0,
      unqualifiedRetentionMs: 30 * 24 * 3600_000,
      wecomApiBase: 'http://127.0.0.1:9000',
      telegramBotToken: '123:abc',
      telegramApiRoot: 'http://127.0.0.1:9001',
    });
    expect(loadConfig({ PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
  });

  it('configures the optional model with LLM_*, never shows LLM_API_KEY, and needs both URL and model', () => {
    expect(loadConfig({}).llm).toBeUndefined();
    expect(loadConfig({ LLM_BASE_URL: 'https://api.deepseek.com/', LLM_API_KEY: 'sk-secret-value', LLM_MODEL: 'deepseek-chat', LLM_TIMEOUT_MS: '3000', LLM_TEMPERATURE: '0.3' }).llm).toEqual({
      baseUrl: 'https://api.deepseek.com',
      apiKey: 'sk-secret-value',
      model: 'deepseek-chat',
      timeoutMs: 3000,
      temperature: 0.3,
    });
    expect(loadConfig({ LLM_BASE_URL: 'http://127.0.0.1:11434/v1', LLM_MODEL: 'qwen2.5:7b' }).llm).toEqual({ baseUrl: 'http://127.0.0.1:11434/v1', model: 'qwen2.5:7b', timeoutMs: 8000, temperature: 0 });
    expect(() => loadConfig({ LLM_BASE_URL: 'https://api.deepseek.com' })).toThrow(/LLM_MODEL/);
    expect(() => loadConfig({ LLM_MODEL: 'deepseek-chat', LLM_API_KEY: 'sk-secret-value' })).toThrow(/LLM_BASE_URL/);
    expect(() => loadConfig({ LLM_MODEL: 'deepseek-chat', LLM_API_KEY: 'sk-secret-value' })).not.toThrow(/sk-secret-value/);
    expect(() => loadConfig({ LLM_BASE_URL: 'ftp://models', LLM_MODEL: 'm', LLM_TIMEOUT_MS: '5', LLM_TEMPERATURE: '9' })).toThrow(/LLM_BASE_URL[\s\S]*LLM_TIMEOUT_MS[\s\S]*LLM_TEMPERATURE/);
    expect(() => loadConfig({ LLM_BASE_URL: 'https://api.deepseek.com', LLM_MODEL: 'm', LLM_API_KEY: ' ' })).not.toThrow();
  });

  it('reads the Telegram channel variables; webhook mode needs its secret and PUBLIC_BASE_URL, never shown in errors', () => {
    const webhook = { TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_MODE: 'webhook', TELEGRAM_WEBHOOK_SECRET: 's'.repeat(32), PUBLIC_BASE_URL: 'https://talent.example.gov.cn' };
    expect(loadConfig({ ...webhook, TELEGRAM_MAX_RETRY_DELAY_SECONDS: '5', TELEGRAM_USER_MESSAGES_PER_MINUTE: '10' })).toMatchObject({
      telegramMode: 'webhook',
      telegramWebhookSecret: 's'.repeat(32),
      telegramMaxRetryDelaySeconds: 5,
      telegramUserMessagesPerMinute: 10,
    });
    expect(() => loadConfig({ ...webhook, TELEGRAM_WEBHOOK_SECRET: '' })).toThrow(/TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_MODE=webhook/);
    expect(() => loadConfig({ ...webhook, PUBLIC_BASE_URL: undefined })).toThrow(/PUBLIC_BASE_URL: required when TELEGRAM_MODE=webhook/);
    expect(() => loadConfig({ TELEGRAM_MODE: 'websocket' })).toThrow(/TELEGRAM_MODE/);
    expect(() => loadConfig({ ...webhook, TELEGRAM_WEBHOOK_SECRET: 'short secret!' })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
    expect(() => loadConfig({ ...webhook, TELEGRAM_WEBHOOK_SECRET: 'short secret!' })).not.toThrow(/short secret/);
    expect(() => loadConfig({ TELEGRAM_USER_MESSAGES_PER_MINUTE: '0' })).toThrow(/TELEGRAM_USER_MESSAGES_PER_MINUTE/);
  });

  it('never shows the value of a secret variable in an error', () => {
    let error: unknown;
    try {
      loadConfig({ ACK_SIGNING_SECRET: 'too-short-secret', TELEGRAM_BOT_TOKEN: 'not a token' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues.map((i) => i.where).sort()).toEqual(['ACK_SIGNING_SECRET', 'TELEGRAM_BOT_TOKEN']);
    expect((error as InputError).message).not.toContain('too-short-secret');
    expect((error as InputError).message).not.toContain('not a token');
  });

  it('fails fast naming every bad variable', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const issues = (error as InputError).issues;
    expect(issues.map((i) => i.where).sort()).toEqual(['LOG_LEVEL', 'PORT']);
    expect((error as InputError).message).toContain('"eighty"');
  });

  it('reads the WeCom variables, needs all five, and never shows the secrets in errors', () => {
    const wecom = {
      WECOM_CORP_ID: 'ww0123456789abcdef',
      WECOM_AGENT_ID: '1000002',
      WECOM_SECRET: 'app-secret-value-1234567890',
      WECOM_TOKEN: 'callbackToken123',
      WECOM_ENCODING_AES_KEY: 'a'.repeat(43),
    };
    expect(loadConfig(wecom).wecom).toEqual({ corpId: 'ww0123456789abcdef', agentId: 1000002, secret: 'app-secret-value-1234567890', token: 'callbackToken123', encodingAesKey: 'a'.repeat(43) });
    expect(loadConfig({}).wecom).toBeUndefined();
    expect(() => loadConfig({ WECOM_CORP_ID: 'ww0123456789abcdef', WECOM_AGENT_ID: '1000002' })).toThrow(/WECOM_SECRET/);
    let error: unknown;
    try {
      loadConfig({ ...wecom, WECOM_SECRET: '', WECOM_TOKEN: 'token with spaces!', WECOM_ENCODING_AES_KEY: 'short-secret-key' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues.map((i) => i.where).sort()).toEqual(['WECOM_ENCODING_AES_KEY', 'WECOM_TOKEN']);
    expect((error as InputError).message).not.toContain('token with spaces!');
    expect((error as InputError).message).not.toContain('short-secret-key');
  });

  it('mounts the staff console only with both ADMIN_USER and ADMIN_PASSWORD, and never shows the password', () => {
    expect(loadConfig({}).admin).toBeUndefined();
    expect(loadConfig({ ADMIN_USER: 'chief', ADMIN_PASSWORD: 'a-long-password-1' })).toMatchObject({
      admin: { user: 'chief', password: 'a-long-password-1', sessionTtlMs: 12 * 3600_000, trustProxy: false },
    });
    expect(loadConfig({ ADMIN_USER: 'chief', ADMIN_PASSWORD: 'a-long-password-1', ADMIN_SESSION_HOURS: '2', ADMIN_TRUST_PROXY: 'true' }).admin).toMatchObject({ sessionTtlMs: 2 * 3600_000, trustProxy: true });
    expect(() => loadConfig({ ADMIN_USER: 'chief' })).toThrow(/ADMIN_PASSWORD/);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'a-long-password-1' })).toThrow(/ADMIN_USER/);
    expect(() => loadConfig({ ADMIN_USER: 'chief', ADMIN_PASSWORD: 'short-pw' })).toThrow(/ADMIN_PASSWORD/);
    expect(() => loadConfig({ ADMIN_USER: 'chief', ADMIN_PASSWORD: 'short-pw' })).not.toThrow(/short-pw/);
  });

  it('is one schema: the checks across variables report one group at a time, worded as they are', () => {
    const env = { WECOM_CORP_ID: 'ww0123456789abcdef', ADMIN_USER: 'chief' };
    let error: unknown;
    try {
      loadConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    const issues = (error as InputError).issues;
    expect(issues.map((i) => i.where)).toEqual(['WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY']);
    expect(issues[0]!.problem).toBe('the WeCom channels need all five WECOM_* variables (see docs/wecom.md); set WECOM_AGENT_ID, or unset the others');
    const parsed = configSchema.safeParse({ PORT: '8080' });
    expect(parsed.success && parsed.data.port).toBe(8080);
  });
});
