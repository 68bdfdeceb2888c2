/**
 * The in-process {@link ListStore}: a Map of JSON texts with an expiry per list. Used by the
 * in-process store; nothing survives a restart.
 */
import type { Clock } from '../shared/clock.js';
import type { AppendOptions, ListStore } from './contract.js';

interface StoredList {
  items: string[];
  expiresAt: number | undefined;
}

/**
 * Checks the options of an append, the same way in every store.
 *
 * @throws TypeError when `keep` is not a positive whole number
 */
export function checkAppendOptions(key: string, options: AppendOptions): void {
  if (!Number.isInteger(options.keep) || options.keep < 1) throw new TypeError(`append(${key}): keep must be a whole number ≥ 1, not ${options.keep}`);
}

/** `values` as JSON texts. @throws TypeError when one is not JSON */
export function listItemsAsJson(key: string, values: readonly unknown[]): string[] {
  return values.map((value, i) => {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError(`value ${i} appended to ${key} is not JSON`);
    return json;
  });
}

/**
 * Creates an in-process list store.
 *
 * @param clock - decides when lists expire
 */
export function createMemoryListStore(clock: Clock): ListStore & { clear(): void } {
  const lists = new Map<string, StoredList>();
  const live = (key: string): StoredList | undefined => {
    const list = lists.get(key);
    if (list && list.expiresAt !== undefined && list.expiresAt <= clock.now()) {
      lists.delete(key);
      return undefined;
    }
    return list;
  };
  return {
    async append(key, values, options) {
      checkAppendOptions(key, options);
      const added = listItemsAsJson(key, values);
      const items = [...(live(key)?.items ?? []), ...added].slice(-options.keep);
      lists.set(key, { items, expiresAt: options.ttlMs === undefined ? undefined : clock.now() + options.ttlMs });
    },
    async read(key) {
      return (live(key)?.items ?? []).map((json) => JSON.parse(json) as unknown);
    },
    async delete(key) {
      lists.delete(key);
    },
    clear: () => lists.clear(),
  };
}
