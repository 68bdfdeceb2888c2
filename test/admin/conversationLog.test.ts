/**
 * The conversation logs through the real app and engine: nothing is logged before the welcome's
 * notice was shown; afterwards each turn is stored anonymised (the inbox's rules, and the
 * name and contact given in a check wherever they appear) with the entry, confidence,
 * fallback and a later rating; the console's search filters it; old turns are pruned and
 * hidden; "forget me" deletes the conversation. Real in-process store, manual clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAnswerFeedbackRecorder } from '../../src/admin/feedback/answerFeedbackLog.js';
import { createConversationLogRecorder, readLogRecord, type LogRecord } from '../../src/admin/logs/conversationLog.js';
import { readLogFilter, searchLogs } from '../../src/admin/logs/searchLogs.js';
import type { App } from '../../src/app.js';
import { buildWebApp } from '../helpers/webApp.js';
import { createManualClock } from '../../src/shared/clock.js';
import { ENGINE_TEXTS } from '../../src/core/texts.js';
import { fixedKnowledge } from '../../src/knowledge/knowledgeBase.js';
import { createMemoryStore } from '../../src/store/memoryStore.js';
import type { Store } from '../../src/store/contract.js';
import { startConversation } from '../helpers/conversation.js';
import { createTestLeadService, shippedFlows, shippedKnowledgeBase, shippedProfile, TEST_NOW } from '../helpers/testApp.js';

const DAY = 24 * 3600_000;
const NAME = '欧阳锋锐';
const PHONE = '13987654321';

let app: App | undefined;
afterEach(async () => {
  await app?.http.close();
  app = undefined;
});

async function setUp(retentionDays = 30) {
  const clock = createManualClock(TEST_NOW);
  const store = createMemoryStore(clock);
  const conversationLog = createConversationLogRecorder(store, clock, { retentionMs: retentionDays * DAY });
  app = buildWebApp({
    clock,
    store,
    knowledge: fixedKnowledge(await shippedKnowledgeBase()),
    profile: await shippedProfile(),
    flows: await shippedFlows(),
    leads: createTestLeadService({ store, clock }),
    feedback: createAnswerFeedbackRecorder(store, clock),
    conversationLog,
    promptValues: { unqualifiedRetentionDays: 90 },
  });
  return { clock, store, app, retentionMs: retentionDays * DAY, log: conversationLog };
}

async function logged(store: Store): Promise<LogRecord[]> {
  return (await store.logs.query({ limit: 1000 })).map((t) => readLogRecord(t)!).reverse();
}

describe('conversation logs', () => {
  it('log nothing before the notice, then anonymised turns with entry, confidence, fallback and rating', async () => {
    const { store, app } = await setUp();
    const c = startConversation(app, 'web-log-user-0001');
    await c.say('人才公寓怎么申请');
    expect(await logged(store)).toEqual([]);
    await c.say('菜单');
    expect(c.lastText()).toContain(ENGINE_TEXTS.zh.logNotice(30));
    // The turn that showed the notice came before it: not logged either.
    expect(await logged(store)).toEqual([]);

    await c.say(`买房有补贴吗？我的电话${PHONE}`);
    await c.say('火星上的人才有没有补贴');
    const rated = await app.http.inject({ method: 'POST', url: '/api/feedback', payload: { user: 'web-log-user-0001', entryId: 'housing-subsidy.zh', rating: 'down' } });
    expect(rated.json()).toEqual({ recorded: true });

    const [housing, mars] = await logged(store);
    expect(housing).toMatchObject({ asked: '买房有补贴吗？我的电话[phone]', askedKind: 'text', entryId: 'housing-subsidy.zh', topic: 'housing_subsidy', fallback: false, rating: 'down', channel: 'web', language: 'zh' });
    expect(housing!.confidence).toBeGreaterThan(0.4);
    expect(housing!.replies[0]!.text).toContain('购房');
    expect(mars).toMatchObject({ asked: '火星上的人才有没有补贴', fallback: true });
    expect(mars!.rating).toBeUndefined();
    expect(JSON.stringify(await logged(store))).not.toContain(PHONE);
    expect(JSON.stringify(await logged(store))).not.toContain('web-log-user-0001');
  });

  it('keep the name and contact given in a check out of the logs, and forget the conversation on request', async () => {
    const { store, app } = await setUp();
    const c = startConversation(app, 'web-log-user-0002');
    await c.say('菜单');
    await c.say('/apply');
    await c.press('answer:consent:accept');
    for (const step of ['answer:industry:integrated_circuits', '博士', 'answer:role:founder', 'answer:stage:prototype', 'answer:core_tech:patents', '5', '有', 'answer:intention:within_1y', '明年', 'answer:event:any', NAME, PHONE]) {
      await (step.startsWith('answer:') ? c.press(step) : c.say(step));
    }
    expect(c.lastText()).toContain(NAME);
    const turns = await logged(store);
    const all = JSON.stringify(turns);
    expect(all).not.toContain(NAME);
    expect(all).not.toContain(PHONE);
    expect(turns.filter((t) => t.askedKind === 'personal').length).toBeGreaterThanOrEqual(2);
    // The summary is logged, with the answers in it replaced.
    expect(turns.at(-1)!.replies.map((r) => r.text).join('\n')).toContain('[answer]');
    // A press is logged by the label of the button the previous turn offered.
    expect(turns.find((t) => t.action === 'answer:consent:accept')).toMatchObject({ askedKind: 'action', asked: '同意并继续' });
    expect(turns.find((t) => t.action === 'answer:industry:integrated_circuits')!.asked).toBe('集成电路');

    // Another conversation mentions the name without a cue; forget me deletes it too.
    const other = startConversation(app, 'web-log-user-0003');
    await other.say('菜单');
    await other.say(`请转告${NAME}，人才公寓怎么申请`);
    expect(JSON.stringify(await logged(store))).toContain(NAME);

    await c.press('flow:confirm');
    // "My data" shows the lead's name and phone; the logs must not keep them.
    await c.say('我的信息');
    expect(c.lastText()).toContain(NAME);
    expect(c.lastText()).toContain(PHONE);
    const mine = JSON.stringify((await logged(store)).filter((t) => t.conversation === turns[0]!.conversation));
    expect(mine).not.toContain(NAME);
    expect(mine).not.toContain(PHONE);
    await c.say('删除我的信息');
    await c.press('privacy:erase');
    expect(c.lastText()).toContain('已删除');
    expect(await logged(store)).toEqual([]);
  });

  it('are searched by date, channel, topic, fallback, rating and text, and hide and prune what is older than the retention', async () => {
    const { clock, store, app, retentionMs, log } = await setUp(7);
    const c = startConversation(app, 'web-log-user-0004');
    await c.say('菜单');
    expect(c.lastText()).toContain(ENGINE_TEXTS.zh.logNotice(7));
    await c.say('买房有补贴吗');
    clock.advance(DAY);
    await c.say('火星上的人才有没有补贴');
    await c.say('人才公寓怎么申请');
    const rated = await app.http.inject({ method: 'POST', url: '/api/feedback', payload: { user: 'web-log-user-0004', entryId: 'workspace-apartment.zh', rating: 'up' } });
    expect(rated.json()).toEqual({ recorded: true });
    const context = { now: clock.now(), retentionMs, timeZone: 'Asia/Shanghai' };
    const asked = async (query: Record<string, string>) => (await searchLogs(store, readLogFilter(query), context)).turns.map((t) => t.asked);
    expect(await asked({})).toEqual(['人才公寓怎么申请', '火星上的人才有没有补贴', '买房有补贴吗']);
    expect(await asked({ fallback: 'yes' })).toEqual(['火星上的人才有没有补贴']);
    expect(await asked({ fallback: 'no', rating: 'none' })).toEqual(['买房有补贴吗']);
    expect(await asked({ rating: 'up' })).toEqual(['人才公寓怎么申请']);
    expect(await asked({ topic: 'housing_subsidy' })).toEqual(['买房有补贴吗']);
    expect(await asked({ q: '火星' })).toEqual(['火星上的人才有没有补贴']);
    expect(await asked({ channel: 'telegram' })).toEqual([]);
    // TEST_NOW is 2026-03-01 09:00 in Shanghai; the day after is 03-02.
    expect(await asked({ from: '2026-03-02', to: '2026-03-02' })).toEqual(['人才公寓怎么申请', '火星上的人才有没有补贴']);
    expect(await asked({ to: '2026-03-01', rating: 'bogus' })).toEqual(['买房有补贴吗']);
    const page = await searchLogs(store, readLogFilter({}), { ...context, limit: 2 });
    expect(page.turns).toHaveLength(2);
    expect(await asked({ after: page.next! })).toEqual(['买房有补贴吗']);

    // Past the retention the first turn is hidden at once, and pruned at the next recording.
    clock.advance(retentionMs - DAY / 2);
    expect(await searchLogs(store, readLogFilter({}), { ...context, now: clock.now() }).then((p) => p.turns.length)).toBe(2);
    clock.advance(3600_000);
    await c.say('重点产业有哪些');
    expect((await logged(store)).map((t) => t.asked)).toEqual(['火星上的人才有没有补贴', '人才公寓怎么申请', '重点产业有哪些']);
    // Without traffic, the server's hourly prune removes what has aged out.
    clock.advance(DAY + 3600_000);
    expect(await log.prune()).toBe(2);
    expect((await logged(store)).map((t) => t.asked)).toEqual(['重点产业有哪些']);
  });
});
