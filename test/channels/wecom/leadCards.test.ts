/**
 * Partners act on leads from WeCom: a `wecom_app` partner's members get the lead from the
 * self-built app as a button card (through the real outbox worker and the real WeCom channel,
 * against the fake WeCom); a member's press arrives as a signed, encrypted
 * `template_card_event` (made with @wecom/crypto) and acknowledges the lead or records its
 * status — only for the lead's own partner — and the card is updated for everyone who got it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAckLink } from '../../../src/leads/ackLink.js';
import { createLeadService } from '../../../src/leads/createLeadService.js';
import { createOutboxWorker } from '../../../src/leads/createOutboxWorker.js';
import type { AppLeadCard } from '../../../src/leads/deliveries/formatAppLeadCard.js';
import { readLead } from '../../../src/leads/readLead.js';
import { partnersFrom, realFetch, submission } from '../../leads/leadTestKit.js';
import { createWecomBed, templateCardEventXml, type WecomBed } from './wecomTestKit.js';

const PARTNERS = partnersFrom(`
partners:
  - id: office
    name: 人才办
    fallback: true
    delivery: [{ type: wecom_app, users: [office1] }]
  - id: ic-partner
    name: 集成电路引才合伙人
    industries: [integrated_circuits]
    delivery: [{ type: wecom_app, users: [zhangsan, lisi] }]
  - id: energy-a
    name: 新能源合伙人
    industries: [new_energy]
    delivery: [{ type: wecom_app, users: [wangwu] }]
`);

let bed: WecomBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

async function setup() {
  const ackLink = createAckLink({ secret: 'test-ack-secret', publicBaseUrl: 'https://talent.example.gov.cn' });
  bed = await createWecomBed({ leadCards: { partners: PARTNERS, ackLink } });
  const b = bed;
  const service = createLeadService({ store: b.store, clock: b.clock, partners: PARTNERS });
  const worker = createOutboxWorker({ store: b.store, clock: b.clock, fetch: realFetch, partners: PARTNERS, ackLink, timeoutMs: 1000, random: () => 0, wecomApp: b.channel.leadCards! });
  const lead = async (id: string) => readLead(await b.store.leads.getLead(id))!;
  /** A member presses a button of the card, as WeCom reports it to the callback URL. */
  const press = async (taskId: string, action: string, user: string, leadId: string) => {
    const eventKey = `lead:${leadId}:${action}`;
    const { responseCode } = b.wecom.pressCardButton({ taskId, key: eventKey, user });
    b.clock.advance(1000);
    const response = await b.post(templateCardEventXml({ from: user, createTime: b.nowSec(), eventKey, taskId, responseCode }));
    expect(response.statusCode).toBe(200);
    await b.channel.idle();
  };
  return { b, ackLink, service, worker, lead, press };
}

