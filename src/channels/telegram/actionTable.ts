/**
 * Button actions as Telegram `callback_data`, which holds at most 64 bytes
 * (https://core.telegram.org/bots/api#inlinekeyboardbutton). Short actions are sent as they
 * are; a longer one is kept in the store under a hash of itself and sent as `#<hash>`.
 * The same action always gets the same data, so the table does not grow with every reply,
 * and a button works for as long as its entry lives — in any process sharing the store.
 */
import { createHash } from 'node:crypto';
import type { StateStore } from '../../store/contract.js';
import { ACK_CALLBACK_PREFIX, MAX_CALLBACK_DATA_BYTES } from '../../leads/deliveries/sendTelegramMessage.js';

/** Callback data that stands for an action kept in the table starts with this. */
export const TABLE_DATA_PREFIX = '#';
/** Default lifetime of a table entry: 30 days, like an idle conversation. */
export const DEFAULT_ACTION_TTL_MS = 30 * 24 * 3600_000;

/** Encodes actions as callback data and back. */
export interface ActionTable {
  /** The callback data for an action; stores the action when it is too long to send as is. */
  encode(action: string): Promise<string>;
  /** The action behind callback data; undefined when a table entry is gone (expired) or the data is empty. */
  decode(data: string | undefined): Promise<string | undefined>;
}

/**
 * The store key of a table entry.
 *
 * @param hash - the part of the callback data after `#`
 */
export function actionTableKey(hash: string): string {
  return `telegram:action:${hash}`;
}

/**
 * Creates the action table.
 *
 * @param state - where long actions are kept
 * @param ttlMs - how long an entry lives after the last reply that used it; default {@link DEFAULT_ACTION_TTL_MS}
 */
export function createActionTable(state: StateStore, ttlMs: number = DEFAULT_ACTION_TTL_MS): ActionTable {
  return {
    async encode(action) {
      if (fitsAsIs(action)) return action;
      // 24 base64url characters: 144 bits of SHA-256, no collisions in practice.
      const hash = createHash('sha256').update(action, 'utf8').digest('base64url').slice(0, 24);
      await state.set(actionTableKey(hash), action, { ttlMs });
      return `${TABLE_DATA_PREFIX}${hash}`;
    },
    async decode(data) {
      if (!data) return undefined;
      if (!data.startsWith(TABLE_DATA_PREFIX)) return data;
      const action = await state.get(actionTableKey(data.slice(TABLE_DATA_PREFIX.length)));
      return typeof action === 'string' ? action : undefined;
    },
  };
}

/** True when an action can be its own callback data: short enough, and not mistaken for table or acknowledge data. */
function fitsAsIs(action: string): boolean {
  return Buffer.byteLength(action, 'utf8') <= MAX_CALLBACK_DATA_BYTES && !action.startsWith(TABLE_DATA_PREFIX) && !action.startsWith(ACK_CALLBACK_PREFIX);
}
