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
    });
  });

  it('reads values and treats empty ones as unset', () => {
    const config = loadConfig({ PORT: '8080', HOST: '', LOG_LEVEL: 'warn', KNOWLEDGE_DIR: 'content', CONVERSATION_TTL_DAYS: '7' });
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0', logLevel: 'warn', conversationTtlMs: 7 * 24 * 3600_000 });
    expect(config.knowledgeDir).toBe(path.resolve('content'));
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
