/**
 * De-duplication of Telegram updates by `update_id`: the first process to claim an update
 * handles it; a copy (Telegram re-sending a webhook it thinks failed, a second instance
 * receiving the same update, a restart re-fetching a batch) is dropped. Claims live a short
 * time: update ids are only unique while the bot keeps receiving updates.
 */
import type { StateStore } from '../../store/contract.js';

/** Default lifetime of a claim: 10 minutes. */
export const DEFAULT_UPDATE_CLAIM_TTL_MS = 10 * 60_000;

/**
 * The store key of an update's claim.
 *
 * @param botId - the bot's numeric id (the token's first part), so bots sharing a store do not collide
 * @param updateId - the update's `update_id`
 */
export function updateClaimKey(botId: string, updateId: number): string {
  return `telegram:update:${botId}:${updateId}`;
}

/**
 * Claims an update; true when this call is the first.
 *
 * @param state - the shared state store
 * @param botId - the bot's numeric id
 * @param updateId - the update's `update_id`
 * @param ttlMs - how long the claim lives; default {@link DEFAULT_UPDATE_CLAIM_TTL_MS}
 */
export function claimUpdate(state: StateStore, botId: string, updateId: number, ttlMs: number = DEFAULT_UPDATE_CLAIM_TTL_MS): Promise<boolean> {
  return state.setIfAbsent(updateClaimKey(botId, updateId), 1, { ttlMs });
}
