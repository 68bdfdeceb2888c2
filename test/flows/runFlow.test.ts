import { describe, expect, it } from 'vitest';
import { answerFlowText, pressFlowButton, promptStep, startFlow, type FlowContext } from '../../src/flows/runFlow.js';
import { describeModelForPrivacyNotice } from '../../src/startServer.js';
import { shippedFlows } from '../helpers/testApp.js';

const ctx = (values: FlowContext['values'] = {}, language: 'zh' | 'en' = 'zh'): FlowContext => ({ language, now: 0, currentYear: 2026, values });

describe('flow interpreter', () => {
  it('fills placeholders per language and leaves unknown ones visible', async () => {
    const flow = (await shippedFlows()).get('eligibility')!;
    const state = startFlow(flow, 0);
    const notice = describeModelForPrivacyNotice('https://api.deepseek.com');
    const zh = promptStep(flow, state, ctx({ unqualifiedRetentionDays: 90, modelNotice: notice })).text;
    expect(zh).toContain('90 天后删除');
    expect(zh).toContain('模型服务（api.deepseek.com）');
    const en = promptStep(flow, state, ctx({ unqualifiedRetentionDays: 90, modelNotice: notice }, 'en')).text;
    expect(en).toContain('model provider (api.deepseek.com)');
    expect(promptStep(flow, state, ctx({ unqualifiedRetentionDays: 90, modelNotice: '' })).text).not.toContain('{');
    expect(promptStep(flow, state, ctx({})).text).toContain('{unqualifiedRetentionDays}');
  });

  it('ignores a button of an earlier question and asks the current one', async () => {
    const flow = (await shippedFlows()).get('eligibility')!;
    let state = startFlow(flow, 0);
    state = pressFlowButton(flow, state, 'answer:consent:accept', ctx()).state!;
    state = pressFlowButton(flow, state, 'answer:industry:new_energy', ctx()).state!;
    const stale = pressFlowButton(flow, state, 'answer:industry:other', ctx());
    expect(stale.state).toEqual(state);
    expect(stale.messages[0]?.text).toContain('前面的问题');
  });

  it('does not submit without consent, and not from outside the summary', async () => {
    const flow = (await shippedFlows()).get('eligibility')!;
    const state = startFlow(flow, 0);
    expect(pressFlowButton(flow, state, 'flow:confirm', ctx()).effect.kind).toBe('continue');
    expect(answerFlowText(flow, state, 'confirm', ctx()).effect.kind).toBe('invalid');
  });
});
