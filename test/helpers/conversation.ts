/**
 * Drives a conversation through `POST /api/chat` like the web page does, and finds the
 * buttons of the last answer.
 */
import { expect } from 'vitest';
import type { App } from '../../src/app.js';
import type { ChatResponse } from '../../src/channels/web/convertChatRequest.js';

/** A conversation of one web user with the app. */
export interface Conversation {
  /** Sends text and returns the response body (asserting 200). */
  say(text: string): Promise<ChatResponse>;
  /** Presses the button of the last response whose action equals `action` or starts with it. */
  press(action: string): Promise<ChatResponse>;
  /** The text of all replies of the last response. */
  lastText(): string;
  last(): ChatResponse;
}

/**
 * Starts a conversation.
 *
 * @param app - the app under test
 * @param user - the web user id
 */
export function startConversation(app: App, user: string): Conversation {
  let last: ChatResponse = { replies: [], fallback: false };
  const post = async (body: object) => {
    const response = await app.http.inject({ method: 'POST', url: '/api/chat', payload: { user, ...body } });
    expect(response.statusCode, response.body).toBe(200);
    last = response.json() as ChatResponse;
    return last;
  };
  return {
    say: (text) => post({ text }),
    async press(action) {
      const buttons = last.replies.flatMap((r) => r.buttons);
      const button = buttons.find((b) => b.action === action) ?? buttons.find((b) => b.action.startsWith(action));
      expect(button, `no button ${action} among ${buttons.map((b) => b.action).join(', ')}`).toBeDefined();
      return post({ action: button!.action });
    },
    lastText: () => last.replies.map((r) => r.text).join('\n'),
    last: () => last,
  };
}
