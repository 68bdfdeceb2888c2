/**
 * {@link createRedisSignal}: a small pub/sub helper on the store's prefix, channel
 * `<prefix>signal:<channel>`, for messages between the bot's processes.
 */
import type { Redis } from 'ioredis';
import { closeRedis, connectRedis, DEFAULT_REDIS_PREFIX, guard } from './connection.js';

/** Options for {@link createRedisSignal}. */
export interface RedisSignalOptions {
  /** Where Redis listens. Not used when `redis` is given. */
  url: string;
  /** Put in front of every channel, as `<prefix>signal:<channel>`. Default `talentbot:`; use the store's. */
  prefix?: string;
  /** A client to publish with instead of connecting to `url` (subscriptions use a duplicate of it). `close()` quits it. */
  redis?: Redis;
  /** Called when a subscriber's handler throws. Default: the error is dropped. */
  onError?: (error: unknown, channel: string) => void;
}

/** Messages between the bot's processes, e.g. "content changed: reload". At most once, only to processes listening now. */
export interface RedisSignal {
  /** Sends `message` to every process subscribed to `channel`; resolves with how many connections received it. */
  publish(channel: string, message: string): Promise<number>;
  /**
   * Calls `handler` with every message published to `channel` from now on (ioredis
   * re-subscribes after a reconnection; messages sent while disconnected are lost).
   * Resolves once the subscription is active, with a function that ends it.
   */
  subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>>;
  /** Closes both connections. */
  close(): Promise<void>;
}

/**
 * Pub/sub on the store's prefix: one connection publishes, a second one (opened at the
 * first `subscribe`) listens, since a subscribed Redis connection can do nothing else.
 *
 * @param options - the URL, prefix and error callback; see {@link RedisSignalOptions}
 */
export function createRedisSignal(options: RedisSignalOptions): RedisSignal {
  const prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
  const onError = options.onError ?? (() => undefined);
  const publisher = options.redis ?? connectRedis(options.url);
  const channelOf = (channel: string) => `${prefix}signal:${channel}`;
  const handlers = new Map<string, Set<(message: string) => void>>();
  const subscribing = new Map<string, Promise<unknown>>();
  let subscriber: Redis | undefined;

  const listen = (): Redis => {
    if (subscriber) return subscriber;
    const connection = options.redis ? options.redis.duplicate() : connectRedis(options.url);
    connection.on('error', () => undefined);
    connection.on('message', (fullChannel: string, message: string) => {
      for (const handler of handlers.get(fullChannel) ?? []) {
        try {
          handler(message);
        } catch (error) {
          onError(error, fullChannel.slice(prefix.length + 'signal:'.length));
        }
      }
    });
    subscriber = connection;
    return connection;
  };

  return {
    async publish(channel, message) {
      return guard('publish', publisher.publish(channelOf(channel), message));
    },

    async subscribe(channel, handler) {
      const full = channelOf(channel);
      const connection = listen();
      let set = handlers.get(full);
      if (!set) {
        set = new Set();
        handlers.set(full, set);
        subscribing.set(full, guard('subscribe', connection.subscribe(full)));
      }
      set.add(handler);
      try {
        await subscribing.get(full);
      } catch (error) {
        set.delete(handler);
        if (set.size === 0 && handlers.get(full) === set) {
          handlers.delete(full);
          subscribing.delete(full);
        }
        throw error;
      }
      return async () => {
        if (!set.delete(handler) || set.size > 0 || handlers.get(full) !== set) return;
        handlers.delete(full);
        subscribing.delete(full);
        await guard('unsubscribe', connection.unsubscribe(full));
      };
    },

    async close() {
      await Promise.all([closeRedis(publisher), subscriber ? closeRedis(subscriber) : undefined]);
    },
  };
}
