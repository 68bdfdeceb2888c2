/**
 * Replies carry their meaning: every reply that offers a person says so (`offersPerson`), so
 * that a channel (微信客服 adds its own "talk to a person now") never has to recognise the
 * engine's person buttons or topics. Checked over turns that offer a person in different ways.
 */
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/messages.js';
import { createTestAppWithFlows } from '../helpers/testApp.js';

/** A button that puts the applicant through to a person, as the engine builds them. */
const isPersonButton = (action: string) => action === 'topic:human_contact' || action === 'flow:start:handoff';

describe('Reply.offersPerson', () => {
  it('is set on every reply with a person button or the contact answer, whatever offered it', async () => {
    const { app } = await createTestAppWithFlows();
    let n = 0;
    const turn = (input: { text: string } | { action: string }, userId = 'u-meaning') => app.engine.handle({ channel: 'test', userId, messageId: `m${(n += 1)}`, ...input });
    const replies: Reply[] = [
      ...(await turn({ action: 'menu' })),
      ...(await turn({ text: '火星上的房价怎么样？' })),
      ...(await turn({ action: 'topic:human_contact' })),
      ...(await turn({ text: '我想和工作人员聊聊' })),
      ...(await turn({ action: 'menu' }, 'u-meaning-en')),
      ...(await turn({ text: 'What is the weather on Mars?' }, 'u-meaning-en')),
    ];
    const offering = replies.filter((r) => r.buttons.some((b) => isPersonButton(b.action)) || r.sources[0]?.topic === 'human_contact');
    expect(offering.length).toBeGreaterThanOrEqual(4);
    for (const reply of offering) expect({ text: reply.text.slice(0, 40), offersPerson: reply.offersPerson }).toEqual({ text: reply.text.slice(0, 40), offersPerson: true });
    // A plain sourced answer offers nobody.
    const answer = await turn({ text: '购房补贴有多少？' });
    expect(answer[0]?.sources.length).toBeGreaterThan(0);
    expect(answer[0]?.offersPerson).toBeUndefined();
  });
});
