/**
 * Writes the page's and the widget's own wording (`locales/<language>/web.json`) into the web
 * assets when they are read at start: the chat page's texts into `index.html`
 * (`{{text.<name>}}`), and both languages' texts into the scripts' `UI` object (between
 * `/* texts *\/` and `/* /texts *\/`). The profile's titles and first example question are part
 * of those texts. The assets themselves hold no wording.
 */
import { localeView } from '../../i18n/locales.js';
import type { DistrictProfile } from '../../knowledge/districtProfile.js';
import { LANGUAGES, type Language } from '../../shared/language.js';
import { escapeHtml } from './renderAnswerPage.js';

const SCRIPT_TEXTS = /\/\* texts \*\/[\s\S]*?\/\* \/texts \*\//;

/** A value as a JavaScript literal that cannot end a script or a string early. */
function scriptLiteral(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The chat page's texts in `language` (`chat.js`'s `UI[language]`). */
export function chatPageTexts(language: Language, profile: DistrictProfile) {
  const { all, t } = localeView(language, 'web');
  return {
    title: profile.web.pageTitle[language], switchTo: all.switchTo, placeholder: t('page.placeholder', { example: profile.examples[language][0] ?? '' }),
    send: all.send, label: all.label, notice: all.page.notice, source: all.source, asOf: all.asOf, error: all.error, typing: all.typing, lang: all.htmlLang,
    feedback: { ...all.feedback },
  };
}

/** The embed widget's texts in `language` (`widget.js`'s `UI[language]`). */
export function widgetTexts(language: Language, profile: DistrictProfile) {
  const { all } = localeView(language, 'web');
  return {
    open: all.widget.open, close: all.widget.close, title: profile.web.widgetTitle[language], placeholder: all.widget.placeholder, label: all.label,
    send: all.send, source: all.source, asOf: all.asOf, error: all.error, typing: all.typing, lang: all.htmlLang,
  };
}

/** The chat page's HTML texts: the default language's, the no-script notice in every language. */
function htmlTexts(profile: DistrictProfile): Record<string, string> {
  const page = chatPageTexts('zh', profile);
  const notices = Object.fromEntries(LANGUAGES.map((l) => [`noscript.${l}`, localeView(l, 'web').all.page.noscript]));
  return { switchTo: page.switchTo, label: page.label, placeholder: page.placeholder, send: page.send, notice: page.notice, ...notices };
}

/**
 * The asset `body` of file `file` with the locale texts in it; other files unchanged.
 *
 * @param file - the asset's file name (`index.html`, `chat.js`, `widget.js`, …)
 * @param body - its text
 * @param profile - the district profile: the titles and the example question in the texts
 */
export function fillTexts(file: string, body: string, profile: DistrictProfile): string {
  const both = <T>(texts: (language: Language, profile: DistrictProfile) => T) => Object.fromEntries(LANGUAGES.map((l) => [l, texts(l, profile)]));
  switch (file) {
    case 'index.html': {
      const texts = htmlTexts(profile);
      return body.replace(/\{\{text\.([\w.]+)\}\}/g, (whole, name: string) => (texts[name] === undefined ? whole : escapeHtml(texts[name])));
    }
    case 'chat.js':
      return body.replace(SCRIPT_TEXTS, () => scriptLiteral(both(chatPageTexts)));
    case 'widget.js':
      return body.replace(SCRIPT_TEXTS, () => scriptLiteral(both(widgetTexts)));
    default:
      return body;
  }
}
