import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { InputError } from '../../src/core/errors.js';
import { KNOWLEDGE_DIR } from '../helpers/testApp.js';

describe('configuration', () => {
  it('works with nothing set', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      logLevel: 'info',
      knowledgeDir: KNOWLEDGE_DIR,
      conversationTtlMs: 30 * 24 * 3600_000,
      flowExpiryMs: 14 * 24 * 3600_000,
      publicBaseUrl: 'http://localhost:3000',
      dataDir: path.resolve('./data'),
      deliveryMaxAttempts: 20,
      deliveryRetryBaseMs: 5_000,
      reapplyWindowMs: 30 * 24 * 3600_000,
      unqualifiedRetentionMs: 90 * 24 * 3600_000,
      wecomApiBase: 'https://qyapi.weixin.qq.com',
      telegramApiRoot: 'https://api.telegram.org',
      redisPrefix: 'talentbot:',
    });
  });

  it('switches the store to Redis with REDIS_URL, and never shows its value in errors', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379/2', REDIS_PREFIX: 'bot2:' })).toMatchObject({ redisUrl: 'redis://127.0.0.1:6379/2', redisPrefix: 'bot2:' });
    expect(() => loadConfig({ REDIS_URL: 'http://:secretpass@host' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ REDIS_URL: 'http://:secretpass@host' })).not.toThrow(/secretpass/);
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
      ackEscalateAfterMs: 12 * 3600_000,
      reapplyWindowMs: 0,
      unqualifiedRetentionMs: 30 * 24 * 3600_000,
      wecomApiBase: 'http://127.0.0.1:9000',
      telegramBotToken: '123:abc',
      telegramApiRoot: 'http://127.0.0.1:9001',
    });
    expect(loadConfig({ PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
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
});
