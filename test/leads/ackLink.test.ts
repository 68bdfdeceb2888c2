import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/shared/clock.js';
import { ACK_SECRET_KEY, createAckLink, resolveAckSecret } from '../../src/leads/ackLink.js';
import { createMemoryStore } from '../../src/store/memoryStore.js';

describe('acknowledgement link', () => {
  const link = createAckLink({ secret: 'a-secret-of-enough-length-0123456789', publicBaseUrl: 'https://talent.example.gov.cn/' });

  it('builds the CONTRACTS URL with a base64url HMAC of "<leadId>:<partnerId>"', () => {
    const url = new URL(link.url('lead-1', 'ic-partner'));
    expect(`${url.origin}${url.pathname}`).toBe('https://talent.example.gov.cn/leads/lead-1/ack');
    expect(url.searchParams.get('partner')).toBe('ic-partner');
    expect(url.searchParams.get('sig')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.verify('lead-1', 'ic-partner', url.searchParams.get('sig')!)).toBe(true);
  });

  it('refuses signatures of another lead, another partner, another secret, or of another length', () => {
    const sig = link.sign('lead-1', 'ic-partner');
    expect(link.verify('lead-2', 'ic-partner', sig)).toBe(false);
    expect(link.verify('lead-1', 'other', sig)).toBe(false);
    expect(createAckLink({ secret: 'another-secret-0123456789abcdef', publicBaseUrl: 'x' }).verify('lead-1', 'ic-partner', sig)).toBe(false);
    expect(link.verify('lead-1', 'ic-partner', sig.slice(0, -2))).toBe(false);
    expect(link.verify('lead-1', 'ic-partner', `${sig}AA`)).toBe(false);
    expect(link.verify('lead-1', 'ic-partner', '')).toBe(false);
    expect(link.verify('lead-1', 'ic-partner', sig.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))).toBe(false);
    expect(link.verify('lead-1', 'ic-partner', '%%%')).toBe(false);
    // The last character carries two unused bits: another spelling of the same bytes is refused too.
    const last = sig.at(-1)!;
    const sibling = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.charAt(('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(last) ^ 1));
    expect(Buffer.from(sig.slice(0, -1) + sibling, 'base64url').equals(Buffer.from(sig, 'base64url'))).toBe(true);
    expect(link.verify('lead-1', 'ic-partner', sig.slice(0, -1) + sibling)).toBe(false);
  });

  it('uses the configured secret, else generates one once and keeps it in the store', async () => {
    const store = createMemoryStore(createManualClock(0));
    expect(await resolveAckSecret(store.state, 'configured-secret')).toBe('configured-secret');
    expect(await store.state.get(ACK_SECRET_KEY)).toBeUndefined();
    const first = await resolveAckSecret(store.state, undefined);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await resolveAckSecret(store.state, undefined)).toBe(first);
  });
});
