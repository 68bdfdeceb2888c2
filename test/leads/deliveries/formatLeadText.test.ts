import { describe, expect, it } from 'vitest';
import type { LeadPayload } from '../../../src/leads/deliveries/buildLeadPayload.js';
import { formatLeadText } from '../../../src/leads/deliveries/formatLeadText.js';

const payload: LeadPayload = {
  id: 'lead-1',
  type: 'lead.qualified',
  createdAt: '2026-03-01T01:00:00.000Z',
  updatedAt: '2026-03-01T01:00:00.000Z',
  language: 'zh',
  channel: 'web',
  outcome: 'qualified',
  reasons: [],
  answers: { industry: 'new_energy' },
  contact: { name: '王芳', phone: '13812345678' },
  keepInformed: false,
  status: 'new',
  partnerId: 'p1',
};

describe('the text of a lead for chat deliveries', () => {
  it("names the profile's district in the title of a new lead, and no district without one", () => {
    expect(formatLeadText(payload, 'markdown', { districtName: '林登瑙区' }).split('\n')[0]).toBe('**【新线索】林登瑙区人才项目申请**');
    expect(formatLeadText(payload, 'html').split('\n')[0]).toBe('<b>【新线索】人才项目申请</b>');
    expect(formatLeadText({ ...payload, type: 'lead.updated' }, 'markdown', { districtName: '林登瑙区' })).not.toContain('林登瑙区');
  });

  it('shows the contact masked in both chat formats (a group reads it), with the way to the full contact', () => {
    const withLink = { ...payload, contact: { name: '王芳', phone: '+86 139 1234 5678', email: 'wang.fang@example.com' }, ackUrl: 'https://talent.example.gov.cn/leads/lead-1/ack?partner=p1&sig=abc' };
    for (const format of ['markdown', 'html'] as const) {
      const text = formatLeadText(withLink, format);
      expect(text).toContain('电话：861****5678');
      expect(text).toContain('邮箱：w***@example.com');
      expect(text).not.toMatch(/1234|wang\.fang/);
      expect(text).toContain('王芳');
      expect(text).toContain('查看完整联系方式');
    }
    expect(formatLeadText(payload, 'markdown')).toContain('电话：138****5678');
  });
});
