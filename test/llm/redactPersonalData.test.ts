import { describe, expect, it } from 'vitest';
import { redactPersonalData } from '../../src/llm/redactPersonalData.js';

describe('redactPersonalData', () => {
  it('removes mobile numbers, e-mail addresses and ID numbers, and keeps figures', () => {
    expect(redactPersonalData('我叫张三，电话13812345678，+86 139-1234-5678，邮箱 zhang.san@example.com，身份证32041119900101123X，团队5个人，想要50万')).toBe(
      '我叫张三,电话[phone],[phone],邮箱 [email],身份证[id number],团队5个人,想要50万',
    );
  });
});
