/**
 * The turn's handler table: stages run in registration order until one answers; commands and
 * acts are found by kind and their handlers tried in order.
 */
import { describe, expect, it } from 'vitest';
import { TurnHandlers } from '../../src/core/turnHandlers.js';
import type { Turn } from '../../src/core/turn.js';

const turn = () => ({ replies: [] as string[] }) as unknown as Turn & { replies: string[] };

describe('TurnHandlers', () => {
  it('runs stages in order and stops at the first that answers', async () => {
    const seen: string[] = [];
    const handlers = new TurnHandlers()
      .use(() => (seen.push('a'), false))
      .use(() => (seen.push('b'), true))
      .use(() => (seen.push('c'), true));
    await handlers.run(turn(), 'x');
    expect(seen).toEqual(['a', 'b']);
  });

  it('finds command and act handlers by kind, tries them in order, and says when none answered', async () => {
    const seen: string[] = [];
    const handlers = new TurnHandlers()
      .command('topic', (_, c) => (seen.push(`first ${c.topic}`), false))
      .command('topic', (_, c) => (seen.push(`second ${c.topic}`), true))
      .act('greeting', () => (seen.push('greeting'), true));
    expect(await handlers.runCommand(turn(), { kind: 'topic', topic: 'loan' })).toBe(true);
    expect(await handlers.runCommand(turn(), { kind: 'menu' })).toBe(false);
    expect(await handlers.runAct(turn(), 'greeting', 'hi')).toBe(true);
    expect(await handlers.runAct(turn(), 'thanks', 'thx')).toBe(false);
    expect(seen).toEqual(['first loan', 'second loan', 'greeting']);
  });
});
