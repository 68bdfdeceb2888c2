/**
 * The channel registry on its own, with small adapters written here (the interface is two
 * functions; the real adapters run through it in test/system/compositionRoot.test.ts).
 */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { ChannelAdapter } from '../../src/channels/channelAdapter.js';
import { createChannelRegistry } from '../../src/channels/channelRegistry.js';
import { WEB_CAPABILITIES } from '../../src/channels/web/createWebChannel.js';
import { recordingLogger } from '../leads/leadTestKit.js';

/** An adapter that writes what happens to it into `events`; `fail` makes its start or stop throw. */
function adapter(name: string, events: string[], fail?: 'start' | 'stop'): ChannelAdapter {
  return {
    name,
    capabilities: WEB_CAPABILITIES,
    routes: [{ method: 'GET', path: `/${name}` }],
    registerRoutes: (http) => void http.get(`/${name}`, async () => name),
    async start() {
      if (fail === 'start') throw new Error(`${name} cannot start`);
      events.push(`start ${name}`);
    },
    async stop() {
      events.push(`stop ${name}`);
      if (fail === 'stop') throw new Error(`${name} cannot stop`);
    },
  };
}

describe('createChannelRegistry', () => {
  it('registers routes and starts in registration order, stops in reverse', async () => {
    const events: string[] = [];
    const channels = createChannelRegistry();
    for (const name of ['a', 'b', 'c']) channels.register(adapter(name, events));
    const http = Fastify();
    channels.registerRoutes(http);
    expect((await http.inject({ url: '/b' })).body).toBe('b');
    await channels.start();
    await channels.stop();
    expect(events).toEqual(['start a', 'start b', 'start c', 'stop c', 'stop b', 'stop a']);
    // Stopped once: a second stop does nothing.
    await channels.stop();
    expect(events).toHaveLength(6);
    await http.close();
  });

  it('refuses a second channel of the same name', () => {
    const channels = createChannelRegistry();
    channels.register(adapter('a', []));
    expect(() => channels.register(adapter('a', []))).toThrow(/registered twice/);
  });

  it('a channel that cannot start stops those started before it, and the error is thrown', async () => {
    const events: string[] = [];
    const logger = recordingLogger();
    const channels = createChannelRegistry(logger);
    channels.register(adapter('a', events));
    channels.register(adapter('b', events));
    channels.register(adapter('c', events, 'start'));
    await expect(channels.start()).rejects.toThrow('c cannot start');
    expect(events).toEqual(['start a', 'start b', 'stop b', 'stop a']);
    expect(logger.entries.some((e) => e.level === 'error' && (e.fields as { channel?: string }).channel === 'c')).toBe(true);
  });

  it('a channel that cannot stop is logged, and the others still stop', async () => {
    const events: string[] = [];
    const logger = recordingLogger();
    const channels = createChannelRegistry(logger);
    channels.register(adapter('a', events));
    channels.register(adapter('b', events, 'stop'));
    await channels.start();
    await channels.stop();
    expect(events).toEqual(['start a', 'start b', 'stop b', 'stop a']);
    expect(logger.entries.filter((e) => e.level === 'error').map((e) => (e.fields as { channel?: string }).channel)).toEqual(['b']);
  });
});
