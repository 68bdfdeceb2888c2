import { describe, expect, it } from 'vitest';
import { fixedKnowledge } from '../src/knowledge/knowledgeBase.js';
import { warmUpEngine } from '../src/warmUpEngine.js';
import { createManualClock } from '../src/shared/clock.js';
import { shippedFlows, shippedKnowledgeBase, shippedProfile, TEST_NOW } from './helpers/testApp.js';

describe('warmUpEngine', () => {
  it('runs the content questions, greetings and first flow steps on an engine of its own', async () => {
    const knowledge = await shippedKnowledgeBase();
    const turns = await warmUpEngine({ clock: createManualClock(TEST_NOW), knowledge: fixedKnowledge(knowledge), profile: await shippedProfile(), flows: await shippedFlows() });
    // One question per entry, a second for every fourth, six act texts, and at least the start of each flow per language.
    expect(turns).toBeGreaterThanOrEqual(knowledge.content.entries.length + Math.ceil(knowledge.content.entries.length / 4) + 6);
  });
});
