/**
 * A government service addresses the applicant as 您: no Chinese text the bot writes itself —
 * the engine's texts, the flows, the dialogue acts' replies, the district profile, the web page
 * and the embed widget — says 你. (Content answers in knowledge/entries are staff's content;
 * what applicants type, such as the phrasings 你好 that acts recognise, is not the bot's voice.)
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/projectRoot.js';
import { ENGINE_TEXTS } from '../../src/core/texts.js';
import { shippedFlows, shippedKnowledgeBase, shippedProfile } from '../helpers/testApp.js';

/** Every string under `value` (function sources included), with its path; keys in `skip` are what applicants type. */
function strings(value: unknown, at: string, skip: ReadonlySet<string>, out: Array<[string, string]> = []): Array<[string, string]> {
  if (typeof value === 'string') out.push([at, value]);
  else if (typeof value === 'function') out.push([at, String(value)]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${at}[${i}]`, skip, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (!skip.has(k)) strings(v, `${at}.${k}`, skip, out);
  return out;
}

const saysNi = (texts: Array<[string, string]>) => texts.filter(([, text]) => text.includes('你')).map(([at, text]) => `${at}: ${text.slice(0, 80)}`);

describe('the bot says 您', () => {
  it('in the engine texts', () => {
    const texts = strings(ENGINE_TEXTS.zh, 'zh', new Set());
    expect(texts.length).toBeGreaterThan(50);
    expect(saysNi(texts)).toEqual([]);
  });

  it('in the flows and the district profile, leaving out the words applicants type', async () => {
    const typed = new Set(['keywords', 'patterns', 'en']);
    const flows = strings(Object.fromEntries(await shippedFlows()), 'flows', typed);
    expect(flows.filter(([, text]) => text.includes('您')).length).toBeGreaterThan(5);
    expect(saysNi(flows)).toEqual([]);
    expect(saysNi(strings(await shippedProfile(), 'profile', typed))).toEqual([]);
  });

  it("in the dialogue acts' replies", async () => {
    const acts = (await shippedKnowledgeBase()).content.dialogueActs;
    const replies = Object.entries(acts?.acts ?? {}).flatMap(([id, act]) => strings((act as { reply?: unknown }).reply, id, new Set(['en'])));
    expect(replies.length).toBeGreaterThan(5);
    expect(saysNi(replies)).toEqual([]);
  });

  it('in every Chinese locale file (the engine, the channels, the page, the widget, the console)', async () => {
    const dir = path.join(PROJECT_ROOT, 'locales', 'zh');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
    expect(files).toContain('web.json');
    for (const file of files) {
      const texts = strings(JSON.parse(await readFile(path.join(dir, file), 'utf8')), file, new Set());
      expect(saysNi(texts), file).toEqual([]);
    }
  });

  it('on the web page, the no-script answer page and the embed widget', async () => {
    for (const file of ['assets/index.html', 'assets/chat.js', 'assets/widget.js', 'renderAnswerPage.ts']) {
      const text = await readFile(path.join(PROJECT_ROOT, 'src', 'channels', 'web', file), 'utf8');
      expect(text.includes('你'), file).toBe(false);
    }
  });
});
