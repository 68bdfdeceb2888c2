/**
 * Button actions across the two WeCom paths, kept in the store so every instance sees them:
 *
 * - kf menus: a click item's id (1–64 bytes) comes back as `menu_id`. An action that fits
 *   is its own id; a longer one gets a short id (`#` and a hash) that maps back to it.
 * - the self-built app: buttons are shown as numbered options; the user's last offered
 *   actions are kept per user so that typing "2" presses the second.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { StateStore } from '../../store/contract.js';

/** WeCom's limit for a menu item id, in bytes. */
export const KF_MENU_ID_MAX_BYTES = 64;
/** How long a long action's short menu id is remembered: 30 days. */
const MENU_ID_TTL_MS = 30 * 24 * 3600_000;
/** How long the numbered options offered to an app user are remembered: 14 days. */
export const OFFERED_ACTIONS_TTL_MS = 14 * 24 * 3600_000;

const offeredSchema = z.array(z.string());

/**
 * The kf menu id for an action, remembering the mapping when the action is too long to be its own id.
 *
 * @param store - the state store
 * @param action - the button's action
 */
export async function menuIdForAction(store: StateStore, action: string): Promise<string> {
  if (Buffer.byteLength(action, 'utf8') <= KF_MENU_ID_MAX_BYTES && !action.startsWith('#')) return action;
  const id = `#${createHash('sha256').update(action, 'utf8').digest('base64url').slice(0, 22)}`;
  await store.set(`wecom:menu-id:${id}`, action, { ttlMs: MENU_ID_TTL_MS });
  return id;
}

/**
 * The action behind a kf `menu_id`, or undefined when a short id is no longer known.
 *
 * @param store - the state store
 * @param menuId - the `menu_id` WeCom sent back
 */
export async function actionForMenuId(store: StateStore, menuId: string): Promise<string | undefined> {
  if (!menuId.startsWith('#')) return menuId;
  const action = await store.get(`wecom:menu-id:${menuId}`);
  return typeof action === 'string' ? action : undefined;
}

function offeredKey(userKey: string): string {
  return `wecom:offered:${userKey}`;
}

/**
 * Remembers the actions offered to a user as numbered options (1 is the first); an empty
 * list forgets the earlier ones, so a number typed next is taken as text.
 *
 * @param store - the state store
 * @param userKey - identifies the user, e.g. `app:<userid>`
 * @param actions - the offered actions, in the order they were numbered
 */
export async function rememberOfferedActions(store: StateStore, userKey: string, actions: readonly string[]): Promise<void> {
  if (actions.length === 0) await store.delete(offeredKey(userKey));
  else await store.set(offeredKey(userKey), actions, { ttlMs: OFFERED_ACTIONS_TTL_MS });
}

/**
 * The action a typed number chooses, or undefined when the text is not the number of an
 * offered option. Full-width digits and a trailing full stop are accepted.
 *
 * @param store - the state store
 * @param userKey - identifies the user
 * @param text - what the user typed
 */
export async function chooseOfferedAction(store: StateStore, userKey: string, text: string): Promise<string | undefined> {
  const match = /^(\d{1,2})[.。]?$/.exec(text.normalize('NFKC').trim());
  if (!match) return undefined;
  const parsed = offeredSchema.safeParse(await store.get(offeredKey(userKey)));
  return parsed.success ? parsed.data[Number(match[1]) - 1] : undefined;
}
