import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Child processes (the CLIs, the server) start slowly on a loaded two-core machine, and
    // several files run at once (below).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Files run in a worker that keeps its modules between them: the imports, and the shipped
    // knowledge base that `test/helpers/testApp.ts` builds (read-only), are paid once per worker
    // instead of once per file. Every test still builds its own store, clock and app; modules of
    // ours keep nothing between files but caches of pure results (the Redis helper resets in
    // `afterAll`).
    isolate: false,
    // Vitest's default (cores - 1) runs one file at a time on two cores, while most files wait on
    // child processes, sockets or the browser.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
