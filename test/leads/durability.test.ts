/**
 * Leads survive a crash with the durable store: a worker that dies holding a delivery's
 * lease is replaced by a new process on the same file, which delivers the lead once, with
 * the same idempotency key; the acknowledgement secret survives too.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/shared/clock.js';
import { createAckLink, resolveAckSecret } from '../../src/leads/ackLink.js';
import { createLeadService } from '../../src/leads/createLeadService.js';
import { createOutboxWorker } from '../../src/leads/createOutboxWorker.js';
import { createSqliteStore } from '../../src/store/sqliteStore.js';
import { makeWebhookSecret, partnersFrom, realFetch, sendJson, startLocalServer, submission, type LocalServer } from './leadTestKit.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('leads with the SQLite store', () => {
  it('a delivery held by a crashed worker is delivered once by the next process, with the same webhook-id', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'talentbot-leads-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'talentbot.db');
    const secret = makeWebhookSecret();
    const ids: string[] = [];
    const receiver: LocalServer = await startLocalServer((request, response) => {
      new Webhook(secret).verify(request.body, request.headers as Record<string, string>);
      ids.push(String(request.headers['webhook-id']));
      sendJson(response, 204, {});
    });
    cleanups.push(() => receiver.close());
    const partners = partnersFrom(
      `
partners:
  - { id: office, name: Office, fallback: true }
  - id: ic-partner
    name: IC
    industries: [integrated_circuits]
    delivery: [{ type: webhook, url: "${receiver.url}/leads", secretEnv: IC_SECRET }]
`,
      { IC_SECRET: secret },
    );
    const clock = createManualClock(Date.now());

    // First process: saves the lead, then dies while holding the delivery's lease.
    const first = createSqliteStore({ file, clock });
    const secretBefore = await resolveAckSecret(first.state, undefined);
    const { lead } = await createLeadService({ store: first, clock, partners }).submit(submission());
    const [claimed] = await first.leads.claimDueDeliveries({ now: clock.now(), limit: 10, leaseMs: 60_000, owner: 'crashed-process' });
    expect(claimed).toBeDefined();
    await first.close();

    // Second process on the same file.
    const second = createSqliteStore({ file, clock });
    cleanups.push(() => second.close());
    expect(await resolveAckSecret(second.state, undefined)).toBe(secretBefore);
    const ackLink = createAckLink({ secret: secretBefore, publicBaseUrl: 'https://talent.example.gov.cn' });
    const worker = createOutboxWorker({ store: second, clock, fetch: realFetch, partners, ackLink, timeoutMs: 1000, owner: 'second-process' });
    expect(await worker.runOnce()).toBe(0); // the lease still runs
    clock.advance(60_001);
    expect(await worker.runOnce()).toBe(1);
    expect(await worker.runOnce()).toBe(0);
    expect(ids).toEqual([claimed!.id]);
    const [item] = await second.leads.listDeliveries(lead.id);
    expect(item).toMatchObject({ id: claimed!.id, status: 'delivered' });
    expect((await second.leads.getLead(lead.id))?.status).toBe('delivered');
  });
});
