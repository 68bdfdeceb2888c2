/**
 * A second district runs the same code with its own content, flows and profile: the fixture
 * district B (`test/fixtures/district-b`, Lindenau, Europe/Berlin, English by default). Its
 * answers name its own sources, its greeting and texts its own names, its dates are in its own
 * time zone, and its eligibility check ends in a lead for its own office.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createEngine } from '../../src/core/engine.js';
import { fixedKnowledge } from '../../src/knowledge/knowledgeBase.js';
import { startConversation } from '../helpers/conversation.js';
import { createDistrictTestApp, DISTRICT_B } from '../helpers/testApp.js';

/** District B's partners: its founders' office, with a webhook that is never called (no outbox worker runs; the secret is the test partners'). */
const PARTNERS_B = `
partners:
  - { id: lindenau-office, name: Lindenau founders' office, industries: [], fallback: true, ackWithinHours: 48, delivery: [{ type: webhook, url: 'http://127.0.0.1:9/never-called', secretEnv: TEST_IC_SECRET }] }
`;
/** 20:00 UTC on 1 March 2026: still 1 March in Berlin (21:00), already 2 March in the shipped district's zone. */
const EVENING_IN_BERLIN = '2026-03-01T20:00:00Z';
/** The shipped district's names, which must appear nowhere in district B's replies and pages. */
const SHIPPED_DISTRICT = /武进|Wujin|常州|Changzhou/;

let app: App | undefined;
afterEach(async () => {
  await app?.http.close();
  app = undefined;
});

async function districtB(now = EVENING_IN_BERLIN) {
  const bot = await createDistrictTestApp(DISTRICT_B, PARTNERS_B, now);
  app = bot.app;
  return bot;
}

describe('a second district on the same code', () => {
  it("the engine answers from district B's content and names its source", async () => {
    const bot = await districtB();
    const engine = createEngine({ clock: bot.clock, store: bot.store, knowledge: fixedKnowledge(bot.knowledge), profile: bot.profile, flows: bot.flows });
    const [en] = await engine.handle({ channel: 'test', userId: 'b1', messageId: 'm1', text: 'Is there a grant for moving my start-up to Lindenau?' });
    expect(en).toMatchObject({ fallback: false, language: 'en' });
    expect(en!.sources[0]).toMatchObject({ id: 'relocation-grant.en', topic: 'relocation_grant', publisher: 'Lindenau founders office', asOf: '2026-01-15' });
    expect(en!.buttons.map((b) => b.action)).toContain('flow:start:eligibility');
    const [zh] = await engine.handle({ channel: 'test', userId: 'b2', messageId: 'm2', text: '搬到林登瑙有补助吗？' });
    expect(zh!.sources[0]).toMatchObject({ id: 'relocation-grant.zh', publisher: '林登瑙区创业服务处' });
    const [unknown] = await engine.handle({ channel: 'test', userId: 'b3', messageId: 'm3', text: 'How much is the home-purchase subsidy?' });
    expect(unknown!.fallback).toBe(true);
    // A first message that shows no language (a button) gets the profile's default language.
    const [menu] = await engine.handle({ channel: 'test', userId: 'b4', messageId: 'm4', action: 'menu' });
    expect(menu).toMatchObject({ language: 'en' });
    expect(menu!.text).toContain("Welcome! I am the Lindenau District founders' assistant.");
  });

  it("greets with district B's wording in its default language, and offers only its own topics", async () => {
    await districtB();
    const c = startConversation(app!, 'b-greeting');
    const menu = await c.say('hello');
    expect(c.lastText()).toContain("Welcome! I am the Lindenau District founders' assistant.");
    expect(c.lastText()).toContain('Ask a question such as "Is there a grant for moving my start-up to Lindenau?"');
    const actions = menu.replies.flatMap((r) => r.buttons.map((b) => b.action));
    expect(actions).toEqual(expect.arrayContaining(['topic:calendar', 'topic:human_contact', 'flow:start:eligibility', 'lang:zh']));
    expect(actions).not.toContain('topic:talent_package');
    await c.press('lang:zh');
    expect(c.lastText()).toContain('您好！我是林登瑙区创业咨询助手');
    expect(c.lastText()).toContain('例如“搬到林登瑙有补助吗”');
    for (const text of [c.lastText(), JSON.stringify(menu)]) expect(text).not.toMatch(SHIPPED_DISTRICT);
  });

  it("counts days in district B's time zone", async () => {
    await districtB();
    const c = startConversation(app!, 'b-calendar');
    await c.say('When is the next event?');
    expect(c.lastText()).toContain('As of 2026-03-01');
    // The one-day event of 1 March is still today in Berlin.
    expect(c.lastText()).toContain('Lindenau Founders Day');
    expect(c.last().replies[0]!.sources[0]).toMatchObject({ id: 'calendar.en', publisher: 'Lindenau founders office' });
  });

  it("runs district B's eligibility check to a lead for its office, in its own words and time zone", async () => {
    const { store } = await districtB();
    const c = startConversation(app!, 'b-check');
    await c.say('check my eligibility');
    expect(c.lastText()).toContain("for Lindenau's founders' office to follow up");
    expect(c.lastText()).toContain('90 days');
    await c.press('answer:consent:accept');
    expect(c.lastText()).toContain('Which field is your company in?');
    await c.press('answer:industry:electronic_information');
    await c.say('yes');
    await c.say('Ada Lovelace');
    await c.say('ada@example.com');
    expect(c.lastText()).toContain('Please check');
    await c.press('flow:confirm');
    const done = c.lastText();
    expect(done).toContain("your company fits Lindenau's relocation grant");
    expect(done).toContain('You plan to move to Lindenau.');
    expect(done).toContain("Your details have been passed to Lindenau founders' office, who will confirm receipt within 48 hours");
    expect(done).toContain("if they do not, Lindenau's founders' office follows up");
    expect(done).not.toMatch(SHIPPED_DISTRICT);
    const [lead] = await store.leads.listLeads();
    expect(lead).toMatchObject({ outcome: 'qualified', partnerId: 'lindenau-office', language: 'en', flowId: 'eligibility' });

    // "My data" dates the application in Berlin: 1 March, not 2 March.
    await c.say('my data');
    expect(c.lastText()).toMatch(/\(2026-03-01\): first assessment "fits"/);
  });

  it("serves the chat page, its script and the widget with district B's titles and default language", async () => {
    await districtB();
    const page = await app!.http.inject({ url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>林登瑙区 · 创业咨询</title>');
    expect(page.body).toContain('placeholder="例如：搬到林登瑙有补助吗"');
    const chat = await app!.http.inject({ url: '/assets/chat.js' });
    expect(chat.body).toContain(`"en":"Lindenau District · Founders' assistant"`);
    expect(chat.body).toContain('"defaultLanguage":"en"');
    const widget = await app!.http.inject({ url: '/widget.js' });
    expect(widget.statusCode).toBe(200);
    expect(widget.body).toContain(`"en":"Lindenau founders' assistant"`);
    for (const body of [page.body, chat.body, widget.body]) expect(body).not.toMatch(SHIPPED_DISTRICT);
    // The page and the widget still work as scripts: the profile object parses.
    expect(() => new Function(widget.body)).not.toThrow();
    expect(() => new Function(chat.body)).not.toThrow();
  });
});
