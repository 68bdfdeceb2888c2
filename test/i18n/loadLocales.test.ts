/**
 * The locale files' start check: every language has the reference language's (Chinese) files,
 * keys and `{{variables}}`, or the start stops with an InputError naming the file and the key.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/shared/errors.js';
import { compareLocales, textVariables } from '../../src/i18n/compareLocales.js';
import { loadLocales } from '../../src/i18n/loadLocales.js';
import { LOCALES, LOCALES_DIR, localeView } from '../../src/i18n/locales.js';

const BROKEN = path.join(import.meta.dirname, '..', 'fixtures', 'locales-broken');
const made: string[] = [];
afterEach(() => made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of the broken fixture with `en/engine.json` replaced by `english`. */
function fixtureWith(english: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'locales-'));
  made.push(dir);
  cpSync(BROKEN, dir, { recursive: true });
  writeFileSync(path.join(dir, 'en', 'engine.json'), typeof english === 'string' ? english : JSON.stringify(english));
  return dir;
}

function loadError(dir: string): InputError {
  try {
    loadLocales(dir);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('the locales loaded');
}

describe('loadLocales', () => {
  it('stops at a key the English file lacks, naming the file and the key in one line', () => {
    const error = loadError(BROKEN);
    expect(error.where).toBe(path.join('locales-broken', 'en', 'engine.json') + ', key menu.privacy');
    expect(error.message).toBe(`${path.join('locales-broken', 'en', 'engine.json')}, key menu.privacy: missing: add this text (and 1 more problem in this file)`);
    expect(error.message).not.toContain('\n');
  });

  it('stops at a text that fills in other variables', () => {
    const error = loadError(fixtureWith({ greeting: 'Hello', menu: { ask: 'Ask {{examples}}.', privacy: 'See.' }, reference: 'Ref {{ref}}.' }));
    expect(error.message).toContain('en/engine.json, key reference: fills in {{ref}} but must fill in {{id}}');
  });

  it('stops at a key only the English file has, at a list instead of a text, and at a file that is not JSON', () => {
    const extra = { greeting: 'Hello', menu: { ask: '{{examples}}', privacy: 'p', more: 'x' }, reference: '{{id}}' };
    expect(loadError(fixtureWith(extra)).message).toContain('key menu.more: not in the reference language');
    expect(loadError(fixtureWith({ ...extra, greeting: ['Hello'] })).message).toContain('key greeting: must be a text or an object of texts');
    expect(loadError(fixtureWith('{ "greeting": ')).message).toContain('en/engine.json: is not valid JSON');
  });

  it('stops when a language lacks a whole file', () => {
    const dir = fixtureWith({});
    rmSync(path.join(dir, 'en', 'engine.json'));
    expect(loadError(dir).message).toContain('en/engine.json: is missing');
  });

  it('loads matching files into i18next, filling in variables without escaping them', () => {
    const i18n = loadLocales(fixtureWith({ greeting: 'Hello', menu: { ask: 'Ask <{{examples}}>.', privacy: 'See.' }, reference: 'Ref {{id}}.' }));
    expect(i18n.getFixedT('en', 'engine')('menu.ask', { examples: '"a" & b' })).toBe('Ask <"a" & b>.');
    expect(i18n.getFixedT('zh', 'engine')('reference', { id: 'R-1' })).toBe('您的申请编号：R-1。');
  });
});

describe('compareLocales', () => {
  it('reads variables with or without a format, each once', () => {
    expect(textVariables('{{n}} of {{ total, number }} ({{n}})')).toEqual(['n', 'total']);
    expect(compareLocales({ a: { b: '{{x}}' } }, { a: { b: '{{x}} {{x}}' } })).toEqual([]);
  });
});

describe('the shipped locales', () => {
  it('load from the project top level and fill the typed views', () => {
    expect(LOCALES_DIR.endsWith(`${path.sep}locales`)).toBe(true);
    expect(localeView('en', 'console').t('dashboard.published', { n: 3 })).toBe('Published revision: 3');
    expect(LOCALES.languages).toContain('zh');
  });
});
