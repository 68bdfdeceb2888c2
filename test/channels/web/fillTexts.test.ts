import { describe, expect, it } from 'vitest';
import { fillTexts } from '../../../src/channels/web/fillTexts.js';
import { parseDistrictProfile } from '../../../src/knowledge/districtProfile.js';

const profile = parseDistrictProfile(`
district: { zh: 某区, en: Some District }
office: { zh: 某区人才办, en: Some District talent office }
timeZone: Europe/Berlin
defaultLanguage: en
greeting: { zh: 您好！, en: Hello! }
examples: { zh: ["有补贴吗 <b>"], en: [Is there a grant?] }
contact: { zh: 区人才办, en: the talent office }
web:
  pageTitle: { zh: 某区咨询, en: "Some </script> District" }
  widgetTitle: { zh: 某区咨询, en: "Some District's assistant" }
persona: a chat-bot of Some District
`);

describe("the web assets with the locale files' wording", () => {
  it("fills the page's {{text.…}} places, escaped, and leaves unknown ones", () => {
    const filled = fillTexts('index.html', '<input placeholder="{{text.placeholder}}"><button>{{text.send}}</button>{{text.noscript.en}} {{text.nothing}} {{pageTitle}}', profile);
    expect(filled).toBe('<input placeholder="例如：有补贴吗 &lt;b&gt;"><button>发送</button>Without JavaScript you can still ask: type your question below and send it; the answer opens as a page. {{text.nothing}} {{pageTitle}}');
  });

  it("writes both languages' texts into the scripts' UI object, as a literal that cannot end the script", () => {
    const script = 'var UI = /* texts */ { zh: {}, en: {} } /* /texts */;';
    const chat = fillTexts('chat.js', script, profile);
    expect(chat).not.toContain('</script>');
    const ui = (new Function(`${chat}; return UI;`) as () => Record<string, Record<string, unknown>>)();
    expect(ui.en).toMatchObject({ title: 'Some </script> District', placeholder: 'e.g. Is there a grant?', send: 'Send', lang: 'en', feedback: { thanks: 'Thank you for your feedback.' } });
    expect(ui.zh).toMatchObject({ switchTo: 'English', typing: '正在回复…', lang: 'zh-CN' });
    const widget = (new Function(`${fillTexts('widget.js', script, profile)}; return UI;`) as () => Record<string, Record<string, unknown>>)();
    expect(widget.en).toMatchObject({ title: "Some District's assistant", open: 'Open the talent policy assistant', placeholder: 'Type your question' });
  });

  it('leaves other assets unchanged', () => {
    expect(fillTexts('chat.css', 'h1 { color: red } /* texts */ /* /texts */', profile)).toBe('h1 { color: red } /* texts */ /* /texts */');
  });
});
