/**
 * A locale view fills in texts itself, without i18next's per-call work: every shipped text, in
 * every language and namespace, must read exactly as i18next reads it — with no values, with
 * every variable given (values that look like variables or replacement patterns included),
 * and with only some given.
 */
import { describe, expect, it } from 'vitest';
import { textVariables } from '../../src/i18n/compareLocales.js';
import { LOCALES, localeView, type Namespaces, type TextValues } from '../../src/i18n/locales.js';
import { LANGUAGES } from '../../src/shared/language.js';

/** Every text in `node` with its dotted key (a key may hold a dot itself: i18next still finds it). */
function textsIn(node: unknown, prefix = ''): Array<[string, string]> {
  if (typeof node === 'string') return [[prefix, node]];
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => textsIn(value, prefix ? `${prefix}.${key}` : key));
}

describe('locale views', () => {
  it('read every shipped text as i18next does', () => {
    const namespaces = Object.keys(LOCALES.getDataByLanguage('zh') ?? {}) as Array<keyof Namespaces>;
    expect(namespaces.length).toBeGreaterThan(5);
    let compared = 0;
    for (const language of LANGUAGES) {
      for (const namespace of namespaces) {
        const view = localeView(language, namespace);
        const reference = LOCALES.getFixedT(language, namespace);
        for (const [key, text] of textsIn(view.all)) {
          const names = textVariables(text);
          const every: Record<string, string | number> = {};
          names.forEach((name, i) => (every[name] = i % 3 === 0 ? 42 : i % 3 === 1 ? `$& {{${name}}} $1` : '名城 / "x"'));
          const some = Object.fromEntries(Object.entries(every).filter((_, i) => i % 2 === 0));
          for (const values of [undefined, every, some] as Array<TextValues | undefined>) {
            expect(view.t(key as never, values), `${language}/${namespace}:${key} ${JSON.stringify(values)}`).toBe(reference(key, values));
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('fall back to i18next for a key that is not a text', () => {
    const view = localeView('en', 'engine');
    expect(view.t('no.such.key' as never)).toBe(LOCALES.getFixedT('en', 'engine')('no.such.key'));
  });
});
