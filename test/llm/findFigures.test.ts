import { describe, expect, it } from 'vitest';
import { findFigures } from '../../src/llm/findFigures.js';

const values = (text: string) => findFigures(text).figures.map((f) => (f.kind === 'percent' ? `${f.value}%` : f.value));

describe('findFigures', () => {
  it('reads the notations of the content: 万/万元/亿, thousands separators, million, full-width digits', () => {
    expect(values('最高50万元，2.59万人，6.7亿元，５０万')).toEqual([500000, 25900, 670000000, 500000]);
    expect(values('RMB 500,000 or 0.5 million; 670 million yuan; 1,532 people; 5k')).toEqual([500000, 500000, 670000000, 1532, 5000]);
    expect(values('200余个团队，200多万元，3百万，1千万，１００平方米，100 m²')).toEqual([200, 2000000, 3000000, 10000000, 100, 100]);
  });

  it('reads Chinese numerals, including 两 and colloquial forms', () => {
    expect(values('五十万元、两百万、一百平方米、九百万、三万五、一百零五、十五个、一亿五千万')).toEqual([500000, 2000000, 100, 9000000, 35000, 105, 15, 150000000]);
    expect(values('二〇二四年十月')).toEqual([2024, 10]);
    expect(values('三年内，两个人，六大产业，第一届')).toEqual([3, 2, 6, 1]);
  });

  it('does not read words that contain numerals as figures', () => {
    expect(values('一揽子政策，一站式服务，一次性发放，十分重要，万一，进一步，之一，一流，统一')).toEqual([]);
  });

  it('keeps percentages apart and reads dates as their parts', () => {
    expect(values('百分之五十，50%，５０％，5 percent，百分之五点五').sort()).toEqual(['5%', '5.5%', '50%', '50%', '50%']);
    expect(values('截至2024-10-23')).toEqual([2024, 10, 23]);
  });

  it('reads English number words with a scale or a counted noun', () => {
    expect(values('nine million, two hundred thousand, a million, twenty-five people, three years, five percent')).toEqual([9000000, 200000, 1000000, 25, 3, '5%']);
    expect(values('one of the key areas; no one')).toEqual([]);
  });

  it('reports amounts stated without a number as vague', () => {
    expect(findFigures('数百万，几十万，上千万，several million, millions of yuan, hundreds of thousands').vague.sort()).toEqual([
      '上千万',
      '几十万',
      '数百万',
      'hundreds of thousands',
      'millions',
      'several million',
    ].sort());
  });
});
