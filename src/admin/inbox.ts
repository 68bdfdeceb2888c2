/**
 * The inbox's old path, kept so `test/core/eraseConversation.test.ts` (owned by the engine
 * work) still compiles; the inbox lives in `./inbox/inbox.ts`. Delete this file once that
 * test imports the new path.
 */
export * from './inbox/inbox.js';
