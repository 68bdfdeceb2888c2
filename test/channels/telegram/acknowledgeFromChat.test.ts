import { describe, expect, it } from 'vitest';
import { acknowledgeFromChat } from '../../../src/channels/telegram/acknowledgeFromChat.js';
import { TELEGRAM_TEXTS } from '../../../src/channels/telegram/telegramTexts.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { createLeadService } from '../../../src/leads/createLeadService.js';
import { ackCallbackData, parseAckCallbackData } from '../../../src/leads/deliveries/sendTelegramMessage.js';
import type { LeadSubmission } from '../../../src/leads/leadService.js';
import { parsePartners } from '../../../src/leads/partners.js';
import { readLead } from '../../../src/leads/readLead.js';
import { createMemoryStore } from '../../../src/store/memoryStore.js';

const partners = parsePartners(
  `
partners:
  - { id: ic-partner, name: IC, industries: [integrated_circuits], delivery: [{ type: telegram, chatId: -100111 }] }
  - { id: office, name: Office, fallback: true, delivery: [{ type: telegram, chatId: '@Wujin_Office' }] }
`,
  'partners.yaml',
  {},
);

const submission: LeadSubmission = {
  channel: 'telegram',
  userId: '1',
  language: 'zh',
  flowId: 'eligibility',
  answers: { industry: 'integrated_circuits' },
  contact: { name: '王芳', phone: '13800138000' },
  outcome: 'qualified',
  reasons: [],
  consent: { noticeVersion: '1', at: 0 },
};

async function setup() {
  const clock = createManualClock('2026-03-01T00:00:00Z');
  const store = createMemoryStore(clock);
  const { lead } = await createLeadService({ store, clock, partners }).submit(submission);
  return { clock, store, lead, deps: { store, clock, partners } };
}

describe('the acknowledge button in a partner chat', () => {
  it('acknowledges for the partner whose chat it is, once', async () => {
    const t = await setup();
    expect(await acknowledgeFromChat(t.lead.id, { id: -100111 }, t.deps)).toEqual({ text: TELEGRAM_TEXTS.ackDone, removeButton: true });
    const lead = readLead((await t.store.leads.getLead(t.lead.id))!);
    expect(lead).toMatchObject({ status: 'acknowledged', acknowledgedAt: t.clock.now() });
    expect(await acknowledgeFromChat(t.lead.id, { id: -100111 }, t.deps)).toEqual({ text: TELEGRAM_TEXTS.ackAlready, removeButton: true });
  });

  it('refuses other chats, including the fallback partner before the lead is escalated to it', async () => {
    const t = await setup();
    expect(await acknowledgeFromChat(t.lead.id, { id: -100222 }, t.deps)).toEqual({ text: TELEGRAM_TEXTS.ackWrongChat, removeButton: false });
    expect(await acknowledgeFromChat(t.lead.id, { id: -100333, username: 'wujin_office' }, t.deps)).toMatchObject({ text: TELEGRAM_TEXTS.ackWrongChat });
    expect(readLead((await t.store.leads.getLead(t.lead.id))!).acknowledgedAt).toBeUndefined();
  });

  it('accepts the partner the lead was escalated to, by its public chat name', async () => {
    const t = await setup();
    await t.store.leads.updateLead(t.lead.id, (current) => ({ lead: { ...current, escalatedTo: 'office' } }));
    expect(await acknowledgeFromChat(t.lead.id, { id: -100333, username: 'wujin_office' }, t.deps)).toMatchObject({ text: TELEGRAM_TEXTS.ackDone });
    expect(readLead((await t.store.leads.getLead(t.lead.id))!).history.at(-1)).toMatchObject({ event: 'acknowledged', partnerId: 'office', detail: 'via telegram' });
  });

  it('says so when the lead is gone', async () => {
    const t = await setup();
    expect(await acknowledgeFromChat('00000000-0000-4000-8000-000000000000', { id: -100111 }, t.deps)).toEqual({ text: TELEGRAM_TEXTS.ackGone, removeButton: true });
  });

  it('reads and writes the callback data of the button within 64 bytes', () => {
    expect(ackCallbackData('0f6b7a2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b')).toBe('ack:0f6b7a2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b');
    expect(ackCallbackData('x'.repeat(61))).toBeUndefined();
    expect(parseAckCallbackData('ack:abc')).toBe('abc');
    expect([parseAckCallbackData('ack:'), parseAckCallbackData('menu'), parseAckCallbackData(undefined)]).toEqual([undefined, undefined, undefined]);
  });
});
