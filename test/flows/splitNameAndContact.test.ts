import { describe, expect, it } from 'vitest';
import { splitNameAndContact } from '../../src/flows/splitNameAndContact.js';

describe('a name and a contact in one message', () => {
  it('splits a name from a phone or an e-mail, dropping the labels around them', () => {
    expect(splitNameAndContact('刘洋 手机13700001111')).toEqual({ name: '刘洋', contact: '13700001111' });
    expect(splitNameAndContact('Chinedu Okafor, email chinedu.okafor@example.com')).toEqual({ name: 'Chinedu Okafor', contact: 'chinedu.okafor@example.com' });
    expect(splitNameAndContact('我叫李静，邮箱lijing.med@163.com')).toEqual({ name: '李静', contact: 'lijing.med@163.com' });
  });

  it('takes one contact when two are given, and the name from the part that introduces it', () => {
    expect(splitNameAndContact('我叫孙悦，邮箱sunyue@163.com，电话也留一个13700001111')).toEqual({ name: '孙悦', contact: '13700001111' });
    expect(splitNameAndContact('孙悦，电话也留一个13700001111')).toEqual({ name: '孙悦', contact: '13700001111' });
    expect(splitNameAndContact('Zhang, Wei 13800000000')).toEqual({ name: 'Zhang Wei', contact: '13800000000' });
  });

  it('leaves a message with only one of them alone', () => {
    expect(splitNameAndContact('王磊')).toBeUndefined();
    expect(splitNameAndContact('13812345678')).toBeUndefined();
    expect(splitNameAndContact('手机 13812345678')).toBeUndefined();
  });
});
