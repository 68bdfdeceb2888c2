import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/shared/clock.js';
import { createTelegramChatMoves } from '../../src/leads/telegramChatMoves.js';
import { createMemoryStore } from '../../src/store/memoryStore.js';

describe('moved Telegram chats', () => {
  it('resolves a chat to where it moved, following later moves, and leaves others alone', async () => {
    const moves = createTelegramChatMoves(createMemoryStore(createManualClock(0)).state);
    expect(await moves.resolve(-4001)).toBe(-4001);
    await moves.record(-4001, -1004001);
    await moves.record('-1004001', -1004002);
    expect(await moves.resolve(-4001)).toBe(-1004002);
    expect(await moves.resolve('@wujin_office')).toBe('@wujin_office');
  });

  it('ignores a move to the same chat (no loop)', async () => {
    const moves = createTelegramChatMoves(createMemoryStore(createManualClock(0)).state);
    await moves.record(-5, -5);
    expect(await moves.resolve(-5)).toBe(-5);
  });
});
