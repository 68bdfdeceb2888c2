/**
 * The app with the web chat registered, as most tests use it: `buildApp` knows no channel
 * (the composition root, `src/startServer.ts`, registers them all), so this registers the web
 * channel's adapter the way the root does, with the chat rate limit of `httpLimits` and the
 * allowed origins.
 */
import { buildApp, type App, type AppDependencies } from '../../src/app.js';
import { createWebChannel } from '../../src/channels/web/createWebChannel.js';

/** What {@link buildWebApp} takes: the app's parts and the web chat's origins. */
export type WebAppDependencies = AppDependencies & {
  /** Origins that may call `POST /api/chat` from a browser and frame the chat page; omitted: none. */
  webAllowedOrigins?: readonly string[];
};

/**
 * Builds the app and registers the web chat on it.
 *
 * @param deps - the app's parts; `httpLimits.chatRateLimit` and `webAllowedOrigins` go to the web chat
 */
export function buildWebApp(deps: WebAppDependencies): App {
  const app = buildApp(deps);
  const chatRateLimit = deps.httpLimits?.chatRateLimit;
  createWebChannel({
    engine: app.engine,
    profile: deps.profile,
    options: { ...(chatRateLimit ? { chatRateLimit } : {}), ...(deps.webAllowedOrigins ? { allowedOrigins: deps.webAllowedOrigins } : {}) },
  }).registerRoutes(app.http);
  return app;
}
