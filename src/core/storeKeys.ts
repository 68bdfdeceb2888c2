/**
 * The store keys of one conversation: its state, its handled-message records and its
 * history. Used by the engine, by "forget me" and by tests that look into the store.
 */

/** The store key of a conversation's state. */
export function conversationKey(channel: string, userId: string): string {
  return `conv:${channel}:${userId}`;
}

/**
 * The store key remembering that a message id was handled, with its replies. It is scoped
 * to the sender: a platform's id is not unique across users everywhere (a web client makes
 * its own), and a reply must never reach another person.
 */
export function handledMessageKey(channel: string, userId: string, messageId: string): string {
  return `${handledMessagesPrefix(channel, userId)}${encodeURIComponent(messageId)}`;
}

/** The prefix of every {@link handledMessageKey} of one user (erased with "forget me"). */
export function handledMessagesPrefix(channel: string, userId: string): string {
  return `handled:${encodeURIComponent(channel)}:${encodeURIComponent(userId)}:`;
}


/** The store key of a conversation's recent messages (a list in the store's `lists`; erased with "forget me"). */
export function historyKey(channel: string, userId: string): string {
  return `history:${encodeURIComponent(channel)}:${encodeURIComponent(userId)}`;
}
