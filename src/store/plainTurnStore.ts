/**
 * The {@link TurnStore} of the in-process and SQLite stores: the plain calls one after the
 * other — `withLock`, a `get` per key, the work, a `set` or `append` per write. Nothing
 * travels over a network there, so there is nothing to combine.
 */
import type { ListStore, LockStore, StateStore, TurnStore, TurnWrite } from './contract.js';

/** The parts a plain turn uses: a wrapped part (a test's failing writes) is used as given. */
export interface PlainTurnParts {
  locks: LockStore;
  state: StateStore;
  lists: ListStore;
}

/**
 * Creates the turn store on `parts`.
 *
 * @param parts - the locks, state store and list store of one store
 */
export function createPlainTurnStore(parts: PlainTurnParts): TurnStore {
  return {
    run: (lockKey, readKeys, work, options) =>
      parts.locks.withLock(
        lockKey,
        async () => {
          const values: unknown[] = [];
          for (const key of readKeys) values.push(await parts.state.get(key));
          const outcome = await work(values);
          for (const write of outcome.writes ?? []) await writePlainly(parts, write);
          return outcome.result;
        },
        options,
      ),
  };
}

/** Makes one write with the part's own call. */
function writePlainly(parts: PlainTurnParts, write: TurnWrite): Promise<void> {
  if (write.kind === 'append') return parts.lists.append(write.key, write.values, write.options);
  return parts.state.set(write.key, write.value, write.ttlMs === undefined ? undefined : { ttlMs: write.ttlMs });
}
