/**
 * The web chat as a channel adapter: the page, its API, the answer page without JavaScript
 * and the embed widget (`webRoutes.ts`). It answers in the HTTP response, so it has nothing
 * to start or stop: the server's close ends its requests.
 */
import type { Engine } from '../../core/engine.js';
import type { DistrictProfile } from '../../knowledge/districtProfile.js';
import type { ChannelAdapter, ChannelCapabilities, ChannelRoute } from '../channelAdapter.js';
import { WEB_CHANNEL } from './convertChatRequest.js';
import { registerWebRoutes, type WebRouteOptions } from './webRoutes.js';

/** What the web chat renders: buttons under each reply, the simple Markdown as is, the answer in the response. */
export const WEB_CAPABILITIES: ChannelCapabilities = { buttons: 'inline', markup: 'markdown', delivery: 'response', feedback: true };

/** The routes of the web chat (CONTRACTS.md: `GET /`, `GET /widget.js`, `POST /api/chat`). */
export const WEB_ROUTES: readonly ChannelRoute[] = [
  { method: 'GET', path: '/' },
  { method: 'GET', path: '/assets/chat.js' },
  { method: 'GET', path: '/assets/chat.css' },
  { method: 'GET', path: '/widget.js' },
  { method: 'POST', path: '/api/chat' },
  { method: 'OPTIONS', path: '/api/chat' },
  { method: 'GET', path: '/api/history' },
  { method: 'POST', path: '/api/feedback' },
  { method: 'POST', path: '/chat' },
];

/** What the web channel is built from. */
export interface WebChannelDependencies {
  /** The engine that answers (`app.engine`). */
  engine: Engine;
  /** The district profile: the page's and the widget's titles and default language. */
  profile: DistrictProfile;
  /** The chat's rate limit and the origins that may embed it; see {@link WebRouteOptions}. */
  options?: WebRouteOptions;
}

/**
 * Creates the web chat's adapter.
 *
 * @param deps - see {@link WebChannelDependencies}
 */
export function createWebChannel(deps: WebChannelDependencies): ChannelAdapter {
  return {
    name: WEB_CHANNEL,
    capabilities: WEB_CAPABILITIES,
    routes: WEB_ROUTES,
    registerRoutes: (http) => registerWebRoutes(http, deps.engine, deps.profile, deps.options),
    start: async () => {},
    stop: async () => {},
  };
}
