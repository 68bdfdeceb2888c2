import { describe, expect, it } from 'vitest';
import { fillProfile } from '../../../src/channels/web/fillProfile.js';
import { parseDistrictProfile } from '../../../src/knowledge/districtProfile.js';

const profile = parseDistrictProfile(`
district: { zh: 某区, en: Some District }
office: { zh: 某区人才办, en: Some District talent office }
timeZone: Europe/Berlin
defaultLanguage: en
greeting: { zh: 您好！, en: Hello! }
examples: { zh: [有补贴吗], en: [Is there a grant?] }
contact: { zh: 区人才办, en: the talent office }
web:
  pageTitle: { zh: "某区 <人才> & 咨询", en: "Some </script> District" }
  widgetTitle: { zh: 某区咨询, en: "Some District's assistant" }
persona: a chat-bot of Some District
`);

describe("the web assets with the profile's wording", () => {
  it('escapes the page title in the HTML', () => {
    expect(fillProfile('index.html', '<title>{{pageTitle}}</title><h1>{{pageTitle}}</h1>', profile)).toBe(
      '<title>某区 &#60;人才&#62; &#38; 咨询</title><h1>某区 &#60;人才&#62; &#38; 咨询</h1>',
    );
  });

  it("writes the scripts' PROFILE object as a literal that cannot end the script", () => {
    const script = "var PROFILE = /* profile */ { pageTitle: { zh: '', en: '' }, defaultLanguage: 'zh' } /* /profile */;";
    const filled = fillProfile('chat.js', script, profile);
    expect(filled).not.toContain('</script>');
    const read = new Function(`${filled}; return PROFILE;`) as () => unknown;
    expect(read()).toEqual({ pageTitle: profile.web.pageTitle, example: { zh: '有补贴吗', en: 'Is there a grant?' }, defaultLanguage: 'en' });
    const widget = new Function(`${fillProfile('widget.js', script, profile)}; return PROFILE;`) as () => unknown;
    expect(widget()).toEqual({ widgetTitle: profile.web.widgetTitle, defaultLanguage: 'en' });
  });

  it('leaves other assets unchanged', () => {
    expect(fillProfile('chat.css', 'h1 { color: red } /* profile */', profile)).toBe('h1 { color: red } /* profile */');
  });
});