describe('lead cards in the WeCom app', () => {
  it('delivers the lead to the partner\'s members as a button card that opens the lead page, contact masked', async () => {
    const { b, ackLink, service, worker } = await setup();
    const { lead } = await service.submit(submission({ contact: { name: '王芳', phone: '13912345678' } }));
    await worker.runOnce();

    const sends = b.wecom.acceptedCalls('message/send');
    expect(sends).toHaveLength(1);
    expect(sends[0]!.body).toMatchObject({ msgtype: 'template_card', touser: 'zhangsan|lisi', agentid: 1000002 });
    const [taskId, task] = [...b.wecom.appCards][0]!;
    const card = task.card as unknown as AppLeadCard;
    expect(card.card_action.url).toBe(ackLink.url(lead.id, 'ic-partner'));
    expect(card.button_list.map((x) => x.text)).toEqual(['确认接收', '已联系', '洽谈中', '已落地', '不合适']);
    expect(card.horizontal_content_list).toContainEqual({ keyname: '电话', value: '139****5678' });
    expect(JSON.stringify(card)).not.toContain('13912345678');
    expect(taskId).toMatch(/^lead-[A-Za-z0-9_@-]+$/);
    expect((await b.store.leads.listDeliveries(lead.id))[0]).toMatchObject({ status: 'delivered' });
  });

  it('a member acknowledges, another records "contacted", then "declined" closes the card; each press updates the card for everyone', async () => {
    const { b, service, worker, lead, press } = await setup();
    const { lead: created } = await service.submit(submission());
    await worker.runOnce();
    const [taskId] = [...b.wecom.appCards.keys()];
    const card = () => b.wecom.appCards.get(taskId!)!.card as unknown as AppLeadCard;

    await press(taskId!, 'ack', 'zhangsan', created.id);
    expect(await lead(created.id)).toMatchObject({ status: 'acknowledged' });
    expect((await lead(created.id)).history.at(-1)).toMatchObject({ event: 'acknowledged', partnerId: 'ic-partner', detail: 'via wecom' });
    expect(card().horizontal_content_list[0]).toEqual({ keyname: '状态', value: '已确认接收（zhangsan）' });
    expect(b.wecom.acceptedCalls('message/update_template_card').at(-1)!.body).toMatchObject({ atall: 1, agentid: 1000002 });

    await press(taskId!, 'contacted', 'lisi', created.id);
    expect(await lead(created.id)).toMatchObject({ status: 'contacted' });
    expect(card().horizontal_content_list[0]).toEqual({ keyname: '状态', value: '已联系（lisi）' });
    expect(card().replace_text).toBeUndefined();

    await press(taskId!, 'declined', 'zhangsan', created.id);
    expect(await lead(created.id)).toMatchObject({ status: 'declined' });
    expect(card().replace_text).toBe('不合适');
    // The greyed-out card takes no more presses.
    expect(() => b.wecom.pressCardButton({ taskId: taskId!, key: `lead:${created.id}:landed`, user: 'lisi' })).toThrow(/no button/);
    expect(b.wecom.acceptedCalls('message/update_template_card')).toHaveLength(3);
    const statuses = (await lead(created.id)).history.filter((h) => h.event.startsWith('status:')).map((h) => h.event);
    expect(statuses).toEqual(['status:contacted', 'status:declined']);
  });

  it('a press by a member of another partner changes nothing and leaves the card alone', async () => {
    const { b, service, worker, lead } = await setup();
    const { lead: created } = await service.submit(submission());
    await worker.runOnce();
    const [taskId] = [...b.wecom.appCards.keys()];
    // wangwu (energy-a) never got this card; a press in his name, however it came, is not the lead's partner's.
    const response = await b.post(templateCardEventXml({ from: 'wangwu', createTime: b.nowSec(), eventKey: `lead:${created.id}:landed`, taskId: taskId!, responseCode: 'RESPONSE_CODE_forged' }));
    expect(response.statusCode).toBe(200);
    await b.channel.idle();
    expect(await lead(created.id)).toMatchObject({ status: 'delivered' });
    expect(b.wecom.callsTo('message/update_template_card')).toHaveLength(0);
    expect(b.logger.entries.some((e) => e.level === 'warn' && e.message?.includes('not a wecom_app user of the lead\'s partner'))).toBe(true);
  });

  it('an escalated lead reaches the office\'s members as a card too, and their press counts for the office', async () => {
    const { b, service, worker, lead, press } = await setup();
    const { lead: created } = await service.submit(submission());
    await worker.runOnce();
    b.clock.advance(24 * 3600_000);
    await worker.runOnce(); // not acknowledged in time: reminder
    await worker.runOnce();
    b.clock.advance(24 * 3600_000);
    await worker.runOnce(); // still not: escalated to the office
    await worker.runOnce();
    const officeTask = [...b.wecom.appCards].find(([, task]) => task.recipients.includes('office1'));
    expect(officeTask).toBeDefined();
    const [taskId, task] = officeTask!;
    expect((task.card as unknown as AppLeadCard).main_title.title).toContain('逾期转办');
    await press(taskId, 'contacted', 'office1', created.id);
    expect(await lead(created.id)).toMatchObject({ status: 'contacted', escalatedTo: 'office' });
    expect((await lead(created.id)).history.at(-1)).toMatchObject({ event: 'status:contacted', partnerId: 'office' });
  });

  it('without the WeCom channel a wecom_app delivery fails every attempt saying so', async () => {
    const { b, service } = await setup();
    const worker = createOutboxWorker({ store: b.store, clock: b.clock, fetch: realFetch, partners: PARTNERS, ackLink: createAckLink({ secret: 's', publicBaseUrl: 'http://localhost' }), timeoutMs: 1000, random: () => 0 });
    const { lead } = await service.submit(submission());
    await worker.runOnce();
    const [item] = await b.store.leads.listDeliveries(lead.id);
    expect(item).toMatchObject({ status: 'pending', attempts: 1 });
    expect(item!.lastError).toContain('the WeCom channels are off');
    expect(b.wecom.callsTo('message/send')).toHaveLength(0);
  });

  it('a card sent again with the same task id (a retry after a lost answer) is not sent twice', async () => {
    const { b, service, worker } = await setup();
    await service.submit(submission());
    await worker.runOnce();
    const [, task] = [...b.wecom.appCards][0]!;
    await b.channel.leadCards!.sendCard(['zhangsan', 'lisi'], task.card as unknown as AppLeadCard);
    expect(b.wecom.callsTo('message/send').map((c) => c.body.msgtype)).toEqual(['template_card', 'template_card']);
    expect(b.wecom.appCards.size).toBe(1);
  });

  it('81013 (no member may receive it) is dead at once and the office is alerted; a busy WeCom (-1) is retried', async () => {
    const { b, service, worker } = await setup();
    b.wecom.failNext('message/send', -1, { errmsg: 'system busy' });
    const { lead } = await service.submit(submission());
    await worker.runOnce();
    expect((await b.store.leads.listDeliveries(lead.id))[0]).toMatchObject({ status: 'pending', attempts: 1 });
    b.wecom.failNext('message/send', 81013, { errmsg: 'user & party & tag all invalid' });
    b.clock.advance(3_600_000);
    await worker.runOnce();
    await worker.runOnce();
    const items = await b.store.leads.listDeliveries(lead.id);
    expect(items.find((i) => i.partnerId === 'ic-partner' && i.kind === 'send')).toMatchObject({ status: 'dead', attempts: 2 });
    const alert = b.wecom.acceptedCalls('message/send').find((c) => c.body.touser === 'office1')!.body;
    expect(alert.msgtype).toBe('markdown');
    expect((alert.markdown as { content: string }).content).toContain('81013');
  });

  it('an erasure reaches the members as markdown, with nothing to press', async () => {
    const { b, service, worker } = await setup();
    const { lead } = await service.submit(submission());
    await worker.runOnce();
    await service.erase([lead.id]);
    await worker.runOnce();
    const last = b.wecom.acceptedCalls('message/send').at(-1)!.body;
    expect(last).toMatchObject({ msgtype: 'markdown', touser: 'zhangsan|lisi' });
    expect((last.markdown as { content: string }).content).toContain('【线索已删除】');
  });
});
