import { describe, expect, it } from 'vitest';
import { validatorSchema, type Validator } from '../../src/flows/flowSchema.js';
import { parseContact, validateAnswer } from '../../src/flows/validateAnswer.js';

const choice: Validator = validatorSchema.parse({
  type: 'choice',
  choices: [
    { id: 'new_energy', label: { zh: '新能源', en: 'New energy' }, aliases: ['光伏', 'battery'] },
    { id: 'other', label: { zh: '其他', en: 'Other' }, aliases: [] },
  ],
});

describe('answer validators', () => {
  it('choice: by id, label or alias, case- and width-insensitive; a bare number is not an option (channels that number options map it)', () => {
    for (const typed of ['new_energy', '新能源', 'New Energy', '光伏', 'BATTERY', '新能源。']) {
      expect(validateAnswer(choice, typed, 2026), typed).toEqual({ ok: true, value: 'new_energy' });
    }
    for (const typed of ['1', '2', '3', '新', 'energy', '']) expect(validateAnswer(choice, typed, 2026).ok, typed).toBe(false);
  });

  it('text: trimmed, within length bounds', () => {
    const text: Validator = validatorSchema.parse({ type: 'text', minLength: 2, maxLength: 5 });
    expect(validateAnswer(text, '  张  三 ', 2026)).toEqual({ ok: true, value: '张 三' });
    expect(validateAnswer(text, '张', 2026).ok).toBe(false);
    expect(validateAnswer(text, '张三李四王五', 2026).ok).toBe(false);
  });

  it('contact: a mainland mobile number or an e-mail, normalised', () => {
    expect(parseContact('138 1234 5678')).toEqual({ phone: '13812345678' });
    expect(parseContact('+86 138-1234-5678')).toEqual({ phone: '13812345678' });
    expect(parseContact('Li.Wei@Example.COM')).toEqual({ email: 'li.wei@example.com' });
    // Inside a sentence, as people type them.
    expect(parseContact('18812345678 微信同号')).toEqual({ phone: '18812345678' });
    expect(parseContact('電郵：Lin.ZM@univ.edu.tw')).toEqual({ email: 'lin.zm@univ.edu.tw' });
    // A number abroad whose digits look like a mainland mobile stays the number abroad.
    expect(parseContact('I am in Munich, phone +49 151 23456789')).toEqual({ phone: '+4915123456789' });
    expect(parseContact('手机 +86 139 1234 5678')).toEqual({ phone: '13912345678' });
    for (const bad of ['12812345678', '1381234567', '138123456789', 'li@', 'li@example', 'not a contact', '电话 12812345678']) {
      expect(parseContact(bad), bad).toBeUndefined();
      expect(validateAnswer({ type: 'contact' }, bad, 2026).ok, bad).toBe(false);
    }
  });

  it('integer: digits with units, small Chinese numerals, within range', () => {
    const team: Validator = { type: 'integer', min: 1, max: 500 };
    expect(validateAnswer(team, '5', 2026)).toEqual({ ok: true, value: 5 });
    expect(validateAnswer(team, '12人', 2026)).toEqual({ ok: true, value: 12 });
    expect(validateAnswer(team, '五个人', 2026)).toEqual({ ok: true, value: 5 });
    expect(validateAnswer(team, '8 people', 2026)).toEqual({ ok: true, value: 8 });
    for (const bad of ['0', '501', 'many', '-3', '']) expect(validateAnswer(team, bad, 2026).ok, bad).toBe(false);
  });

  it('year: four digits or "next year", within the offsets from this year', () => {
    const year: Validator = validatorSchema.parse({ type: 'year', minOffset: 0, maxOffset: 5 });
    expect(validateAnswer(year, '2027', 2026)).toEqual({ ok: true, value: 2027 });
    expect(validateAnswer(year, '2027年', 2026)).toEqual({ ok: true, value: 2027 });
    expect(validateAnswer(year, '明年', 2026)).toEqual({ ok: true, value: 2027 });
    expect(validateAnswer(year, 'next year', 2026)).toEqual({ ok: true, value: 2027 });
    for (const bad of ['2025', '2032', '27', 'soon']) expect(validateAnswer(year, bad, 2026).ok, bad).toBe(false);
  });
});
