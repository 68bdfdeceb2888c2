import { createManualClock } from '../../src/shared/clock.js';
import { createMemoryStore } from '../../src/store/memoryStore.js';
import { runStoreContract } from './storeContract.js';

runStoreContract('in-process', async () => {
  const clock = createManualClock('2026-01-01T00:00:00Z');
  const store = createMemoryStore(clock);
  return { store, advance: async (ms) => clock.advance(ms), cleanup: () => store.close() };
});
