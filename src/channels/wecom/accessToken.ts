/**
 * The WeCom access token, cached in the store so every instance of the bot uses the same
 * one (WeCom allows one valid token at a time per app, more or less: fetching a new one
 * does not revoke the old one, but each fetch counts against a daily quota).
 *
 * A token is refreshed a margin before it expires, by one refresher at a time: the one that
 * wins `setIfAbsent` on the refresh key. The others keep using the still-valid token, or
 * wait for the new one when there is none. In one process, concurrent callers share the
 * same refresh.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import { PlatformError } from '../../shared/errors.js';
import { silentLogger, type Logger } from '../../shared/logger.js';
import type { StateStore } from '../../store/contract.js';

/** A freshly fetched token. */
export interface FetchedToken {
  token: string;
  /** How long it is valid from now, in milliseconds. */
  expiresInMs: number;
}

/** What the token cache needs. */
export interface AccessTokenCacheOptions {
  store: StateStore;
  clock: Clock;
  /** Identifies the app, e.g. `<corpId>:<agentId>`: instances of the same app share the token. */
  appKey: string;
  /** Fetches a new token from WeCom (`gettoken`). */
  fetchToken: () => Promise<FetchedToken>;
  logger?: Logger;
  /** Refresh this long before the token expires, in milliseconds. Default 5 minutes. */
  refreshMarginMs?: number;
  /** How long a caller waits for another instance's refresh, in milliseconds. Default 15 s. */
  waitMs?: number;
  /** How often a waiting caller looks for the new token, in milliseconds. Default 50. */
  pollMs?: number;
}

/** The shared access token. */
export interface AccessTokenCache {
  /** A valid token: the cached one, or a new one when it is missing or about to expire. */
  get(): Promise<string>;
  /** Forgets `token` after WeCom refused it (40014, 42001); a newer token is kept. */
  invalidate(token: string): Promise<void>;
  /** Refreshes the cached token when it is within the margin of its expiry; does nothing when there is none. */
  refreshIfDue(): Promise<void>;
}

const cachedTokenSchema = z.object({ token: z.string().min(1), expiresAt: z.number() });
type CachedToken = z.infer<typeof cachedTokenSchema>;

/** The store key of the cached token of an app. */
export function accessTokenKey(appKey: string): string {
  return `wecom:access-token:${appKey}`;
}

/**
 * Creates the cache.
 *
 * @param options - see {@link AccessTokenCacheOptions}
 */
export function createAccessTokenCache(options: AccessTokenCacheOptions): AccessTokenCache {
  const logger = options.logger ?? silentLogger;
  const marginMs = options.refreshMarginMs ?? 5 * 60_000;
  const waitMs = options.waitMs ?? 15_000;
  const pollMs = options.pollMs ?? 50;
  const tokenKey = accessTokenKey(options.appKey);
  const refreshKey = `${tokenKey}:refreshing`;
  const owner = randomUUID();
  let inFlight: Promise<string> | undefined;

  const read = async (): Promise<CachedToken | undefined> => {
    const parsed = cachedTokenSchema.safeParse(await options.store.get(tokenKey));
    return parsed.success ? parsed.data : undefined;
  };

  const refresh = async (): Promise<string> => {
    try {
      const fetched = await options.fetchToken();
      const expiresAt = options.clock.now() + fetched.expiresInMs;
      await options.store.set(tokenKey, { token: fetched.token, expiresAt } satisfies CachedToken, { ttlMs: fetched.expiresInMs });
      logger.info({ expiresAt: new Date(expiresAt).toISOString() }, 'WeCom access token refreshed');
      return fetched.token;
    } finally {
      await options.store.update(refreshKey, (current) => (current === owner ? { action: 'delete' } : { action: 'keep' }));
    }
  };

  const cache: AccessTokenCache = {
    async get() {
      const deadline = Date.now() + waitMs;
      for (;;) {
        const cached = await read();
        const now = options.clock.now();
        if (cached && cached.expiresAt - marginMs > now) return cached.token;
        if (inFlight) return inFlight;
        if (await options.store.setIfAbsent(refreshKey, owner, { ttlMs: waitMs })) {
          inFlight = refresh().finally(() => {
            inFlight = undefined;
          });
          return inFlight;
        }
        // Another instance is refreshing: keep using a token that is still valid, else wait.
        if (cached && cached.expiresAt > now) return cached.token;
        if (Date.now() >= deadline) {
          throw new PlatformError('wecom', 'gettoken', 503, `another instance has been refreshing the access token for ${waitMs} ms without finishing; try again shortly`);
        }
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
    async invalidate(token) {
      await options.store.update(tokenKey, (current) => {
        const parsed = cachedTokenSchema.safeParse(current);
        return parsed.success && parsed.data.token === token ? { action: 'delete' } : { action: 'keep' };
      });
    },
    async refreshIfDue() {
      const cached = await read();
      if (cached && cached.expiresAt - marginMs <= options.clock.now()) await cache.get();
    },
  };
  return cache;
}
