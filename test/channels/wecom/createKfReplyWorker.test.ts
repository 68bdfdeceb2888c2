/**
 * The 微信客服 outbox worker on the in-process store with a manual clock: retries with
 * backoff until the last attempt, gives up at once on a permanent error, honours a
 * platform's retry-after, resumes from saved progress, drops the result of an attempt whose
 * lease another worker took, and purges finished items after they are kept long enough.
 */
import { describe, expect, it } from 'vitest';
import { createKfReplyWorker, type KfWork } from '../../../src/channels/wecom/createKfReplyWorker.js';
import { KF_QUEUED_ITEM_VERSION, kfConversation, type KfQueuedItem } from '../../../src/channels/wecom/kfQueuedItem.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { PlatformError } from '../../../src/shared/errors.js';
import { createMemoryStore } from '../../../src/store/memoryStore.js';
import { recordingLogger } from '../../leads/leadTestKit.js';

const T0 = Date.parse('2026-03-01T01:00:00Z');

function setUp(work: KfWork, options: { maxAttempts?: number } = {}) {
  const clock = createManualClock(T0);
  const store = createMemoryStore(clock);
  const logger = recordingLogger();
  const worker = createKfReplyWorker({ store, clock, logger, work, random: () => 0.999, owner: 'w1', retryBaseMs: 1000, retryCapMs: 60_000, ...options });
  const item = (id: string): KfQueuedItem => ({
    id,
    conversation: kfConversation('wk1', 'wm1'),
    status: 'pending',
    dueAt: T0,
    attempts: 0,
    createdAt: T0,
    v: KF_QUEUED_ITEM_VERSION,
    kind: 'message',
    openKfId: 'wk1',
    user: 'wm1',
    message: { msgid: id, send_time: T0 / 1000, origin: 3, msgtype: 'text', text: { content: 'hi' } },
    done: 0,
  });
  return { clock, store, logger, worker, item };
}

describe('createKfReplyWorker', () => {
  it('retries with growing delays and gives up after the last attempt', async () => {
    let calls = 0;
    const { clock, store, logger, worker, item } = setUp(
      async () => {
        calls += 1;
        throw new PlatformError('wecom', 'kf/send_msg', -1, 'system busy');
      },
      { maxAttempts: 3 },
    );
    await store.replies.enqueue(item('a'));
    expect(await worker.drain()).toBe(1);
    expect(await store.replies.get('a')).toMatchObject({ status: 'pending', attempts: 1, dueAt: T0 + 999 });
    clock.advance(999);
    await worker.drain();
    expect(await store.replies.get('a')).toMatchObject({ status: 'pending', attempts: 2, dueAt: T0 + 999 + 1998 });
    clock.advance(1998);
    await worker.drain();
    expect(await store.replies.get('a')).toMatchObject({ status: 'dead', attempts: 3, lastError: expect.stringContaining('system busy') });
    expect(calls).toBe(3);
    expect(logger.entries.some((e) => e.level === 'error' && (e.message ?? '').includes('after the last attempt'))).toBe(true);
  });

  it('gives up at once on a permanent error, and waits at least as long as the platform asks', async () => {
    const errors = [new PlatformError('wecom', 'kf/send_msg', 429, 'slow down', 30), new PlatformError('wecom', 'kf/send_msg', 95001, 'quota')];
    const { clock, store, worker, item } = setUp(async () => {
      throw errors.shift();
    });
    await store.replies.enqueue(item('b'));
    await worker.drain();
    expect(await store.replies.get('b')).toMatchObject({ status: 'pending', dueAt: T0 + 30_000 });
    clock.advance(30_000);
    await worker.drain();
    expect(await store.replies.get('b')).toMatchObject({ status: 'dead', attempts: 2 });
  });

  it('resumes from saved progress, and is done only when the work returns', async () => {
    const seen: number[] = [];
    let failOnce = true;
    const { clock, store, worker, item } = setUp(async (current, save) => {
      if (current.kind !== 'message') return;
      seen.push(current.done);
      for (let done = current.done; done < 3; done += 1) {
        if (done === 1 && failOnce) {
          failOnce = false;
          throw new Error('network hiccup');
        }
        await save({ ...current, done: done + 1 });
      }
    });
    await store.replies.enqueue(item('c'));
    await worker.drain();
    expect(await store.replies.get('c')).toMatchObject({ status: 'pending', done: 1 });
    clock.advance(60_000);
    await worker.drain();
    expect(seen).toEqual([0, 1]);
    const done = await store.replies.get('c');
    expect(done).toMatchObject({ status: 'done', done: 3, attempts: 2 });
    expect(done?.leaseOwner).toBeUndefined();
  });

  it('drops the result of an attempt whose item another worker took over', async () => {
    const { clock, store, logger, worker, item } = setUp(async (current, save) => {
      clock.advance(61_000);
      await store.replies.claimDue({ now: clock.now(), limit: 1, leaseMs: 60_000, owner: 'w2' });
      await save(current);
    });
    await store.replies.enqueue(item('d'));
    await worker.drain();
    expect(await store.replies.get('d')).toMatchObject({ status: 'pending', leaseOwner: 'w2' });
    expect(logger.entries.some((e) => e.level === 'warn' && (e.message ?? '').includes('took this reply over'))).toBe(true);
  });

  it('purges finished items once they have been kept four days', async () => {
    const { clock, store, worker, item } = setUp(async () => {});
    await store.replies.enqueue(item('e'));
    await worker.drain();
    expect(await store.replies.get('e')).toMatchObject({ status: 'done' });
    clock.advance(4 * 24 * 3600_000 + 1);
    await worker.runOnce();
    expect(await store.replies.get('e')).toBeUndefined();
  });
});
