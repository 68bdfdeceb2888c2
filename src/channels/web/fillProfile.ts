/**
 * Writes the district profile's wording into the web assets when they are read at start:
 * the page's title and first example question into `index.html` (`{{pageTitle}}`,
 * `{{example}}`), and the titles, the example and the default
 * language into the scripts' `PROFILE` object (between `/* profile *\/` and `/* /profile *\/`).
 * The assets themselves name no district.
 */
import type { DistrictProfile } from '../../knowledge/districtProfile.js';

const SCRIPT_PROFILE = /\/\* profile \*\/[\s\S]*?\/\* \/profile \*\//;

/** Text as HTML element content and attribute values. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A value as a JavaScript literal that cannot end a script or a string early. */
function scriptLiteral(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The asset `body` of file `file` with the profile's wording in it; other files unchanged.
 *
 * @param file - the asset's file name (`index.html`, `chat.js`, `widget.js`, …)
 * @param body - its text
 * @param profile - the district profile
 */
export function fillProfile(file: string, body: string, profile: DistrictProfile): string {
  const { web, defaultLanguage } = profile;
  switch (file) {
    case 'index.html':
      return body.replaceAll('{{pageTitle}}', escapeHtml(web.pageTitle.zh)).replaceAll('{{example}}', escapeHtml(profile.examples.zh[0]!));
    case 'chat.js':
      return body.replace(SCRIPT_PROFILE, () => scriptLiteral({ pageTitle: web.pageTitle, example: { zh: profile.examples.zh[0], en: profile.examples.en[0] }, defaultLanguage }));
    case 'widget.js':
      return body.replace(SCRIPT_PROFILE, () => scriptLiteral({ widgetTitle: web.widgetTitle, defaultLanguage }));
    default:
      return body;
  }
}
