/**
 * Greeting, thanks, goodbye, "I want to apply" and "talk to a person", typed in Chinese and
 * in English, on every channel: the web chat (POST /api/chat), Telegram (real grammY against
 * the fake Bot API) and WeCom (微信客服 and the self-built app against the fake WeCom API).
 * None of them may get the "I could not find an answer" fallback.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINE_TEXTS } from '../../src/core/texts.js';
import { startConversation } from '../helpers/conversation.js';
import { createTestAppWithFlows } from '../helpers/testApp.js';
import { startTelegramTestBed, type TelegramTestBed } from './telegram/telegramTestKit.js';
import { appTextXml, createWecomBed, kfCustomer, shownText, type WecomBed } from './wecom/wecomTestKit.js';

/** What each act must bring: a piece of the reply's text, in the reply language. */
const CASES = {
  zh: [
    ['你好', '您好'],
    ['谢谢', '不客气'],
    ['再见', '再见'],
    ['我要报名', '隐私说明'],
    ['转人工', '工作人员'],
  ],
  en: [
    ['hi', 'Hello'],
    ['thanks!', 'welcome'],
    ['bye', 'Goodbye'],
    ['I want to apply', 'privacy notice'],
    ['put me through to a human', 'staff'],
  ],
} as const;

const FALLBACKS = [ENGINE_TEXTS.zh.fallback, ENGINE_TEXTS.en.fallback];

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe.each(['zh', 'en'] as const)('dialogue acts in %s', (lang) => {
  it('on the web chat', async () => {
    const { app } = await createTestAppWithFlows();
    close = () => app.http.close();
    for (const [text, expected] of CASES[lang]) {
      const c = startConversation(app, `web-${lang}-${text}`);
      const r = await c.say(text);
      expect(r.fallback, text).toBe(false);
      expect(c.lastText(), text).toContain(expected);
    }
  });

  it('on Telegram', async () => {
    const bed: TelegramTestBed = await startTelegramTestBed('polling');
    close = () => bed.close();
    let id = lang === 'zh' ? 500 : 600;
    for (const [text, expected] of CASES[lang]) {
      const user = bed.user(id++, lang === 'zh' ? 'zh-hans' : 'en-GB');
      const shown = (await user.send(text)).map((m) => m.visible).join('\n');
      expect(shown, text).toContain(expected);
      for (const fallback of FALLBACKS) expect(shown, text).not.toContain(fallback.slice(0, 20));
    }
  });

  it('on WeCom (微信客服 and the self-built app)', async () => {
    const bed: WecomBed = await createWecomBed();
    close = () => bed.close();
    let n = 0;
    for (const [text, expected] of CASES[lang]) {
      n += 1;
      const kf = kfCustomer(bed, `wm-${lang}-${n}`);
      const shown = (await kf.says(text)).map(shownText).join('\n');
      expect(shown, `kf: ${text}`).toContain(expected);
      for (const fallback of FALLBACKS) expect(shown, `kf: ${text}`).not.toContain(fallback.slice(0, 20));

      bed.clock.advance(1000);
      const before = bed.wecom.callsTo('message/send').length;
      const response = await bed.post(appTextXml({ from: `member-${lang}-${n}`, content: text, msgId: `app-${lang}-${n}`, createTime: bed.nowSec() }));
      expect(response.statusCode).toBe(200);
      await bed.channel.idle();
      const app = bed.wecom.callsTo('message/send').slice(before).map((c) => (c.body.text as { content: string }).content).join('\n');
      expect(app, `app: ${text}`).toContain(expected);
    }
  });
});
