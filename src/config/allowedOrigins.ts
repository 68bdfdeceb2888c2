/**
 * `WEB_ALLOWED_ORIGINS`: the sites that may embed the web chat. A comma-separated list of
 * origins (`scheme://host[:port]`, no path), parsed by zod into a list of normalised origins.
 */
import { z } from 'zod';

const ORIGIN_HINT = 'expected comma-separated origins such as https://www.wujin.gov.cn,https://rc.wujin.gov.cn (scheme, host and optional port; no path, no *)';

/**
 * The origin an entry stands for, normalised as browsers send it in `Origin` (lower-case
 * host, default port dropped); undefined when the entry is not exactly an http(s) origin.
 *
 * @param entry - one item of the list, trimmed
 */
function toOrigin(entry: string): string | undefined {
  if (!URL.canParse(entry)) return undefined;
  const url = new URL(entry);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') return undefined;
  // "https://a.gov.cn/" is fine; "https://a.gov.cn/x" is not (an origin has no path).
  if (!/^https?:\/\/[^/]+\/?$/i.test(entry)) return undefined;
  return url.origin;
}

/** Parses `WEB_ALLOWED_ORIGINS` into distinct normalised origins; an empty list means same-origin only. */
export const allowedOriginsSchema = z.string().transform((value, ctx) => {
  const origins: string[] = [];
  for (const entry of value.split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    const origin = toOrigin(entry);
    if (!origin) {
      ctx.issues.push({ code: 'custom', input: value, message: `"${entry}" is not an origin; ${ORIGIN_HINT}` });
      return z.NEVER;
    }
    if (!origins.includes(origin)) origins.push(origin);
  }
  return origins;
});
