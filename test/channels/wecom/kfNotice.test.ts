/**
 * A text the bot owes a 微信客服 customer unasked (a calendar notification) goes out only
 * inside the platform's window: after the customer wrote within 48 hours and while one of the
 * five messages that allows is left; otherwise it waits (false). Against the fake WeCom.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createWecomBed, kfCustomer, shownText, type WecomBed } from './wecomTestKit.js';

let bed: WecomBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

describe('微信客服 notices', () => {
  it('are sent inside the 48-hour window and the five-message allowance, and wait otherwise', async () => {
    bed = await createWecomBed();
    const sent = () => bed!.wecom.callsTo('kf/send_msg').filter((c) => c.body.touser === 'wmCustomer1').map(shownText);
    expect(await bed.channel.sendKfNotice('wmCustomer1', '📅 news')).toBe(false);
    expect(sent()).toEqual([]);

    const customer = kfCustomer(bed, 'wmCustomer1');
    await customer.says('你好');
    const afterTurn = sent().length;
    expect(await bed.channel.sendKfNotice('wmCustomer1', '📅 news')).toBe(true);
    expect(sent().slice(afterTurn)).toEqual(['📅 news']);
    // The allowance of five messages per customer message runs out.
    let more = 0;
    while (await bed.channel.sendKfNotice('wmCustomer1', `📅 more ${more}`)) more += 1;
    expect(sent().length).toBe(5);
    expect(await bed.channel.sendKfNotice('wmSomeoneElse', '📅 news')).toBe(false);

    // A new message opens the window again; 48 hours later it is closed.
    await customer.says('谢谢');
    expect(await bed.channel.sendKfNotice('wmCustomer1', '📅 again')).toBe(true);
    bed.clock.advance(48 * 3600_000 + 1);
    expect(await bed.channel.sendKfNotice('wmCustomer1', '📅 late')).toBe(false);
    expect(sent()).not.toContain('📅 late');
  });
});
