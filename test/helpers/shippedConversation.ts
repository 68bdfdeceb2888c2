/**
 * Conversations through POST /api/chat on the shipped content and flows, one test app per
 * conversation, closed after each test.
 */
import { afterEach } from 'vitest';
import type { App } from '../../src/app.js';
import { startConversation } from './conversation.js';
import { createTestAppWithFlows } from './testApp.js';

/** Registers the clean-up and returns a function that starts a conversation on a new test app. */
export function shippedConversations() {
  let app: App | undefined;
  afterEach(async () => {
    await app?.http.close();
    app = undefined;
  });
  return async (user = 'u1') => {
    const test = await createTestAppWithFlows();
    app = test.app;
    return { ...test, c: startConversation(test.app, user) };
  };
}
